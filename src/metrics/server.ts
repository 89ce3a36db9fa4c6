import http from 'node:http';
import type { Registry } from 'prom-client';

/** /metrics for Prometheus, /healthz (the process answers), /readyz (MongoDB reachable and worker started). */
export async function startMetricsServer(args: {
  port: number;
  host?: string;
  registry: Registry;
  ready: () => Promise<boolean>;
}): Promise<{ server: http.Server; port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
    if (path === '/healthz') return reply(200, 'ok\n');
    if (path === '/readyz') {
      args.ready().then(
        (ok) => reply(ok ? 200 : 503, ok ? 'ready\n' : 'not ready\n'),
        () => reply(503, 'not ready\n'),
      );
      return;
    }
    if (path === '/metrics') {
      args.registry.metrics().then(
        (text) => reply(200, text, args.registry.contentType),
        (err: unknown) => reply(500, `metrics collection failed: ${err instanceof Error ? err.message : String(err)}\n`),
      );
      return;
    }
    reply(404, 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(args.port, args.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
