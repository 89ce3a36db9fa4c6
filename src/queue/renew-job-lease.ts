import type { HeldLock, JobsCollection } from './job-lock.ts';

/** Extends the lease of a lock this holder still has (fenced by its token); false when the lock was taken. */
export async function renewJobLease(
  jobs: JobsCollection,
  lock: Pick<HeldLock, 'jobId' | 'token'>,
  args: { leaseExpiresAt: Date; progress?: number },
): Promise<boolean> {
  const res = await jobs.updateOne(
    { _id: lock.jobId, lockToken: lock.token },
    { $set: { leaseExpiresAt: args.leaseExpiresAt, ...(args.progress !== undefined ? { progress: args.progress } : {}) } },
  );
  return res.matchedCount === 1;
}
