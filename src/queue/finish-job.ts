import type { HeldLock, JobsCollection } from './job-lock.ts';
import { RELEASE_SLOT, UNLOCKED } from './job-lock.ts';

/** How a run ends: answered, failed for good, or failed for now and due again at `retryAt`. */
export type JobEnd = { kind: 'success' } | { kind: 'error'; reason: string } | { kind: 'retry'; reason: string; retryAt: Date };

/**
 * The final write of a run, fenced by the lock's token: a worker that lost its lock cannot finish, fail or
 * reschedule a job that is now someone else's. It frees the dataset slot in the same write. Returns whether the
 * write happened.
 */
export async function finishJob(jobs: JobsCollection, lock: Pick<HeldLock, 'jobId' | 'token'>, end: JobEnd, now: Date): Promise<boolean> {
  const update =
    end.kind === 'success'
      ? { $set: { ...UNLOCKED, nextRunAt: null, lastFinishedAt: now, failCount: 0, progress: 100 }, $unset: RELEASE_SLOT }
      : {
          $set: { ...UNLOCKED, nextRunAt: end.kind === 'retry' ? end.retryAt : null, lastFinishedAt: now, failedAt: now, failReason: end.reason },
          $unset: RELEASE_SLOT,
          $inc: { failCount: 1 },
        };
  const res = await jobs.updateOne({ _id: lock.jobId, lockToken: lock.token }, update);
  return res.matchedCount === 1;
}
