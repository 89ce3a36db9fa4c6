import type { Document } from 'mongodb';
import type { JobsCollection } from './job-lock.ts';

/**
 * Marks as answered every job of the same dataset that is waiting (due, unlocked) when a computation of it
 * starts: that computation answers them. Jobs enqueued later are new documents, not matched, and run after.
 * They keep a pointer to the job that answered them (state `superseded`), so nothing disappears without a trace.
 * A job that ran before (a crash, a retry) is not answered this way: it runs again itself, since a run of it may
 * have written before it stopped and its rerun finishes what that run started (see the first-rows hand-off).
 * `only` narrows the jobs this run answers (the handler's `answers`: a run that may skip does not answer a forced job).
 */
export async function supersedeWaitingJobs(
  jobs: JobsCollection,
  args: { name: string; group: string; byJobId: string; at: Date; only?: Document },
): Promise<number> {
  const res = await jobs.updateMany(
    { name: args.name, 'data.dataset': args.group, lockedAt: null, lastRunAt: null, nextRunAt: { $ne: null, $lte: args.at }, ...args.only },
    { $set: { nextRunAt: null, lastFinishedAt: args.at, supersededBy: args.byJobId } },
  );
  return res.modifiedCount;
}

/**
 * Puts back in the queue the jobs a computation had answered, in any of its attempts, when it failed for good
 * without an answer (its last attempt ended on a transient error): they run on their own.
 */
export async function restoreSupersededJobs(jobs: JobsCollection, args: { name: string; byJobId: string; at: Date }): Promise<number> {
  const res = await jobs.updateMany(
    { name: args.name, supersededBy: args.byJobId, lockedAt: null, nextRunAt: null },
    { $set: { nextRunAt: args.at }, $unset: { supersededBy: '', lastFinishedAt: '' } },
  );
  return res.modifiedCount;
}
