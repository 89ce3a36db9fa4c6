# The MongoDB-protocol server in the compose test, standing in for the official mongo image: Debian's JRE
# and the mongo-java-server launcher the test suite uses (scripts/test-mongo.sh), listening on 0.0.0.0:27017
# with its data in /data/db as mongod's. `mongosh` here only answers the compose health check (see mongosh).
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY lib /opt/mongo-java-server/lib
COPY classes /opt/mongo-java-server/classes
COPY mongosh /usr/local/bin/mongosh
RUN mkdir -p /data/db
EXPOSE 27017
CMD ["java", "-Xss4m", "-Xmx512m", "-cp", "/opt/mongo-java-server/classes:/opt/mongo-java-server/lib/*", "TestMongoServer", "27017", "/data/db/data.mv", "0.0.0.0"]
