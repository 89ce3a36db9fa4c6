import { MongoServerError, type Db } from 'mongodb';
import type { WorkerError } from '../errors/worker-error.ts';
import { splitsResponseCollection, type ErrorDetails, type SplitsResponseDocument } from './splits-response.ts';
import type { SplitsResponse } from '../splits/types.ts';

export type CacheWriteResult = 'written' | 'kept_newer';

/**
 * Upserts the entry of one dataset, unless the entry in place comes from a computation that started later
 * (with MAX_JOBS_PER_DATASET > 1 two computations may finish out of order). One atomic upsert: the filter
 * holds the precondition, and the unique index turns "a newer entry exists" into a duplicate-key error.
 */
export async function writeSplitsResponse(
  cacheDb: Db,
  dataset: string,
  startedAt: Date,
  entry: Pick<SplitsResponseDocument, 'http_status' | 'error_code' | 'response' | 'details'>,
): Promise<CacheWriteResult> {
  try {
    await splitsResponseCollection(cacheDb).updateOne(
      {
        dataset_name: dataset,
        $or: [{ computation_started_at: { $lte: startedAt } }, { computation_started_at: { $exists: false } }],
      },
      {
        $set: { ...entry, stale: false, computation_started_at: startedAt },
        // the server's time, as every time the queue writes
        $currentDate: { updated_at: true },
        $setOnInsert: { dataset_name: dataset },
      },
      { upsert: true },
    );
    return 'written';
  } catch (err) {
    if (err instanceof MongoServerError && err.code === 11000) return 'kept_newer';
    throw err;
  }
}

export function successEntry(response: SplitsResponse) {
  return { http_status: 200, error_code: null, response, details: null };
}

/** The original's error shape: `response: { error }`, `details` with the cause. The token is scrubbed by the caller. */
export function errorEntry(error: WorkerError) {
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const details: ErrorDetails = {
    error: error.message,
    cause_exception: cause ? (cause.name !== 'Error' ? cause.name : cause.constructor.name) : null,
    cause_message: cause ? cause.message : null,
    cause_traceback: cause?.stack ? cause.stack.split('\n') : null,
  };
  return { http_status: error.httpStatus, error_code: error.errorCode, response: { error: error.message }, details };
}
