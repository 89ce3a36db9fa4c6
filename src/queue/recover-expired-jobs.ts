import { randomUUID } from 'node:crypto';
import type { Document, WithId } from 'mongodb';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { RELEASE_SLOT, UNLOCKED } from './job-lock.ts';
import { counterOf, sameCounter } from './job-counters.ts';
import { BOUNDED_DATA, bounded } from './job-view.ts';

/**
 * The jobs whose lease expired (their worker died, was cut off, or paused past its lease), oldest first; and
 * the jobs locked without a lease (by a worker of an earlier version, or by Agenda's own locking, or by a
 * producer's write: a `leaseExpiresAt` that is not a date is no lease) whose lock time is more than `leaseMs`
 * ago, more than `leaseMs` ahead of the server's clock, or not a time at all: such a lock would otherwise hold
 * the job for ever. Read at a bounded size (job-view.ts).
 */
export async function findExpiredJobs(jobs: JobsCollection, args: { name: string; now: Date; leaseMs: number; limit: number }): Promise<WithId<Document>[]> {
  const noLease = { leaseExpiresAt: { $not: { $type: 'date' } } };
  return jobs
    .aggregate<WithId<Document>>([
      {
        $match: {
          name: args.name,
          // Each branch bounds its own index scan: an expired lease on {name, leaseExpiresAt}; a lock without a
          // lease on {name, lockedAt, …} (splits_by_state), within the locked jobs only (lockedAt set: a date
          // out of bounds, or not a date at all), never the waiting or finished ones.
          $or: [
            { lockedAt: { $ne: null }, leaseExpiresAt: { $lte: args.now } },
            { ...noLease, lockedAt: { $lte: new Date(args.now.getTime() - args.leaseMs) } },
            { ...noLease, lockedAt: { $gt: new Date(args.now.getTime() + args.leaseMs) } },
            { ...noLease, lockedAt: { $ne: null, $not: { $type: 'date' } } },
          ],
        },
      },
      { $sort: { leaseExpiresAt: 1 } },
      { $limit: args.limit },
      {
        $project: {
          _id: 1,
          lockToken: bounded('$lockToken'),
          lockedAt: bounded('$lockedAt'),
          leaseExpiresAt: bounded('$leaseExpiresAt'),
          lockedBy: bounded('$lockedBy'),
          attempts: bounded('$attempts'),
          failCount: bounded('$failCount'),
          data: BOUNDED_DATA,
          // a death counts against a job only when it ran alone (death-charge.ts)
          runAlone: { $eq: ['$runAlone', true] },
        },
      },
    ])
    .toArray();
}

/**
 * Puts a job whose holder died back in the queue, due only after `dueAt` (a backoff, so that a job that kills
 * its worker cannot take every worker in turn), and frees its dataset slot. Fenced on the dead lock's token and
 * expiry, so that of several workers recovering it at once one does. The crash counts as a failure.
 */
export async function requeueExpiredJob(jobs: JobsCollection, doc: WithId<Document>, args: { now: Date; dueAt: Date; reason: string }): Promise<boolean> {
  // failCount is set from the value read, fenced on it: the job may have been locked by another version or by
  // Agenda, with whatever failCount its producer wrote (Agenda's null).
  const res = await jobs.updateOne(
    { ...sameExpiredLock(doc), ...sameCounter('failCount', doc.failCount) },
    {
      $set: { ...UNLOCKED, nextRunAt: args.dueAt, failedAt: args.now, failReason: args.reason, failCount: counterOf(doc.failCount) + 1 },
      $unset: RELEASE_SLOT,
    },
  );
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
  const attempt = counterOf(doc.attempts);
  const failCount = counterOf(doc.failCount);
  const res = await jobs.updateOne(
    { ...sameExpiredLock(doc), ...sameCounter('attempts', doc.attempts), ...sameCounter('failCount', doc.failCount) },
    {
      $set: { lockedAt: args.now, lockToken: token, lockedBy: args.workerId, leaseExpiresAt, deadlineAt: leaseExpiresAt, attempts: attempt, failCount },
      $unset: RELEASE_SLOT,
    },
  );
  if (res.matchedCount !== 1) return undefined;
  return { jobId: doc._id, token, lockedAt: args.now, deadlineAt: leaseExpiresAt, attempt, failCount, ranBefore: true };
}

/**
 * The very lock that was seen expired, with the very lease: a renewal that landed since makes it no match. The
 * fields as read (their values, or their kinds for what a producer wrote there: see sameCounter).
 */
export function sameExpiredLock(doc: WithId<Document>): Document {
  return {
    _id: doc._id,
    ...sameCounter('lockToken', doc.lockToken),
    ...sameCounter('lockedAt', doc.lockedAt),
    ...sameCounter('leaseExpiresAt', doc.leaseExpiresAt),
  };
}
