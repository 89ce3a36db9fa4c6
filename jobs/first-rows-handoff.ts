import type { Db } from 'mongodb';
import type { SplitsResponse } from '../src/splits/types.ts';
import { deleteObsoleteFirstRows } from '../src/cache/delete-obsolete-first-rows.ts';
import { enqueueFirstRowsJobs } from '../src/queue/enqueue-first-rows-jobs.ts';
import { cancelObsoleteFirstRowsJobs } from '../src/queue/cancel-obsolete-first-rows-jobs.ts';
import { jobsCollection } from '../src/queue/job-lock.ts';

/** What the hand-off needs: the two databases, and where it reports what it did (the metrics). */
export interface FirstRowsHandoff {
  queueDb: Db;
  cacheDb: Db;
  onHandedOff?(result: HandoffResult): void;
}

export interface HandoffResult {
  /** first-rows jobs added (splits without a waiting job) */
  enqueued: number;
  /** splits that already had a waiting first-rows job */
  alreadyWaiting: number;
  /** first-rows entries of splits no longer in the answer */
  deleted: number;
  /** waiting first-rows jobs of splits no longer in the answer, deleted */
  cancelled: number;
}

/**
 * What the original splits worker did after caching a successful answer, for the first-rows service: delete
 * the /first-rows entries of the dataset's splits that vanished, then enqueue one `first-rows` job per current
 * split. Beyond the original, the waiting first-rows jobs of vanished splits are deleted too, so that the
 * waiting jobs are exactly one per current split. Every step is idempotent (a second run with the same answer
 * deletes nothing and adds no job), so a run that dies between the cache write and the hand-off loses nothing:
 * its rerun computes again and hands off. Four commands, five when jobs were added (see enqueueFirstRowsJobs).
 */
export async function handOffFirstRows(deps: FirstRowsHandoff, dataset: string, answer: SplitsResponse, at: Date): Promise<HandoffResult> {
  const splits = answer.splits.map((s) => ({ dataset, config: s.config, split: s.split }));
  const deleted = await deleteObsoleteFirstRows(deps.cacheDb, dataset, splits);
  const jobs = jobsCollection(deps.queueDb);
  const cancelled = await cancelObsoleteFirstRowsJobs(jobs, dataset, splits);
  const { enqueued, alreadyWaiting } = await enqueueFirstRowsJobs(jobs, splits, at);
  const result = { enqueued, alreadyWaiting, deleted, cancelled };
  deps.onHandedOff?.(result);
  return result;
}
