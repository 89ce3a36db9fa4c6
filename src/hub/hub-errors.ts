import type { HubResponse } from './hub-response.ts';
import { WorkerError } from '../errors/worker-error.ts';
import { scrubSecrets } from '../log/scrub-secrets.ts';
import { DatasetNotFoundError, HubRedirectNotAllowedError, HubUnavailableError, TooManyHubRequestsError } from '../errors/dataset-errors.ts';

/**
 * Something went wrong on the wire: no answer, a reset, a body cut, stalled or shorter than its
 * Content-Length, a redirect loop. Always transient. `exhausted`: the request was already retried.
 * The message never holds the token.
 */
export class HubNetworkError extends Error {
  readonly exhausted: boolean;
  constructor(message: string, options?: { cause?: unknown; exhausted?: boolean }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'HubNetworkError';
    this.exhausted = options?.exhausted ?? false;
  }
}

/** The Hub answered with an error status (after the retries, for 429 and 5xx). */
export class HubHttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    message: string,
    readonly hubErrorCode: string | undefined,
  ) {
    super(message);
    this.name = 'HubHttpError';
  }

  /** The Hub's own words, at most 500 characters, with `secrets` (the token) scrubbed before the cut (a cut secret would stay half). */
  static async from(res: HubResponse, secrets: readonly string[] = []): Promise<HubHttpError> {
    await res.body?.cancel();
    const message = scrubSecrets(res.headers.get('x-error-message') ?? `the Hub answered ${res.status}`, secrets).slice(0, 500);
    const code = res.headers.get('x-error-code');
    return new HubHttpError(res.url, res.status, message, code === null ? undefined : scrubSecrets(code, secrets).slice(0, 100));
  }
}

/** The client made HF_MAX_REQUESTS_PER_JOB requests for one job. */
export class RequestBudgetExceededError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} requests to the Hub for one dataset (HF_MAX_REQUESTS_PER_JOB)`);
    this.name = 'RequestBudgetExceededError';
  }
}

/**
 * A request (a redirect hop, a tree page's Link) would go to an origin that is neither HF_ENDPOINT's nor one of
 * HF_ALLOWED_REDIRECT_ORIGINS: nothing was sent there. The message holds that origin only (never a body nor a
 * path or query, which could carry anything), cut at 100 characters.
 */
export class OriginNotAllowedError extends Error {
  constructor(readonly origin: string) {
    super(`the Hub pointed a request at ${origin.slice(0, 100)}, neither HF_ENDPOINT's origin nor one of HF_ALLOWED_REDIRECT_ORIGINS: not followed`);
    this.name = 'OriginNotAllowedError';
  }
}

const WIRE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

function isWireFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof HubNetworkError) return true;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    if (e instanceof TypeError && /^(fetch failed|terminated)$/.test(e.message)) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && WIRE_CODES.has(code)) return true;
  }
  return false;
}

/**
 * The one place that decides what a failure talking to the Hub means. What the Hub says about the
 * dataset (401/403/404) and the bounds the dataset breaks are permanent and cached; anything on the wire
 * (resets, cut or stalled bodies, time-outs, DNS, redirect loops) and the Hub's own trouble (429, 5xx,
 * an unexpected status or answer) is transient: HubUnavailableError, never cached, the job is retried.
 */
export function classifyHubError(dataset: string, err: unknown): Error {
  if (err instanceof WorkerError) return err;
  if (err instanceof RequestBudgetExceededError)
    return new TooManyHubRequestsError(`The dataset needs more than ${err.limit} requests to the Hub (HF_MAX_REQUESTS_PER_JOB)`, { cause: err });
  if (err instanceof OriginNotAllowedError)
    return new HubRedirectNotAllowedError(`The Hub redirected a request of ${dataset} to an origin the worker does not follow: ${err.message}`, { cause: err });
  if (err instanceof HubHttpError) {
    if (err.status === 401 || err.status === 403 || err.status === 404) {
      return new DatasetNotFoundError(`The dataset does not exist on the Hub, or is private or gated and the worker has no access to it: ${dataset}`, {
        cause: err,
      });
    }
    if (err.status === 429 || err.status >= 500) return new HubUnavailableError(`The Hub answered ${err.status} after every retry`, { cause: err });
    return new HubUnavailableError(`The Hub answered ${err.status}`, { cause: err });
  }
  if (isWireFailure(err)) return new HubUnavailableError(`The connection to the Hub failed: ${(err as Error).message}`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
