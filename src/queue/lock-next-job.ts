import { randomUUID } from 'node:crypto';
import { MongoServerError, type Document, type ObjectId, type WithId } from 'mongodb';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { datasetSlotKey, RELEASE_SLOT } from './job-lock.ts';
import { counterOf, sameCounter } from './job-counters.ts';
import { BOUNDED_DATA, bounded } from './job-view.ts';

/** A due job as the lock step sees it before it tries to lock it (see job-view.ts: every field at a bounded size). */
export interface Candidate {
  /** an ObjectId for every job Agenda writes; a producer may write any other value (such a job is not run) */
  _id: ObjectId;
  /** `{ dataset }` when the job's data is an object, else its bounded value */
  data: unknown;
  /** the counters as read (any value a producer wrote): the lock sets them from these, fenced on them */
  attempts?: unknown;
  failCount?: unknown;
  /** it runs alone in its worker (see death-charge.ts) */
  runAlone?: boolean;
}

/**
 * The first `limit` due, unlocked jobs, in Agenda's order (nextRunAt, then priority): the lock step tries them
 * one by one, so that it knows each job's dataset before it locks it, and takes the dataset's slot in the same
 * write as the lock. One read serves many locks.
 */
export async function findDueJobs(jobs: JobsCollection, args: { name: string; now: Date; limit: number }): Promise<Candidate[]> {
  // An aggregation only for its bounded projection: $match, $sort and $limit lead, on Agenda's index, as a find's would.
  return jobs
    .aggregate<Candidate>([
      { $match: { name: args.name, disabled: { $ne: true }, lockedAt: null, nextRunAt: { $lte: args.now } } },
      { $sort: { nextRunAt: 1, priority: -1 } },
      { $limit: args.limit },
      { $project: { _id: 1, data: BOUNDED_DATA, attempts: bounded('$attempts'), failCount: bounded('$failCount'), runAlone: { $eq: ['$runAlone', true] } } },
    ])
    .toArray();
}

/**
 * Which of `groups` have more than one due, unlocked job in the whole queue, in one aggregation over the
 * `{name, data.dataset, lockedAt, nextRunAt}` index: when a batch of due jobs did not hold every due job, this
 * says whether a run of one of its datasets has other waiting jobs to answer, without a write per run to find out.
 */
export async function findCrowdedGroups(jobs: JobsCollection, args: { name: string; now: Date; groups: readonly string[] }): Promise<Set<string>> {
  if (args.groups.length === 0) return new Set();
  const rows = await jobs
    .aggregate<{ _id: string }>([
      { $match: { name: args.name, 'data.dataset': { $in: [...new Set(args.groups)] }, lockedAt: null, nextRunAt: { $ne: null, $lte: args.now } } },
      { $group: { _id: '$data.dataset', n: { $sum: 1 } } },
      { $match: { n: { $gt: 1 } } },
    ])
    .toArray();
  return new Set(rows.map((r) => r._id));
}

export interface LockJobArgs {
  name: string;
  /** the server's time now */
  now: Date;
  leaseMs: number;
  maxDurationMs: number;
  workerId: string;
  /** the job's dataset and the per-dataset limit in force: the lock takes slot `<dataset>#n`, n < limit */
  slot?: { dataset: string; limit: number };
  /** slots held by unlocked jobs (a producer's write) were freed to lock this one */
  onSquattedSlotsFreed?: (count: number) => void;
}

export type LockJobResult = { locked: { doc: WithId<Document>; lock: HeldLock } } | { taken: true } | { datasetBusy: true };

/**
 * Frees the slots among `slots` that unlocked jobs hold. The queue sets a slot only in the write that locks a
 * job and removes it in every write that unlocks one, so an unlocked job holding a slot is a producer's write,
 * which would block the dataset for ever. Returns how many were freed.
 */
export async function freeSquattedSlots(jobs: JobsCollection, slots: readonly string[]): Promise<number> {
  const res = await jobs.updateMany({ datasetSlot: { $in: [...slots] }, lockedAt: null }, { $unset: RELEASE_SLOT });
  return res.modifiedCount;
}

/**
 * Ends a due job the queue cannot run (an `_id` that is not an ObjectId: Agenda and every write of the queue
 * identify a job by its ObjectId): in error, with `reason`, never retried. Fenced like a lock (still due,
 * unlocked, the failCount read), so that it ends once.
 */
export async function endMalformedJob(
  jobs: JobsCollection,
  candidate: Pick<Candidate, '_id' | 'failCount'>,
  args: { name: string; now: Date; reason: string },
): Promise<boolean> {
  const res = await jobs.updateOne(
    { _id: candidate._id, name: args.name, lockedAt: null, nextRunAt: { $lte: args.now }, ...sameCounter('failCount', candidate.failCount) },
    {
      $set: { nextRunAt: null, lastFinishedAt: args.now, failedAt: args.now, failReason: args.reason, failCount: counterOf(candidate.failCount) + 1 },
      $unset: RELEASE_SLOT,
    },
  );
  return res.matchedCount === 1;
}

/**
 * Locks one job, if it is still due and unlocked: one atomic findOneAndUpdate that sets a fresh token, the
 * lease and the deadline on the server's clock, counts the attempt, and takes a slot of the job's dataset. The
 * slot is a field under a unique index, so when all the dataset's slots are held by running jobs the write
 * fails on the index and nothing changes (one try per slot). Slots held by unlocked jobs are freed and tried again.
 *
 * The counters are set, not incremented (MongoDB refuses `$inc` on Agenda's `failCount: null`, or on whatever
 * else a producer wrote): from the values the candidate read, and only where they still hold, so that every
 * later write under this lock finds numbers. A job whose counters changed since the read is left to the next read.
 */
export async function lockJob(jobs: JobsCollection, candidate: Candidate, args: LockJobArgs): Promise<LockJobResult> {
  const token = randomUUID();
  const { now } = args;
  const deadlineAt = new Date(now.getTime() + args.maxDurationMs);
  const attempt = counterOf(candidate.attempts) + 1;
  const failCount = counterOf(candidate.failCount);
  const fields = {
    attempts: attempt,
    failCount,
    lockedAt: now,
    lockToken: token,
    lockedBy: args.workerId,
    leaseExpiresAt: new Date(Math.min(now.getTime() + args.leaseMs, deadlineAt.getTime())),
    deadlineAt,
    lastRunAt: now,
    lastModifiedBy: args.workerId,
  };
  const slots = args.slot ? Array.from({ length: args.slot.limit }, (_, n) => datasetSlotKey(args.slot!.dataset, n)) : [undefined];
  const result = await tryEachSlot(jobs, candidate, args, fields, slots);
  if (!('datasetBusy' in result) || !args.slot) return result;
  // Every slot is held: by running jobs (the usual case: the write changed nothing), or by a producer's write on
  // an unlocked job, which would block the dataset for ever. Such slots are freed, and the slots tried again once.
  const freed = await freeSquattedSlots(jobs, slots as string[]);
  if (freed === 0) return result;
  args.onSquattedSlotsFreed?.(freed);
  return tryEachSlot(jobs, candidate, args, fields, slots);
}

async function tryEachSlot(
  jobs: JobsCollection,
  candidate: Candidate,
  args: LockJobArgs,
  fields: Document & { lockToken: string; attempts: number; failCount: number; deadlineAt: Date },
  slots: readonly (string | undefined)[],
): Promise<LockJobResult> {
  const { now } = args;
  const { lockToken: token, attempts: attempt, failCount, deadlineAt } = fields;
  for (const slot of slots) {
    const set = { ...fields, ...(slot ? { datasetSlot: slot } : {}) };
    try {
      const before = await jobs.findOneAndUpdate(
        // runAlone as read: a job that must run alone is locked only by a lock step that made room for it
        {
          _id: candidate._id,
          name: args.name,
          disabled: { $ne: true },
          lockedAt: null,
          nextRunAt: { $lte: now },
          ...sameCounter('attempts', candidate.attempts),
          ...sameCounter('failCount', candidate.failCount),
          runAlone: candidate.runAlone === true ? true : { $ne: true },
        },
        { $set: set },
        // Agenda's fields: not `data`, which the candidate read at a bounded size
        { returnDocument: 'before', projection: { data: 0 } },
      );
      if (!before) return { taken: true };
      // The document as the write left it (with the data as read), and whether a run of the job had started before this one.
      const doc = { ...before, ...set, data: candidate.data };
      return { locked: { doc, lock: { jobId: before._id, token, lockedAt: now, deadlineAt, attempt, failCount, ranBefore: before.lastRunAt != null } } };
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) continue;
      throw err;
    }
  }
  return { datasetBusy: true };
}
