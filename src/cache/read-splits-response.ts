import type { Db } from 'mongodb';
import { splitsResponseCollection, type SplitsResponseDocument } from './splits-response.ts';

export async function readSplitsResponse(cacheDb: Db, dataset: string): Promise<SplitsResponseDocument | null> {
  return splitsResponseCollection(cacheDb).findOne({ dataset_name: dataset }, { projection: { _id: 0 } });
}

/** What a job needs to know of the entry in place to tell whether its answer is current: one small read. */
export async function readSplitsRevision(
  cacheDb: Db,
  dataset: string,
): Promise<Pick<SplitsResponseDocument, 'http_status' | 'error_code' | 'dataset_git_revision' | 'job_runner_version' | 'progress'> | null> {
  return splitsResponseCollection(cacheDb).findOne(
    { dataset_name: dataset },
    { projection: { _id: 0, http_status: 1, error_code: 1, dataset_git_revision: 1, job_runner_version: 1, progress: 1 } },
  );
}
