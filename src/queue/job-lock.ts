import type { Collection, Db, Document, ObjectId } from 'mongodb';

/** Agenda's collection of jobs in the queue database. */
export const JOBS_COLLECTION = 'agendaJobs';

/**
 * The lease fields this worker adds to Agenda's job documents. A job is locked by one holder at a time;
 * the holder alone knows `lockToken`, and every write it makes to the job (renewal, hand-back, finish) is
 * filtered on it, so a worker that lost its lock can no longer change the job. Times are the MongoDB
 * server's (see ServerClock).
 *
 * - `lockedAt`: when the current lock was taken (Agenda's field, so Agenda's tools show it);
 * - `lockToken`: the holder's random token, null when unlocked;
 * - `lockedBy`: the holder's worker id (for operators);
 * - `leaseExpiresAt`: the lock is the holder's until then; renewed while it runs, never past `deadlineAt`;
 * - `deadlineAt`: when this run must end (WORKER_MAX_JOB_DURATION_SECONDS after the lock);
 * - `attempts`: locks taken that counted as an attempt (a crash spends one: it is counted when locked);
 * - `failCount`: runs that failed (Agenda's field); like `attempts`, set by each write that counts, never
 *   incremented in place (see job-counters.ts);
 * - `datasetSlot`: `<dataset>#<n>`, the slot of its dataset the run holds (n < the per-dataset limit), set in the
 *   same atomic write that takes the lock and removed in the same write that ends or hands back the lock; a
 *   unique index (sparse: only running jobs have the field) makes two runs holding one slot impossible, across
 *   every worker process;
 * - `namespaceSlot`: `<namespace>#<n>`, the same for the job's namespace (n < MAX_JOBS_PER_NAMESPACE), when a
 *   per-namespace limit is in force: taken in the same write, under its own unique sparse index;
 * - `supersededBy`: the id of the job whose computation answered this one;
 * - `runAlone`: its worker died while it ran beside other jobs, so the death named no culprit and cost it no
 *   attempt; from then on it runs alone in its worker, and a death then counts against it (see death-charge.ts).
 */
export interface JobLockFields {
  lockedAt: Date | null;
  lockToken: string | null;
  lockedBy: string | null;
  leaseExpiresAt: Date | null;
  deadlineAt: Date | null;
  attempts?: number;
  datasetSlot?: string;
  namespaceSlot?: string;
  supersededBy?: string;
  runAlone?: boolean;
}

/** A lock this worker holds: what its writes are fenced with. */
export interface HeldLock {
  jobId: ObjectId;
  token: string;
  lockedAt: Date;
  deadlineAt: Date;
  /** attempts including this one (the job's `attempts` since this lock) */
  attempt: number;
  /** the job's `failCount` since this lock (a number: the lock set it) */
  failCount: number;
  /** a run of this job started before this lock (a crash, a retry, a hand-back): it may have written before it stopped */
  ranBefore: boolean;
}

/** The $set that unlocks a job (every path that ends or hands back a lock uses it, with RELEASE_SLOT). */
export const UNLOCKED = { lockedAt: null, lockToken: null, lockedBy: null, leaseExpiresAt: null, deadlineAt: null } as const;

/**
 * The $unset that frees the job's dataset and namespace slots: the fields are removed, never set to null (a sparse
 * index skips only missing fields).
 */
export const RELEASE_SLOT = { datasetSlot: '', namespaceSlot: '' } as const;

/** The fields that hold a run's slots, each under a unique sparse index (ensure-queue-indexes.ts). */
export type SlotField = 'datasetSlot' | 'namespaceSlot';

/** The unique sparse indexes on the slots: a lock refused on one names it in its duplicate-key error. */
export const DATASET_SLOT_INDEX = 'splits_dataset_slot';
export const NAMESPACE_SLOT_INDEX = 'splits_namespace_slot';

export function datasetSlotKey(dataset: string, n: number): string {
  return `${dataset}#${n}`;
}

export function namespaceSlotKey(namespace: string, n: number): string {
  return `${namespace}#${n}`;
}

/**
 * The namespace of a dataset (or of any group the handler names): the part before its `/`, the user or
 * organization on the Hub; a dataset without one is its own namespace. Fair scheduling and MAX_JOBS_PER_NAMESPACE
 * count running jobs per namespace.
 */
export function namespaceOf(group: string): string {
  const slash = group.indexOf('/');
  return slash === -1 ? group : group.slice(0, slash);
}

export type JobsCollection = Collection<Document>;

export function jobsCollection(queueDb: Db): JobsCollection {
  return queueDb.collection(JOBS_COLLECTION);
}
