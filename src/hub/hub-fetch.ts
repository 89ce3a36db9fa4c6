import type { WorkerMetrics } from '../metrics/registry.ts';
import type { Logger } from '../log/logger.ts';

export interface HubFetchOptions {
  timeoutMs: number;
  maxRetries: number;
  /** first retry waits about this long; each next one twice as long (with jitter) */
  retryBaseMs?: number;
  /** longest Retry-After honoured, so that a Hub asking for an hour does not park a job */
  maxRetryAfterMs?: number;
  metrics?: Pick<WorkerMetrics, 'hubRequests' | 'hubRequestDuration'>;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** each attempt is logged at debug, with its request headers (the logger redacts `authorization`) */
  logger?: Logger;
}

/** Raised when the Hub cannot be reached or keeps failing; the message never holds the token. */
export class HubNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubNetworkError';
  }
}

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

/**
 * A `fetch` for every Hub call (the official client and hyparquet take it as a parameter): a time-out per
 * attempt, retries with exponential backoff and jitter on 429 (honouring Retry-After), 5xx and network
 * errors, never on 4xx; each attempt counted in the metrics. The last failing response is returned as is,
 * so callers see the Hub's status and error headers.
 */
export function createHubFetch(opts: HubFetchOptions): typeof fetch {
  const base = opts.retryBaseMs ?? 500;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 60_000;
  const sleep = opts.sleep ?? abortableSleep;
  return async function hubFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const endpoint = endpointOf(url);
    for (let attempt = 0; ; attempt++) {
      const signals = [AbortSignal.timeout(opts.timeoutMs), ...(opts.signal ? [opts.signal] : []), ...(init?.signal ? [init.signal] : [])];
      const end = opts.metrics?.hubRequestDuration.startTimer({ endpoint });
      const started = performance.now();
      const log = (status: number | string) =>
        opts.logger?.debug(
          { endpoint, method: init?.method ?? 'GET', url, status, ms: Math.round(performance.now() - started), attempt, headers: Object.fromEntries(new Headers(init?.headers).entries()) },
          'hub request',
        );
      let res: Response;
      try {
        res = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
      } catch (err) {
        end?.();
        log('error');
        opts.metrics?.hubRequests.inc({ endpoint, status: 'error' });
        if (opts.signal?.aborted || init?.signal?.aborted) throw err;
        if (attempt >= opts.maxRetries) {
          throw new HubNetworkError(`the Hub did not answer ${endpoint} after ${attempt + 1} attempts: ${describe(err)}`, { cause: err });
        }
        await sleep(backoff(attempt, base), opts.signal);
        continue;
      }
      end?.();
      log(res.status);
      opts.metrics?.hubRequests.inc({ endpoint, status: String(res.status) });
      if (!RETRYABLE_STATUS(res.status) || attempt >= opts.maxRetries) return res;
      await res.body?.cancel().catch(() => {});
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      await sleep(retryAfter !== undefined ? Math.min(retryAfter, maxRetryAfter) : backoff(attempt, base), opts.signal);
    }
  };
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
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}
