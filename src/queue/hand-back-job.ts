import type { HeldLock, JobsCollection } from './job-lock.ts';
import { RELEASE_SLOT, UNLOCKED } from './job-lock.ts';

/**
 * Gives a locked job back to the queue, due at `dueAt`: every hand-back (dataset at its limit, worker
 * stopping, Agenda over its lock limit) leaves the job waiting, never finished. A hand-back that was no
 * attempt (the job did not run, or was interrupted by a graceful stop) returns the attempt it took.
 * Fenced: a no-op when the lock is no longer this holder's. Returns whether it was.
 */
export async function handBackJob(
  jobs: JobsCollection,
  lock: Pick<HeldLock, 'jobId' | 'token' | 'attempt'>,
  args: { dueAt: Date; countAttempt: boolean },
): Promise<boolean> {
  const res = await jobs.updateOne(
    { _id: lock.jobId, lockToken: lock.token },
    // The attempt given back is set, not decremented: the lock set `attempts` to `lock.attempt`.
    { $set: { ...UNLOCKED, nextRunAt: args.dueAt, ...(args.countAttempt ? {} : { attempts: lock.attempt - 1 }) }, $unset: RELEASE_SLOT },
  );
  return res.matchedCount === 1;
}
