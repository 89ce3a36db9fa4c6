import { randomUUID } from 'node:crypto';
import { MongoServerError, type Document, type ObjectId, type WithId } from 'mongodb';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { datasetSlotKey } from './job-lock.ts';

/** A due job as the lock step sees it before it tries to lock it. */
export interface Candidate {
  _id: ObjectId;
  data: unknown;
  /** it runs alone in its worker (see death-charge.ts) */
  runAlone?: boolean;
}

/**
 * The first `limit` due, unlocked jobs, in Agenda's order (nextRunAt, then priority): the lock step tries them
 * one by one, so that it knows each job's dataset before it locks it, and takes the dataset's slot in the same
 * write as the lock. One read serves many locks.
 */
export async function findDueJobs(jobs: JobsCollection, args: { name: string; now: Date; limit: number }): Promise<Candidate[]> {
  return jobs
    .find({ name: args.name, disabled: { $ne: true }, lockedAt: null, nextRunAt: { $lte: args.now } }, { projection: { _id: 1, data: 1, runAlone: 1 } })
    .sort({ nextRunAt: 1, priority: -1 })
    .limit(args.limit)
    .toArray() as Promise<Candidate[]>;
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
}

export type LockJobResult = { locked: { doc: WithId<Document>; lock: HeldLock } } | { taken: true } | { datasetBusy: true };

/**
 * Locks one job, if it is still due and unlocked: one atomic findOneAndUpdate that sets a fresh token, the
 * lease and the deadline on the server's clock, counts the attempt, and takes a slot of the job's dataset. The
 * slot is a field under a unique index, so when all the dataset's slots are held by running jobs the write
 * fails on the index and nothing changes (one try per slot).
 */
export async function lockJob(jobs: JobsCollection, candidate: Candidate, args: LockJobArgs): Promise<LockJobResult> {
  const token = randomUUID();
  const { now } = args;
  const deadlineAt = new Date(now.getTime() + args.maxDurationMs);
  const fields = {
    lockedAt: now,
    lockToken: token,
    lockedBy: args.workerId,
    leaseExpiresAt: new Date(Math.min(now.getTime() + args.leaseMs, deadlineAt.getTime())),
    deadlineAt,
    lastRunAt: now,
    lastModifiedBy: args.workerId,
  };
  const slots = args.slot ? Array.from({ length: args.slot.limit }, (_, n) => datasetSlotKey(args.slot!.dataset, n)) : [undefined];
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
          runAlone: candidate.runAlone === true ? true : { $ne: true },
        },
        { $set: set, $inc: { attempts: 1 } },
        { returnDocument: 'before' },
      );
      if (!before) return { taken: true };
      // The document as the write left it, and whether a run of the job had started before this one.
      const attempt = (Number(before.attempts) || 0) + 1;
      const doc = { ...before, ...set, attempts: attempt };
      return { locked: { doc, lock: { jobId: before._id, token, lockedAt: now, deadlineAt, attempt, ranBefore: before.lastRunAt != null } } };
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) continue;
      throw err;
    }
  }
  return { datasetBusy: true };
}
