import { WorkerError } from '../errors/worker-error.ts';

/**
 * The job's workers died (out of memory, a native abort, a kill) WORKER_MAX_ATTEMPTS times while running it:
 * it is not taken again. dataset-viewer's name for it.
 */
export class JobManagerCrashedError extends WorkerError {
  readonly errorCode = 'JobManagerCrashedError';
  readonly httpStatus = 500;
}

/** The job ran longer than WORKER_MAX_JOB_DURATION_SECONDS and was stopped. dataset-viewer's name for it. */
export class JobManagerExceededMaximumDurationError extends WorkerError {
  readonly errorCode = 'JobManagerExceededMaximumDurationError';
  readonly httpStatus = 500;
}

/**
 * A job a producer wrote with a field the queue owns in a shape the queue cannot work with (an `_id` that is
 * not an ObjectId): it is ended in error, never run, never retried.
 */
export class MalformedJobError extends WorkerError {
  readonly errorCode = 'MalformedJobError';
  readonly httpStatus = 400;
}

/** Why a computation was aborted by the queue; the `reason` of its AbortSignal. */
export class LeaseLostError extends Error {
  readonly errorCode = 'LeaseLostError';
  constructor(
    message: string,
    /** lost: another worker holds the job now; unconfirmed: the lease could not be renewed before it ended */
    readonly kind: 'lost' | 'unconfirmed',
  ) {
    super(message);
    this.name = 'LeaseLostError';
  }
}

export class DeadlineReachedError extends Error {
  readonly errorCode = 'DeadlineReachedError';
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineReachedError';
  }
}

export class ShutdownError extends Error {
  readonly errorCode = 'ShutdownError';
  constructor(message: string) {
    super(message);
    this.name = 'ShutdownError';
  }
}
