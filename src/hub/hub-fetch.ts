import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { WorkerMetrics } from '../metrics/registry.ts';
import type { Logger } from '../log/logger.ts';
import { DEFAULT_ALLOWED_REDIRECT_ORIGINS } from '../config/config.ts';
import { HubNetworkError, OriginNotAllowedError, RequestBudgetExceededError } from './hub-errors.ts';
import type { HubBody, HubFetch, HubHeaders, HubRequestInit, HubResponse } from './hub-response.ts';

/** Who is asking, as huggingface_hub says it (`node:http` sends none by itself). */
const USER_AGENT = `splits-worker; node/${process.versions.node}`;

export { DEFAULT_ALLOWED_REDIRECT_ORIGINS, HubNetworkError, OriginNotAllowedError };

export interface HubFetchOptions {
  /** HF_ENDPOINT: the only origin that ever receives the token */
  endpoint: string;
  /**
   * HF_ALLOWED_REDIRECT_ORIGINS: the origins besides HF_ENDPOINT's that a request may go to (a redirect hop,
   * a URL the Hub gave); any other is refused with OriginNotAllowedError before anything is sent there.
   * Default: DEFAULT_ALLOWED_REDIRECT_ORIGINS.
   */
  allowedOrigins?: readonly string[];
  token?: string | undefined;
  /** time-out for the answer's headers (connect + first byte) */
  timeoutMs: number;
  /** longest pause between two chunks of a body (default: timeoutMs); a slow but steady body is never cut */
  idleTimeoutMs?: number;
  maxRetries: number;
  /** first retry waits about this long; each next one twice as long (with jitter) */
  retryBaseMs?: number;
  /** longest Retry-After honoured, so that a Hub asking for an hour does not park a job */
  maxRetryAfterMs?: number;
  /** redirects followed for one request; more is a loop */
  maxRedirects?: number;
  /** requests one client may make in all (each redirect hop counts, retries do not): a per-job budget */
  maxRequests?: number;
  metrics?: Pick<WorkerMetrics, 'hubRequests' | 'hubRequestDuration'>;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** each attempt is logged at debug, with its request headers (the logger redacts `authorization`) */
  logger?: Logger;
}

export type { HubBody, HubFetch, HubHeaders, HubRequestInit, HubResponse } from './hub-response.ts';

/** The kind of Hub endpoint a URL calls: a bounded set, used as a metric label. */
export function endpointOf(url: string): string {
  return endpointOfPath(new URL(url).pathname);
}

function endpointOfPath(path: string): string {
  if (/^\/api\/datasets\/.+\/tree\//.test(path)) return 'tree';
  if (/^\/api\/datasets\/.+\/paths-info\//.test(path)) return 'paths_info';
  if (/^\/api\/datasets\/.+\/parquet/.test(path)) return 'parquet';
  if (/^\/api\/datasets\//.test(path)) return 'dataset_info';
  if (/^\/datasets\/.+\/resolve\//.test(path)) return 'resolve';
  return 'other';
}

const RETRYABLE_STATUS = (s: number) => s === 429 || s >= 500;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/**
 * One keep-alive connection pool per protocol for every Hub client of the process (a client is made per
 * job): node:http's client costs a fraction of `fetch` per request (no WHATWG Request/Response/stream
 * objects, no WebAssembly parser to compile on the first connection), and the connections to the Hub and
 * its CDN outlive a job. Idle connections do not keep the process alive (the agent unrefs them).
 */
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/**
 * One request on the kept-alive connections; resolves with the answer's head (the body is still to read).
 * No head within `timeoutMs` (connect included): the request is destroyed with a HubNetworkError. A GET or
 * HEAD sent on a kept-alive connection the server had just closed (a reset before any answer) is sent again
 * once on a new connection, as Node's documentation advises: the server never saw it.
 */
function send(
  target: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  resent = false,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') return reject(new HubNetworkError(`unsupported protocol ${target.protocol}`));
    if (signal?.aborted) return reject(asError(signal.reason));
    const agent = secure ? httpsAgent : httpAgent;
    // the abort listener is held only until the head arrives (the body's reads listen while they wait)
    const onAbort = () => req.destroy(asError(signal!.reason));
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const req = (secure ? https : http).request(target, { method, headers, agent }, (res) => {
      settle();
      resolve(res);
    });
    const timer = setTimeout(() => req.destroy(new HubNetworkError(`no answer within ${timeoutMs} ms (timed out)`)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err: NodeJS.ErrnoException) => {
      settle();
      const stale = req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && (method === 'GET' || method === 'HEAD');
      if (stale && !resent && !signal?.aborted) resolve(send(target, method, headers, body, signal, timeoutMs, true));
      else reject(err);
    });
    req.end(body);
  });
}

/** a remainder at most this long is read to keep the connection, rather than closing it */
const DRAIN_MAX_BYTES = 16 * 1024;

/**
 * The one `fetch` every Hub request goes through, so that its rules hold whatever the caller:
 * - requests go only to HF_ENDPOINT's origin and the allowed CDN origins (HF_ALLOWED_REDIRECT_ORIGINS): a
 *   redirect or a URL elsewhere is OriginNotAllowedError, and nothing is sent there (so no body from there
 *   can reach an error, a log or the cache);
 * - the token is sent to HF_ENDPOINT's origin and to no other (redirects are followed here, hop by hop,
 *   and `authorization` is dropped on any other origin, whoever set it), and never again within a request
 *   once a hop has left that origin (a CDN that redirects back to the Hub does not choose what the token reads);
 * - a time-out for the headers, then an idle time-out between body chunks (a steady slow body is fine);
 * - a body shorter than its Content-Length, cut, or stalled errors with HubNetworkError (transient);
 * - retries with exponential backoff and jitter on 429 (honouring Retry-After), 5xx and network errors,
 *   never on 4xx; the last failing response is returned as is, so callers see the Hub's status;
 * - a budget of requests per client (per job), and each attempt counted in the metrics.
 */
export function createHubFetch(opts: HubFetchOptions): HubFetch {
  const base = opts.retryBaseMs ?? 500;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 60_000;
  const maxRedirects = opts.maxRedirects ?? 10;
  const maxRequests = opts.maxRequests ?? Infinity;
  const idleMs = opts.idleTimeoutMs ?? opts.timeoutMs;
  const sleep = opts.sleep ?? abortableSleep;
  const hubOrigin = new URL(opts.endpoint).origin;
  const allowed = new Set([hubOrigin, ...(opts.allowedOrigins ?? DEFAULT_ALLOWED_REDIRECT_ORIGINS).map((o) => new URL(o).origin)]);
  let requests = 0;
  // the caller's headers, lower-cased once (a header set twice in different cases is one header)
  const lowerCased = (headers: Record<string, string> | undefined) => {
    const out: Record<string, string> = {};
    if (headers) for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
    return out;
  };

  /** One attempt: the request and its redirects, each hop with the token only if it goes to the Hub. */
  async function attempt(url: string, init: HubRequestInit, signal: AbortSignal | undefined, countRequest: boolean): Promise<HubResponse> {
    let method = init.method ?? 'GET';
    let body = init.body;
    const callerHeaders = lowerCased(init.headers);
    // once a hop leaves the Hub's origin, no later hop of this request carries the token, even back on the Hub
    let leftHub = init.withoutToken === true;
    for (let hop = 0; ; hop++) {
      const target = new URL(url);
      // checked before anything is counted or sent: a refused origin receives nothing
      if (!allowed.has(target.origin)) throw new OriginNotAllowedError(target.origin);
      if (countRequest || hop > 0) {
        if (++requests > maxRequests) throw new RequestBudgetExceededError(maxRequests);
      }
      if (target.origin !== hubOrigin) leftHub = true;
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...callerHeaders };
      if (target.origin === hubOrigin && !leftHub) {
        if (opts.token && headers.authorization === undefined) headers.authorization = `Bearer ${opts.token}`;
      } else {
        delete headers.authorization;
      }
      const endpoint = endpointOfPath(target.pathname);
      const end = opts.metrics?.hubRequestDuration.startTimer({ endpoint });
      const started = performance.now();
      const log = (status: number | string) => {
        if (opts.logger?.isLevelEnabled('debug'))
          opts.logger.debug({ endpoint, method, url, status, ms: Math.round(performance.now() - started), hop, headers }, 'hub request');
      };
      let res: IncomingMessage;
      try {
        res = await send(target, method, headers, body, signal, opts.timeoutMs);
      } catch (err) {
        end?.();
        log('error');
        opts.metrics?.hubRequests.inc({ endpoint, status: 'error' });
        throw err;
      }
      end?.();
      const response = new NodeResponse(res, url, leftHub, idleMs, signal);
      log(response.status);
      opts.metrics?.hubRequests.inc({ endpoint, status: String(response.status) });
      const location = response.headers.get('location');
      // `redirect: 'manual'`: the caller wants the 3xx itself (an access check needs no CDN hop)
      if (!REDIRECT_STATUS.has(response.status) || !location || init.redirect === 'manual') return response;
      await response.body.cancel();
      if (hop >= maxRedirects) throw new HubNetworkError(`more than ${maxRedirects} redirects (a redirect loop) from ${endpoint}`);
      url = new URL(location, url).href;
      if (response.status === 303 && method !== 'HEAD') {
        method = 'GET';
        body = undefined;
      }
    }
  }

  const hubFetch = async function hubFetch(url: string, init: HubRequestInit = {}): Promise<HubResponse> {
    // A signal of this call's own, which the job's signal and the caller's abort: the request, its body's
    // reads and its retries' sleeps listen to it, never to the job's long-lived signal (a job has up to 16
    // requests at once: one listener each on the job's signal made Node warn MaxListenersExceeded).
    // AbortSignal.any holds its sources weakly and adds no listener to them.
    const sources = [opts.signal, init.signal].filter((s) => s !== undefined);
    const signal = sources.length > 0 ? AbortSignal.any(sources) : undefined;
    for (let tries = 0; ; tries++) {
      let res: HubResponse;
      try {
        res = await attempt(url, init, signal, tries === 0);
      } catch (err) {
        if (err instanceof RequestBudgetExceededError || err instanceof OriginNotAllowedError) throw err;
        if (signal?.aborted) throw err;
        if (tries >= opts.maxRetries) {
          throw new HubNetworkError(`the Hub did not answer ${endpointOf(url)} after ${tries + 1} attempts: ${describe(err)}`, { cause: err, exhausted: true });
        }
        await sleep(backoff(tries, base), signal);
        continue;
      }
      if (!RETRYABLE_STATUS(res.status) || tries >= opts.maxRetries) return res;
      await res.body?.cancel();
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      await sleep(retryAfter !== undefined ? Math.min(retryAfter, maxRetryAfter) : backoff(tries, base), signal);
    }
  } as HubFetch;
  Object.defineProperty(hubFetch, 'requests', { value: () => requests });
  return hubFetch;
}

class NodeHeaders implements HubHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }
}

class NodeResponse implements HubResponse {
  readonly status: number;
  readonly headers: HubHeaders;
  readonly body: GuardedBody;
  constructor(
    res: IncomingMessage,
    readonly url: string,
    readonly leftHub: boolean,
    idleMs: number,
    signal: AbortSignal | undefined,
  ) {
    this.status = res.statusCode ?? 0;
    this.headers = new NodeHeaders(res.headers);
    const declared = this.headers.get('content-encoding') ? undefined : parseContentLength(this.headers.get('content-length'));
    this.body = new GuardedBody(res, declared, idleMs, signal);
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
}

/**
 * The body with its guards: each read waits at most `idleMs` for the next chunk, a body that ends before
 * its Content-Length or breaks off is a HubNetworkError (and the connection is closed). The stream stays
 * paused: nothing is read ahead of the reader but what the socket already holds.
 */
class GuardedBody implements HubBody {
  private received = 0;
  private done = false;
  private failure: Error | undefined;
  /** the pending read's wake-up, while it waits for the stream */
  private wake: (() => void) | undefined;
  constructor(
    private readonly stream: IncomingMessage,
    private readonly declared: number | undefined,
    private readonly idleMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    // an error before or between reads is kept for the next read (and never left unhandled)
    stream.on('error', (err: Error) => {
      this.failure ??= err;
      this.wake?.();
    });
  }

  async read(): Promise<Uint8Array | undefined> {
    if (this.done) return undefined;
    try {
      for (;;) {
        if (this.failure !== undefined) throw this.failure;
        if (this.signal?.aborted) throw asError(this.signal.reason);
        const chunk = this.stream.read() as Buffer | null;
        if (chunk !== null) {
          this.received += chunk.byteLength;
          return chunk;
        }
        if (this.stream.readableEnded) {
          this.done = true;
          if (this.declared !== undefined && this.received < this.declared)
            throw new HubNetworkError(`the body ended after ${this.received} of its ${this.declared} bytes (Content-Length)`);
          return undefined;
        }
        await this.next();
      }
    } catch (err) {
      this.close();
      throw err instanceof HubNetworkError ? err : new HubNetworkError(`the body broke off after ${this.received} bytes: ${describe(err)}`, { cause: err });
    }
  }

  /** waits for the stream to have something (data, its end, an error), at most the idle time-out */
  private next(): Promise<void> {
    const stream = this.stream;
    return new Promise((resolve, reject) => {
      // listened to only while a read waits (most bodies are whole in the socket's buffer when their head arrives)
      const done = () => {
        this.wake = undefined;
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', onAbort);
        stream.off('readable', onEvent);
        stream.off('end', onEvent);
        stream.off('close', onClose);
      };
      const onEvent = () => {
        done();
        resolve();
      };
      const onClose = () => {
        if (!stream.readableEnded) this.failure ??= new Error('the connection closed');
        onEvent();
      };
      const onAbort = () => {
        done();
        reject(asError(this.signal!.reason));
      };
      const timer = setTimeout(() => {
        done();
        reject(new HubNetworkError(`the body stalled: no byte for ${this.idleMs} ms (timed out)`));
      }, this.idleMs);
      this.signal?.addEventListener('abort', onAbort, { once: true });
      stream.on('readable', onEvent);
      stream.on('end', onEvent);
      stream.on('close', onClose);
      this.wake = onEvent;
    });
  }

  cancel(): Promise<void> {
    if (this.done) return Promise.resolve();
    // all of it has arrived already (a redirect's empty body): discarding it frees the connection for the next request
    if (this.stream.complete) {
      this.done = true;
      while (this.stream.read() !== null);
      return Promise.resolve();
    }
    const rest = this.declared !== undefined ? this.declared - this.received : undefined;
    if (rest === undefined || rest > DRAIN_MAX_BYTES) this.close();
    else void this.drain();
    return Promise.resolve();
  }

  /** reads a small remainder to its end, so that the connection goes back to the pool */
  private async drain(): Promise<void> {
    try {
      while ((await this.read()) !== undefined) {
        if (this.received > (this.declared ?? 0)) return this.close();
      }
    } catch {
      // already closed by read()
    }
  }

  /** stops the request: the connection is closed, nothing more is read */
  private close(): void {
    this.done = true;
    this.stream.destroy();
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

function parseContentLength(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function backoff(attempt: number, baseMs: number): number {
  const ceiling = Math.min(baseMs * 2 ** attempt, 30_000);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describe(err: unknown): string {
  if (err instanceof HubNetworkError) return err.message;
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}

/** A sleep the shutdown signal cuts short; its listener is removed either way (one per retry would leak). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
