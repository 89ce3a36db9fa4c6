import type { Db } from 'mongodb';
import { JOBS_COLLECTION } from './queue-backend.ts';
import { SPLITS_JOB_NAME } from './job-data.ts';

/** Removes the jobs of a dataset that have not started; a running job is left to finish. */
export async function cancelWaitingJobs(queueDb: Db, dataset: string): Promise<number> {
  const res = await queueDb
    .collection(JOBS_COLLECTION)
    .deleteMany({ name: SPLITS_JOB_NAME, 'data.dataset': dataset, lockedAt: null, nextRunAt: { $ne: null } });
  return res.deletedCount;
}
