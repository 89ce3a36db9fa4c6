import type { Collection, Db } from 'mongodb';

/** The fields every cached answer has (/splits, /first-rows); names are the original datasets-server's. */
export interface CachedResponseFields {
  http_status: number;
  /** null when the answer is a success */
  error_code: string | null;
  /** the body: for /splits `{ splits: [...] }`, or `{ error: message }` */
  response: unknown;
  /** for errors: `{ error, cause_exception, cause_message, cause_traceback }`; null otherwise */
  details: ErrorDetails | null;
  stale: boolean;
  updated_at: Date;
}

/** The cached answer of /splits for one dataset. */
export interface SplitsResponseDocument extends CachedResponseFields {
  dataset_name: string;
  /** when the computation that wrote this entry started; an older computation never overwrites a newer one */
  computation_started_at: Date;
  /** the dataset's commit sha the computation read (the repo info's); null when it failed before reading one, or a give-up */
  dataset_git_revision: string | null;
  /** the worker's answer version that wrote it (JOB_RUNNER_VERSION, src/splits/revision.ts); absent in entries of older workers */
  job_runner_version: number | null;
  /**
   * dataset-viewer's name: 1 for a final answer; below 1 for a partial one (the two-phase answer: configs and
   * splits written before the counts, whose `num_examples` are null until the final answer replaces it). Absent
   * in entries written before this field existed, which are final.
   */
  progress?: number;
}

export interface ErrorDetails {
  error: string;
  cause_exception: string | null;
  cause_message: string | null;
  cause_traceback: string[] | null;
}

/** One row of the /splits answer. Sizes are exact or null, never guessed. */
export interface SplitItem {
  dataset: string;
  config: string;
  split: string;
  num_bytes: number | null;
  num_examples: number | null;
}

export interface SplitsResponse {
  splits: SplitItem[];
}

export const SPLITS_RESPONSE_COLLECTION = 'splitsResponse';

export function splitsResponseCollection(cacheDb: Db): Collection<SplitsResponseDocument> {
  return cacheDb.collection<SplitsResponseDocument>(SPLITS_RESPONSE_COLLECTION);
}

/** Creates the unique index on dataset_name, and the one the metrics count entries by status from (idempotent). */
export async function ensureSplitsResponseIndexes(cacheDb: Db): Promise<void> {
  await splitsResponseCollection(cacheDb).createIndex({ dataset_name: 1 }, { unique: true, name: 'dataset_name_unique' });
  await splitsResponseCollection(cacheDb).createIndex({ http_status: 1, error_code: 1 }, { name: 'splits_by_status' });
}
