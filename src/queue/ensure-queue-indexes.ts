import type { Db } from 'mongodb';
import { JOBS_COLLECTION } from './queue-backend.ts';
import { DATASET_SLOT_INDEX, NAMESPACE_SLOT_INDEX } from './job-lock.ts';
import { WORKERS_COLLECTION } from './worker-registry.ts';

/**
 * The fields a job's state is read from (count-jobs-by-state.ts), after its name and lock: `{name, lockedAt}`
 * leads, for the locked jobs (the sweep's lease-less locks, the oldest started job), and the whole key covers
 * the count of jobs by state, read from the index alone.
 */
export const JOB_STATE_INDEX_KEY = { name: 1, lockedAt: 1, nextRunAt: 1, supersededBy: 1, failCount: 1, lastFinishedAt: 1, skipped: 1 } as const;

/**
 * The lock step's reads of due jobs (lock-next-job.ts findDueJobs): the unlocked jobs of a name, the highest
 * priority first, then the oldest, with the dataset in the key so that the read that looks past a flood of a few
 * namespaces filters them out on the index's keys, without reading their documents.
 */
export const DUE_JOBS_INDEX_KEY = { name: 1, lockedAt: 1, priority: -1, nextRunAt: 1, 'data.dataset': 1 } as const;

/**
 * Indexes the worker's own queries need (Agenda creates its own, {name, nextRunAt, priority, lockedAt, disabled},
 * which producers' and Agenda's queries use):
 * - due jobs, by priority then age: DUE_JOBS_INDEX_KEY;
 * - expired leases: `{name, leaseExpiresAt}` (only locked jobs have one);
 * - locks without a lease, the oldest started job, the count of jobs by state: `{name, lockedAt, nextRunAt,
 *   supersededBy, failCount, lastFinishedAt, skipped}` (JOB_STATE_INDEX_KEY);
 * - answering the waiting jobs of a dataset: `{name, data.dataset, lockedAt, nextRunAt}`;
 * - restoring the jobs a computation had answered: `{name, supersededBy}`;
 * - the per-dataset limit: `{datasetSlot}`, unique and sparse (only running jobs have the field), so two runs
 *   can never hold the same slot of a dataset, whichever process takes it; the per-namespace limit:
 *   `{namespaceSlot}`, the same;
 * - workers are found by `_id`, which is always indexed, and the live or dead ones by `{expiresAt}`.
 */
export async function ensureQueueIndexes(queueDb: Db): Promise<void> {
  const jobs = queueDb.collection(JOBS_COLLECTION);
  await jobs.createIndex({ name: 1, leaseExpiresAt: 1 }, { name: 'splits_expired_leases' });
  await jobs.createIndex({ name: 1, 'data.dataset': 1, lockedAt: 1, nextRunAt: 1 }, { name: 'splits_waiting_by_dataset' });
  await jobs.createIndex({ name: 1, supersededBy: 1 }, { name: 'splits_superseded_by' });
  await jobs.createIndex(DUE_JOBS_INDEX_KEY, { name: 'splits_due' });
  await jobs.createIndex({ datasetSlot: 1 }, { name: DATASET_SLOT_INDEX, unique: true, sparse: true });
  await jobs.createIndex({ namespaceSlot: 1 }, { name: NAMESPACE_SLOT_INDEX, unique: true, sparse: true });
  await jobs.createIndex(JOB_STATE_INDEX_KEY, { name: 'splits_by_state' });
  await queueDb.collection(WORKERS_COLLECTION).createIndex({ expiresAt: 1 }, { name: 'workers_by_expiry' });
}
