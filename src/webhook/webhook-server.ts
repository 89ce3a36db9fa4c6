import http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import { KNOWN_ACTIONS, MalformedWebhookError, parseWebhookPayload, type WebhookAction } from './webhook-payload.ts';

/** The most of a request body the receiver reads: the Hub's payloads are a few KB. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** What the receiver does with the queue and the cache (the producer, SplitsQueue, in production). */
export interface WebhookTarget {
  enqueue(dataset: string): Promise<unknown>;
  removeDataset(dataset: string): Promise<{ jobs: number; splits: number; firstRows: number }>;
  ready(): Promise<boolean>;
}

export interface WebhookServerOptions {
  target: WebhookTarget;
  /** the shared secret the Hub sends as `X-Webhook-Secret`; undefined: every request is accepted (WEBHOOK_ALLOW_NO_SECRET) */
  secret: string | undefined;
  port: number;
  host?: string;
  logger: Logger;
}

export type WebhookOutcome = 'enqueued' | 'deleted' | 'moved' | 'ignored' | 'unauthorized' | 'malformed' | 'too_large' | 'error';

/**
 * The webhook receiver: `POST /webhook` takes the Hub's payload and turns a dataset's content or config change
 * into a `splits` job, a deletion into the removal of its cached answers and waiting jobs, a move into both
 * (the old name removed, the new one enqueued); anything else is answered 200 and ignored. `GET /healthz` (the
 * process answers), `GET /readyz` (MongoDB answers), `GET /metrics` (`webhook_requests_total{action,outcome}`).
 */
export async function startWebhookServer(opts: WebhookServerOptions): Promise<{ url: string; port: number; registry: Registry; close: () => Promise<void> }> {
  const registry = new Registry();
  const requests = new Counter({
    name: 'webhook_requests_total',
    help: 'Webhook requests by action (create, update, delete, move, other, none when unread) and outcome (enqueued, deleted, moved, ignored, unauthorized, malformed, too_large, error).',
    labelNames: ['action', 'outcome'],
    registers: [registry],
  });
  const expected = opts.secret === undefined ? undefined : digest(opts.secret);
  const log = opts.logger;

  const answer = (res: http.ServerResponse, status: number, body: unknown, action: string, outcome: WebhookOutcome) => {
    requests.inc({ action, outcome });
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json', ...(status === 413 ? { connection: 'close' } : {}) });
    res.end(`${JSON.stringify(body)}\n`);
  };

  const handleWebhook = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // the secret first, before any byte of the body is read; compared as digests, in constant time
    if (expected) {
      const header = req.headers['x-webhook-secret'];
      const given = typeof header === 'string' ? header : '';
      if (!timingSafeEqual(digest(given), expected)) {
        log.warn({ remote: req.socket.remoteAddress }, 'webhook refused: wrong or missing X-Webhook-Secret');
        return answer(res, 401, { error: 'wrong or missing X-Webhook-Secret' }, 'none', 'unauthorized');
      }
    }
    const body = await readBody(req, MAX_WEBHOOK_BODY_BYTES);
    if (body === 'too_large') {
      // the rest of the body is never read: once the answer is sent, the connection is closed
      res.once('finish', () => req.destroy());
      answer(res, 413, { error: `the body is over ${MAX_WEBHOOK_BODY_BYTES} bytes` }, 'none', 'too_large');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return answer(res, 400, { error: 'the body is not JSON' }, 'none', 'malformed');
    }
    let action: WebhookAction;
    try {
      action = parseWebhookPayload(parsed);
    } catch (err) {
      if (!(err instanceof MalformedWebhookError)) throw err;
      return answer(res, 400, { error: err.message }, actionLabel(parsed), 'malformed');
    }
    switch (action.kind) {
      case 'ignore':
        log.debug({ reason: action.reason }, 'webhook ignored');
        return answer(res, 200, { ignored: action.reason }, actionLabel(parsed), 'ignored');
      case 'enqueue':
        await opts.target.enqueue(action.dataset);
        log.info({ dataset: action.dataset, action: action.action }, 'webhook: splits job enqueued');
        return answer(res, 200, { enqueued: action.dataset }, action.action, 'enqueued');
      case 'delete': {
        const removed = await opts.target.removeDataset(action.dataset);
        log.info({ dataset: action.dataset, ...removed }, 'webhook: dataset deleted, its answers and waiting jobs removed');
        return answer(res, 200, { deleted: action.dataset, ...removed }, 'delete', 'deleted');
      }
      case 'move': {
        const removed = await opts.target.removeDataset(action.from);
        await opts.target.enqueue(action.to);
        log.info({ dataset: action.from, movedTo: action.to, ...removed }, 'webhook: dataset moved, the old name removed and the new one enqueued');
        return answer(res, 200, { moved: action.from, to: action.to, enqueued: action.to, ...removed }, 'move', 'moved');
      }
    }
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/webhook') {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' }).end('{"error":"POST only"}\n');
        return;
      }
      handleWebhook(req, res).catch((err: unknown) => {
        // MongoDB away: the Hub retries a webhook that failed
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'webhook failed');
        answer(res, 503, { error: 'the queue or the cache is unavailable; retry later' }, 'none', 'error');
      });
      return;
    }
    if (req.method === 'GET' && path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (req.method === 'GET' && path === '/readyz') {
      opts.target.ready().then(
        (ok) => res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ready\n' : 'not ready\n'),
        () => res.writeHead(503, { 'content-type': 'text/plain' }).end('MongoDB unavailable\n'),
      );
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}\n');
  });
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    registry,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The action label of a payload, from a fixed set (no label from user input). */
function actionLabel(parsed: unknown): string {
  const action = (parsed as { event?: { action?: unknown } } | null)?.event?.action;
  if (typeof action !== 'string') return 'none';
  return (KNOWN_ACTIONS as readonly string[]).includes(action) ? action : 'other';
}

/** The body, or 'too_large' as soon as it passes `max` bytes (a Content-Length over it is refused before reading). */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
