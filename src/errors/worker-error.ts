/**
 * Base of every error the worker can tell apart. `errorCode` is stable (it is stored in the cache and
 * used as a metric label); `httpStatus` is what /splits answers for it; `transient` errors are retried
 * and never overwrite a cached answer.
 */
export abstract class WorkerError extends Error {
  abstract readonly errorCode: string;
  abstract readonly httpStatus: number;
  readonly transient: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Job data that is not `{ dataset: '<Hub repo id>' }`: the job fails once, it is never retried. */
export class InvalidJobDataError extends WorkerError {
  readonly errorCode = 'InvalidJobDataError';
  readonly httpStatus = 400;
}
