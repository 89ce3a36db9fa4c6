import os from 'node:os';
import type { Collection, Db } from 'mongodb';

/**
 * Live workers and the queue settings each declares, so that settings stay shared across processes:
 * the per-dataset (and per-namespace) limit in force is the smallest any live worker declares, and a worker whose settings
 * differ from the others' says so at start-up. A worker renews its entry while it runs; an entry whose
 * `expiresAt` (server time) has passed is a worker that died.
 */
export interface WorkerEntry {
  _id: string;
  hostname: string;
  pid: number;
  /** MAX_JOBS_PER_DATASET as this worker reads it; 0 for no limit */
  maxJobsPerDataset: number;
  /** MAX_JOBS_PER_NAMESPACE as this worker reads it; 0 for no limit (missing: a worker from before the setting) */
  maxJobsPerNamespace?: number;
  lockSeconds: number;
  startedAt: Date;
  expiresAt: Date;
}

export type QueueSettings = Pick<WorkerEntry, 'maxJobsPerDataset' | 'maxJobsPerNamespace' | 'lockSeconds'>;

export const WORKERS_COLLECTION = 'workers';

export function workersCollection(queueDb: Db): Collection<WorkerEntry> {
  return queueDb.collection<WorkerEntry>(WORKERS_COLLECTION);
}

/** Registers or renews this worker's entry until `expiresAt`. */
export async function declareWorker(
  workers: Collection<WorkerEntry>,
  args: { workerId: string; settings: QueueSettings; now: Date; expiresAt: Date },
): Promise<void> {
  await workers.updateOne(
    { _id: args.workerId },
    {
      $set: { ...args.settings, expiresAt: args.expiresAt, hostname: os.hostname(), pid: process.pid },
      $setOnInsert: { startedAt: args.now },
    },
    { upsert: true },
  );
}

export async function removeWorker(workers: Collection<WorkerEntry>, workerId: string): Promise<void> {
  await workers.deleteOne({ _id: workerId });
}

/** Entries of the workers alive at `now`; dead ones are deleted on the way (bounded: one deleteMany). */
export async function liveWorkers(workers: Collection<WorkerEntry>, now: Date): Promise<WorkerEntry[]> {
  await workers.deleteMany({ expiresAt: { $lte: now } });
  return workers
    .find({ expiresAt: { $gt: now } })
    .limit(1000)
    .toArray();
}

/** The per-dataset limit in force: the smallest positive limit any live worker declares; undefined for none. */
export function effectiveDatasetLimit(entries: Pick<WorkerEntry, 'maxJobsPerDataset'>[]): number | undefined {
  return smallestLimit(entries.map((e) => e.maxJobsPerDataset));
}

/** The per-namespace limit in force, the same way. */
export function effectiveNamespaceLimit(entries: Pick<WorkerEntry, 'maxJobsPerNamespace'>[]): number | undefined {
  return smallestLimit(entries.map((e) => e.maxJobsPerNamespace ?? 0));
}

function smallestLimit(declared: number[]): number | undefined {
  const limits = declared.filter((n) => n > 0);
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

/** Live workers whose settings differ from `mine`, for the start-up warning. */
export function workersWithOtherSettings(entries: WorkerEntry[], workerId: string, mine: QueueSettings): WorkerEntry[] {
  return entries.filter(
    (e) =>
      e._id !== workerId &&
      (e.maxJobsPerDataset !== mine.maxJobsPerDataset ||
        (e.maxJobsPerNamespace ?? 0) !== (mine.maxJobsPerNamespace ?? 0) ||
        e.lockSeconds !== mine.lockSeconds),
  );
}

/**
 * This worker's place among the live workers (their ids in order, this one counted even when its entry was not
 * read back): the lock step tries first the due jobs that are its own, so that workers seldom race for one job.
 * Workers that read the registry at different times may disagree for a moment: a job then has two owners or
 * none, which costs a lost lock or a later pick-up, never a guarantee.
 */
export function stripeAmong(entries: Pick<WorkerEntry, '_id'>[], workerId: string): { index: number; count: number } {
  const ids = [...new Set([...entries.map((e) => e._id), workerId])].sort();
  return { index: ids.indexOf(workerId), count: ids.length };
}
