import { randomUUID } from 'node:crypto';
import type { Document, Filter, WithId } from 'mongodb';
import type { HeldLock, JobsCollection } from './job-lock.ts';

export interface LockNextJobArgs {
  name: string;
  /** the server's time now */
  now: Date;
  leaseMs: number;
  maxDurationMs: number;
  workerId: string;
  /** datasets to skip (at their limit in this scan) */
  skipDatasets?: string[];
}

/**
 * Locks the first due, unlocked job: one atomic findOneAndUpdate that sets a fresh token, the lease and the
 * deadline on the server's clock, and counts the attempt. Due jobs come in Agenda's order (nextRunAt, then
 * priority).
 */
export async function lockNextJob(jobs: JobsCollection, args: LockNextJobArgs): Promise<{ doc: WithId<Document>; lock: HeldLock } | undefined> {
  const token = randomUUID();
  const { now } = args;
  const deadlineAt = new Date(now.getTime() + args.maxDurationMs);
  const filter: Filter<Document> = { name: args.name, disabled: { $ne: true }, lockedAt: null, nextRunAt: { $lte: now } };
  if (args.skipDatasets && args.skipDatasets.length > 0) filter['data.dataset'] = { $nin: args.skipDatasets };
  const doc = await jobs.findOneAndUpdate(
    filter,
    {
      $set: {
        lockedAt: now,
        lockToken: token,
        lockedBy: args.workerId,
        leaseExpiresAt: new Date(Math.min(now.getTime() + args.leaseMs, deadlineAt.getTime())),
        deadlineAt,
        lastRunAt: now,
        lastModifiedBy: args.workerId,
      },
      $inc: { attempts: 1 },
    },
    { returnDocument: 'after', sort: { nextRunAt: 1, priority: -1 } },
  );
  if (!doc) return undefined;
  return { doc, lock: { jobId: doc._id as HeldLock['jobId'], token, lockedAt: now, deadlineAt, attempt: Number(doc.attempts) } };
}
