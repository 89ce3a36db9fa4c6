import { WorkerError } from '../errors/worker-error.ts';

/**
 * What the dashboard refuses, one class per reason an operator (or a test) can tell apart. The answer is
 * `{ error, error_code }` with the class's status; nothing is changed in the queue when one is thrown.
 */
export abstract class DashboardRefusal extends WorkerError {}

/** A Host header that is not the dashboard's address nor a configured name (a DNS-rebound name, a stray proxy). */
export class DashboardHostNotAllowedError extends DashboardRefusal {
  readonly errorCode = 'DashboardHostNotAllowedError';
  readonly httpStatus = 403;
}

/** A write without proof that the dashboard's own page sent it (Origin, Sec-Fetch-Site). */
export class CrossOriginRequestError extends DashboardRefusal {
  readonly errorCode = 'CrossOriginRequestError';
  readonly httpStatus = 403;
}

/** A write whose body is not JSON: only the page's fetch sends JSON, a cross-site form cannot. */
export class UnsupportedMediaTypeError extends DashboardRefusal {
  readonly errorCode = 'UnsupportedMediaTypeError';
  readonly httpStatus = 415;
}

/** A write to a dashboard started without --allow-writes, or an action it never offers (pause, resume). */
export class DashboardReadOnlyError extends DashboardRefusal {
  readonly errorCode = 'DashboardReadOnlyError';
  readonly httpStatus = 403;
}

/** A method and path that are not one of the dashboard's routes, exactly. */
export class DashboardRouteNotFoundError extends DashboardRefusal {
  readonly errorCode = 'DashboardRouteNotFoundError';
  readonly httpStatus = 404;
}

/** Retry, requeue or delete of a job that is locked (running): a second run, or a freed dataset slot, would follow. */
export class JobRunningError extends DashboardRefusal {
  readonly errorCode = 'JobRunningError';
  readonly httpStatus = 409;
}

/** A request the dashboard understood but will not carry out: it would break the job contract. */
export class DashboardBadRequestError extends DashboardRefusal {
  readonly errorCode = 'DashboardBadRequestError';
  readonly httpStatus = 400;
}
