import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import java.util.List;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Serves the MongoDB wire protocol on 127.0.0.1:PORT (or HOST, the optional third argument: the compose test's
 * container listens on 0.0.0.0), data kept in the H2 file DATA (survives a restart).
 */
public class TestMongoServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String data = args[1];
        String host = args.length > 2 ? args[2] : "127.0.0.1";
        H2Backend backend = new H2Backend(data);
        // The Node.js driver 6.10+/7 refuses servers older than MongoDB 4.4 (wire version 9).
        backend.version(new MongoVersion() {
            public List<Integer> getVersionArray() { return List.of(4, 4, 0); }
            public int getWireVersion() { return 9; }
        });
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.println("listening on " + host + ":" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        Thread.currentThread().join();
    }
}
