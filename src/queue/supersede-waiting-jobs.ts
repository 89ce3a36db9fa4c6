import { ObjectId, type Db } from 'mongodb';
import { JOBS_COLLECTION } from './queue-backend.ts';
import { SPLITS_JOB_NAME } from './job-data.ts';

/**
 * Marks as done every job of `dataset` that is waiting (due, unlocked) when a computation of it starts:
 * that computation answers them. Jobs enqueued later are new documents, not matched, and run after.
 * They keep a pointer to the job that answered them, so nothing disappears without a trace.
 */
export async function supersedeWaitingJobs(queueDb: Db, args: { dataset: string; byJobId: string; at: Date }): Promise<number> {
  const res = await queueDb.collection(JOBS_COLLECTION).updateMany(
    {
      name: SPLITS_JOB_NAME,
      'data.dataset': args.dataset,
      _id: { $ne: new ObjectId(args.byJobId) },
      lockedAt: null,
      nextRunAt: { $ne: null, $lte: args.at },
    },
    { $set: { nextRunAt: null, lastRunAt: args.at, lastFinishedAt: args.at, supersededBy: args.byJobId } },
  );
  return res.modifiedCount;
}

/**
 * Puts back in the queue the jobs a computation had answered, when that computation failed for good
 * (its last attempt ended on a transient error): their requests are not answered, so they run on their own.
 */
export async function restoreSupersededJobs(queueDb: Db, byJobId: string): Promise<number> {
  const res = await queueDb.collection(JOBS_COLLECTION).updateMany(
    { name: SPLITS_JOB_NAME, supersededBy: byJobId },
    { $set: { nextRunAt: new Date() }, $unset: { supersededBy: '', lastRunAt: '', lastFinishedAt: '' } },
  );
  return res.modifiedCount;
}
