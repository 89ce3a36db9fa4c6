import { randomUUID } from 'node:crypto';
import type { Document, WithId } from 'mongodb';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { RELEASE_SLOT, UNLOCKED } from './job-lock.ts';

/**
 * The jobs whose lease expired (their worker died, was cut off, or paused past its lease), oldest first; and
 * the jobs locked without a lease (by a worker of an earlier version, or by Agenda's own locking) longer than
 * `leaseMs` ago.
 */
export async function findExpiredJobs(jobs: JobsCollection, args: { name: string; now: Date; leaseMs: number; limit: number }): Promise<WithId<Document>[]> {
  return jobs
    .find({
      name: args.name,
      lockedAt: { $ne: null },
      $or: [{ leaseExpiresAt: { $lte: args.now } }, { leaseExpiresAt: null, lockedAt: { $lte: new Date(args.now.getTime() - args.leaseMs) } }],
    })
    .sort({ leaseExpiresAt: 1 })
    .limit(args.limit)
    .toArray();
}

/**
 * Puts a job whose holder died back in the queue, due only after `dueAt` (a backoff, so that a job that kills
 * its worker cannot take every worker in turn), and frees its dataset slot. Fenced on the dead lock's token and
 * expiry, so that of several workers recovering it at once one does. The crash counts as a failure.
 */
export async function requeueExpiredJob(jobs: JobsCollection, doc: WithId<Document>, args: { now: Date; dueAt: Date; reason: string }): Promise<boolean> {
  const res = await jobs.updateOne(sameExpiredLock(doc), {
    $set: { ...UNLOCKED, nextRunAt: args.dueAt, failedAt: args.now, failReason: args.reason },
    $unset: RELEASE_SLOT,
    $inc: { failCount: 1 },
  });
  return res.matchedCount === 1;
}

/**
 * Takes over a dead lock without counting an attempt: used to end a job that has used all its attempts
 * (write its typed error, then finish it in error under this new lock).
 */
export async function takeOverExpiredJob(
  jobs: JobsCollection,
  doc: WithId<Document>,
  args: { now: Date; leaseMs: number; workerId: string },
): Promise<HeldLock | undefined> {
  const token = randomUUID();
  const leaseExpiresAt = new Date(args.now.getTime() + args.leaseMs);
  const res = await jobs.updateOne(sameExpiredLock(doc), {
    $set: { lockedAt: args.now, lockToken: token, lockedBy: args.workerId, leaseExpiresAt, deadlineAt: leaseExpiresAt },
    $unset: RELEASE_SLOT,
  });
  if (res.matchedCount !== 1) return undefined;
  return { jobId: doc._id, token, lockedAt: args.now, deadlineAt: leaseExpiresAt, attempt: Number(doc.attempts ?? 0), ranBefore: true };
}

/** The very lock that was seen expired, with the very lease: a renewal that landed since makes it no match. */
export function sameExpiredLock(doc: WithId<Document>): Document {
  const seen = doc as WithId<Document> & { lockToken?: string | null; lockedAt?: Date | null; leaseExpiresAt?: Date | null };
  return { _id: seen._id, lockToken: seen.lockToken ?? null, lockedAt: seen.lockedAt ?? null, leaseExpiresAt: seen.leaseExpiresAt ?? null };
}
