/**
 * A scriptable fake Hub on 127.0.0.1 for the hostile cases: each test says, per request, what the "Hub"
 * answers (anything an attacker or a broken network could send). Every request is recorded with its
 * headers, so a test can check where the token went. Big bodies are generated as they are sent, never
 * held in memory.
 */
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HubClient, type HubClientOptions } from '../../src/hub/hub-client.ts';

export const DATASET = 'evil/ds';
export const SHA = 'a'.repeat(40);
export const TOKEN = 'hf_hostile_suite_token_0123456789';

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, hub: FakeHub) => void | Promise<void>;

export class FakeHub {
  readonly seen: SeenRequest[] = [];
  url = '';
  handler: Handler = (_req, res) => notFound(res);
  private readonly server: http.Server;

  constructor() {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.url);
      this.seen.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers });
      res.on('error', () => {});
      Promise.resolve(this.handler(req, res, url, this)).catch(() => res.destroy());
    });
  }

  static async start(): Promise<FakeHub> {
    const hub = new FakeHub();
    await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
    hub.url = `http://127.0.0.1:${(hub.server.address() as { port: number }).port}`;
    return hub;
  }

  reset(handler: Handler): void {
    this.seen.length = 0;
    this.handler = handler;
  }

  requestsTo(pathPart: string): SeenRequest[] {
    return this.seen.filter((r) => r.path.includes(pathPart));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A client of the fake Hub with small time-outs, so that a hostile case takes a fraction of a second. */
export function client(hub: FakeHub, opts: Partial<HubClientOptions> = {}): HubClient {
  return new HubClient({
    endpoint: hub.url,
    token: TOKEN,
    timeoutMs: 400,
    idleTimeoutMs: 300,
    maxRetries: 1,
    retryBaseMs: 5,
    cacheDir: mkdtempSync(path.join(os.tmpdir(), 'splits-hostile-')),
    ...opts,
  });
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function notFound(res: http.ServerResponse): void {
  json(res, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound', 'x-error-message': 'Entry not found' });
}

export interface FakeFile {
  path: string;
  /** the size the tree lists (default: the content's) */
  size?: number;
  content?: Uint8Array | string;
  /** answers the file's resolve request itself */
  serve?: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;
}

/**
 * A dataset answered like the Hub answers it (repo info, one tree page, resolve honouring Range), with
 * any route overridden by `override` (return true when it answered).
 */
export function dataset(
  files: FakeFile[],
  override?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>,
  sha = SHA,
): Handler {
  return async (req, res, url) => {
    if (override && (await override(req, res, url))) return;
    const p = decodeURIComponent(url.pathname);
    if (p === `/api/datasets/${DATASET}/revision/HEAD`) return json(res, 200, { _id: 'x', id: DATASET, sha, private: false, gated: false });
    if (p.startsWith(`/api/datasets/${DATASET}/tree/`))
      return json(
        res,
        200,
        files.map((f) => ({ type: 'file', path: f.path, size: f.size ?? byteLength(f.content), oid: '0' })),
      );
    const prefix = `/datasets/${DATASET}/resolve/${sha}/`;
    if (p.startsWith(prefix)) {
      const f = files.find((x) => x.path === p.slice(prefix.length));
      if (!f) return notFound(res);
      if (f.serve) return f.serve(req, res);
      return serveBytes(req, res, toBytes(f.content ?? ''));
    }
    notFound(res);
  };
}

function byteLength(c: Uint8Array | string | undefined): number {
  return c === undefined ? 0 : typeof c === 'string' ? Buffer.byteLength(c) : c.byteLength;
}

export function toBytes(c: Uint8Array | string): Buffer {
  return typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/** Bytes as a CDN serves them: Range answered with 206, past the end with 416. */
export function serveBytes(req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer): void {
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (!m) {
    res.writeHead(200, { 'content-length': String(bytes.length) });
    res.end(bytes);
    return;
  }
  const start = Number(m[1]);
  const end = Math.min(m[2] ? Number(m[2]) : bytes.length - 1, bytes.length - 1);
  if (start >= bytes.length) {
    res.writeHead(416, { 'content-range': `bytes */${bytes.length}` });
    res.end();
    return;
  }
  res.writeHead(206, { 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${bytes.length}` });
  res.end(bytes.subarray(start, end + 1));
}

/**
 * Sends `total` bytes (of `fill`, after an optional `head`) in chunks, generated as they go, waiting
 * `delayMs` between chunks; stops early if the client goes away. Returns how many bytes were written.
 */
export async function streamBytes(
  res: http.ServerResponse,
  opts: { total: number; chunk?: number; delayMs?: number; head?: Buffer; fill?: number; stopAfter?: number },
): Promise<number> {
  const chunkSize = opts.chunk ?? 64 * 1024;
  const filler = Buffer.alloc(chunkSize, opts.fill ?? 0x20);
  let sent = 0;
  if (opts.head) {
    res.write(opts.head);
    sent += opts.head.length;
  }
  while (sent < opts.total && !res.destroyed) {
    if (opts.stopAfter !== undefined && sent >= opts.stopAfter) return sent;
    const n = Math.min(chunkSize, opts.total - sent);
    const ok = res.write(n === chunkSize ? filler : filler.subarray(0, n));
    sent += n;
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    else if (!ok) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end();
  return sent;
}

/** Waits for the response to take more, or to close; the listener that did not fire is removed too (one left
 * per wait piled up `close` listeners, and Node warned MaxListenersExceeded on [ServerResponse]). */
function drainedOrClosed(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export const README = '---\nlicense: mit\n---\n# A dataset\n';
