import type { JobsCollection } from './job-lock.ts';
import { FIRST_ROWS_JOB_NAME } from './enqueue-first-rows-jobs.ts';

/**
 * Deletes the waiting, never started `first-rows` jobs of a dataset whose (config, split) is not among `splits`,
 * its current splits, in one command: they would compute the first rows of a split that no longer exists (and
 * could cache an answer for it again). A job that started is left to finish. Returns how many were deleted.
 */
export async function cancelObsoleteFirstRowsJobs(
  jobs: JobsCollection,
  dataset: string,
  splits: readonly { config: string; split: string }[],
): Promise<number> {
  const waiting = { name: FIRST_ROWS_JOB_NAME, 'data.dataset': dataset, lockedAt: null, lastRunAt: null, nextRunAt: { $ne: null } };
  // `$nor` must not be empty: a dataset without splits keeps no waiting job at all.
  const filter = splits.length === 0 ? waiting : { ...waiting, $nor: splits.map((s) => ({ 'data.config': s.config, 'data.split': s.split })) };
  const res = await jobs.deleteMany(filter);
  return res.deletedCount;
}
