import http from 'node:http';
import type { Registry } from 'prom-client';

/** METRICS_PORT taken (a second worker on the host, say): one line that names the variable, no stack trace. */
export class MetricsPortInUseError extends Error {
  readonly errorCode = 'MetricsPortInUseError';
  constructor(port: number, host: string, cause: unknown) {
    super(`METRICS_PORT=${port} is already in use on ${host} (another worker on this host?): set METRICS_PORT to a free port, or METRICS_ENABLED=false`, {
      cause,
    });
    this.name = 'MetricsPortInUseError';
  }
}

/**
 * Longest /readyz waits for its check (a ping to MongoDB): past it, 503. A frozen MongoDB (no answer, no
 * reset) would otherwise hold the probe until the driver gives up, ~30 s, longer than a probe's own time-out.
 */
export const READYZ_TIMEOUT_MS = 2000;

/**
 * /metrics for Prometheus, /healthz (the process answers), /readyz (MongoDB reachable, worker started, and the
 * preflight not holding jobs back: a worker that takes no job says why instead of "ready"), within
 * READYZ_TIMEOUT_MS: one check at a time, shared by the probes that come while it runs.
 * /metrics only reads the registry: every collect() of the worker's metrics answers from memory.
 */
export async function startMetricsServer(args: {
  port: number;
  host?: string;
  registry: Registry;
  ready: () => Promise<boolean>;
  /** why no job starts now (the preflight's message), if so */
  holding?: () => string | undefined;
  /** default READYZ_TIMEOUT_MS */
  readyTimeoutMs?: number;
}): Promise<{ server: http.Server; port: number; close: () => Promise<void> }> {
  const host = args.host ?? '0.0.0.0';
  const readyTimeoutMs = args.readyTimeoutMs ?? READYZ_TIMEOUT_MS;
  // the check under way: probes that come meanwhile wait for it rather than pile pings on a stalled server
  let checking: Promise<boolean> | undefined;
  const check = (): Promise<boolean> =>
    (checking ??= Promise.resolve()
      .then(() => args.ready())
      .finally(() => {
        checking = undefined;
      }));
  const readyWithin = (): Promise<boolean | 'timeout'> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve('timeout'), readyTimeoutMs);
      check().then(
        (ok) => {
          clearTimeout(timer);
          resolve(ok);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
    if (path === '/healthz') return reply(200, 'ok\n');
    if (path === '/readyz') {
      readyWithin().then(
        (ok) => {
          if (ok === 'timeout') return reply(503, `not ready: MongoDB did not answer within ${readyTimeoutMs / 1000} s\n`);
          const holding = ok ? args.holding?.() : undefined;
          if (holding) return reply(503, `not ready: ${holding}\n`);
          reply(ok ? 200 : 503, ok ? 'ready\n' : 'not ready\n');
        },
        () => reply(503, 'not ready: MongoDB does not answer\n'),
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
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new MetricsPortInUseError(args.port, host, err) : err));
    server.listen(args.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
