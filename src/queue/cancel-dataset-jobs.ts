import type { Db } from 'mongodb';
import { JOBS_COLLECTION } from './queue-backend.ts';
import { SPLITS_JOB_NAME } from './job-data.ts';
import { FIRST_ROWS_JOB_NAME } from './enqueue-first-rows-jobs.ts';

/**
 * Removes a dataset's `splits` and `first-rows` jobs that have not started (not locked, due); a running job is
 * left to finish. For a repo that no longer exists under this name.
 */
export async function cancelDatasetJobs(queueDb: Db, dataset: string): Promise<number> {
  const res = await queueDb
    .collection(JOBS_COLLECTION)
    .deleteMany({ name: { $in: [SPLITS_JOB_NAME, FIRST_ROWS_JOB_NAME] }, 'data.dataset': dataset, lockedAt: null, nextRunAt: { $ne: null } });
  return res.deletedCount;
}
