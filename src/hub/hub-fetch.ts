import type { WorkerMetrics } from '../metrics/registry.ts';
import type { Logger } from '../log/logger.ts';
import { HubNetworkError, RequestBudgetExceededError } from './hub-errors.ts';

export { HubNetworkError };

export interface HubFetchOptions {
  /** HF_ENDPOINT: the only origin that ever receives the token */
  endpoint: string;
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

export type HubFetch = typeof fetch & {
  /** requests made so far (what the budget counts) */
  readonly requests: () => number;
};

/** The kind of Hub endpoint a URL calls: a bounded set, used as a metric label. */
export function endpointOf(url: string): string {
  const path = new URL(url).pathname;
  if (/^\/api\/datasets\/.+\/tree\//.test(path)) return 'tree';
  if (/^\/api\/datasets\/.+\/paths-info\//.test(path)) return 'paths_info';
  if (/^\/api\/datasets\/.+\/parquet/.test(path)) return 'parquet';
  if (/^\/api\/datasets\//.test(path)) return 'dataset_info';
  if (/^\/datasets\/.+\/resolve\//.test(path)) return 'resolve';
  return 'other';
}

const RETRYABLE_STATUS = (s: number) => s === 429 || s >= 500;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * The one `fetch` every Hub request goes through, so that its rules hold whatever the caller:
 * - the token is sent to HF_ENDPOINT's origin and to no other (redirects are followed here, hop by hop,
 *   and `authorization` is dropped on any other origin, whoever set it);
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
  let requests = 0;

  /** One attempt: the request and its redirects, each hop with the token only if it goes to the Hub. */
  async function attempt(url: string, init: RequestInit, countRequest: boolean): Promise<Response> {
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    for (let hop = 0; ; hop++) {
      if (countRequest || hop > 0) {
        if (++requests > maxRequests) throw new RequestBudgetExceededError(maxRequests);
      }
      const headers = new Headers(init.headers);
      if (new URL(url).origin === hubOrigin) {
        if (opts.token && !headers.has('authorization')) headers.set('authorization', `Bearer ${opts.token}`);
      } else {
        headers.delete('authorization');
      }
      const endpoint = endpointOf(url);
      const controller = new AbortController();
      const signal = AbortSignal.any([controller.signal, ...(opts.signal ? [opts.signal] : []), ...(init.signal ? [init.signal] : [])]);
      const timer = setTimeout(() => controller.abort(new HubNetworkError(`no answer within ${opts.timeoutMs} ms (timed out)`)), opts.timeoutMs);
      const end = opts.metrics?.hubRequestDuration.startTimer({ endpoint });
      const started = performance.now();
      const log = (status: number | string) =>
        opts.logger?.debug({ endpoint, method, url, status, ms: Math.round(performance.now() - started), hop, headers: Object.fromEntries(headers.entries()) }, 'hub request');
      let res: Response;
      try {
        res = await fetch(url, { ...init, method, body: body ?? null, headers, signal, redirect: 'manual' });
      } catch (err) {
        end?.();
        log('error');
        opts.metrics?.hubRequests.inc({ endpoint, status: 'error' });
        if (controller.signal.aborted) throw controller.signal.reason;
        throw err;
      } finally {
        clearTimeout(timer);
      }
      end?.();
      log(res.status);
      opts.metrics?.hubRequests.inc({ endpoint, status: String(res.status) });
      const location = res.headers.get('location');
      // `redirect: 'manual'`: the caller wants the 3xx itself (an access check needs no CDN hop)
      if (!REDIRECT_STATUS.has(res.status) || !location || init.redirect === 'manual') return guardBody(res, url, controller, idleMs);
      await res.body?.cancel().catch(() => {});
      if (hop >= maxRedirects) throw new HubNetworkError(`more than ${maxRedirects} redirects (a redirect loop) from ${endpoint}`);
      url = new URL(location, url).href;
      if (res.status === 303 && method !== 'HEAD') {
        method = 'GET';
        body = undefined;
      }
    }
  }

  const hubFetch = async function hubFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    let url: string;
    if (input instanceof Request) {
      url = input.url;
      init = { method: input.method, headers: input.headers, ...init };
    } else {
      url = typeof input === 'string' ? input : input.href;
    }
    for (let tries = 0; ; tries++) {
      let res: Response;
      try {
        res = await attempt(url, init, tries === 0);
      } catch (err) {
        if (err instanceof RequestBudgetExceededError) throw err;
        if (opts.signal?.aborted || init.signal?.aborted) throw err;
        if (tries >= opts.maxRetries) {
          throw new HubNetworkError(`the Hub did not answer ${endpointOf(url)} after ${tries + 1} attempts: ${describe(err)}`, { cause: err, exhausted: true });
        }
        await sleep(backoff(tries, base), opts.signal);
        continue;
      }
      if (!RETRYABLE_STATUS(res.status) || tries >= opts.maxRetries) return res;
      await res.body?.cancel().catch(() => {});
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      await sleep(retryAfter !== undefined ? Math.min(retryAfter, maxRetryAfter) : backoff(tries, base), opts.signal);
    }
  } as HubFetch;
  Object.defineProperty(hubFetch, 'requests', { value: () => requests });
  return hubFetch;
}

/**
 * The response with its body wrapped: each read waits at most `idleMs` for the next chunk, a body that
 * ends before its Content-Length or breaks off is a HubNetworkError, and cancelling it closes the
 * connection. Nothing is read ahead (highWaterMark 0): bytes are pulled only as the reader asks.
 */
function guardBody(res: Response, url: string, controller: AbortController, idleMs: number): Response {
  const declared = res.headers.get('content-encoding') ? undefined : parseContentLength(res.headers.get('content-length'));
  let body: ReadableStream<Uint8Array> | null = null;
  if (res.body && !NULL_BODY_STATUS.has(res.status)) {
    const reader = res.body.getReader();
    let received = 0;
    body = new ReadableStream<Uint8Array>(
      {
        async pull(out) {
          let timer: NodeJS.Timeout | undefined;
          try {
            const read = reader.read();
            read.catch(() => {});
            const chunk = await Promise.race([
              read,
              new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new HubNetworkError(`the body stalled: no byte for ${idleMs} ms (timed out)`)), idleMs);
              }),
            ]);
            if (chunk.done) {
              if (declared !== undefined && received < declared) throw new HubNetworkError(`the body ended after ${received} of its ${declared} bytes (Content-Length)`);
              out.close();
              return;
            }
            received += chunk.value.byteLength;
            out.enqueue(chunk.value);
          } catch (err) {
            controller.abort();
            reader.cancel().catch(() => {});
            out.error(err instanceof HubNetworkError ? err : new HubNetworkError(`the body broke off after ${received} bytes: ${describe(err)}`, { cause: err }));
          } finally {
            clearTimeout(timer);
          }
        },
        async cancel(reason) {
          controller.abort();
          await reader.cancel(reason).catch(() => {});
        },
      },
      { highWaterMark: 0 },
    );
  }
  const wrapped = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  Object.defineProperty(wrapped, 'url', { value: url });
  return wrapped;
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
