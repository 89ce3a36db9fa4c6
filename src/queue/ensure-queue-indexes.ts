import type { Db } from 'mongodb';
import { JOBS_COLLECTION } from './queue-backend.ts';

/**
 * Indexes the worker's own queries need, besides the one Agenda creates ({name, nextRunAt, priority,
 * lockedAt, disabled}, which serves taking the next due job):
 * - expired leases: `{name, leaseExpiresAt}` (only locked jobs have one);
 * - answering the waiting jobs of a dataset: `{name, data.dataset, lockedAt, nextRunAt}`;
 * - restoring the jobs a computation had answered: `{name, supersededBy}`;
 * - the per-dataset limit: `{datasetSlot}`, unique and sparse (only running jobs have the field), so two runs
 *   can never hold the same slot of a dataset, whichever process takes it;
 * - workers are found by `_id`, which is always indexed.
 */
export async function ensureQueueIndexes(queueDb: Db): Promise<void> {
  const jobs = queueDb.collection(JOBS_COLLECTION);
  await jobs.createIndex({ name: 1, leaseExpiresAt: 1 }, { name: 'splits_expired_leases' });
  await jobs.createIndex({ name: 1, 'data.dataset': 1, lockedAt: 1, nextRunAt: 1 }, { name: 'splits_waiting_by_dataset' });
  await jobs.createIndex({ name: 1, supersededBy: 1 }, { name: 'splits_superseded_by' });
  await jobs.createIndex({ datasetSlot: 1 }, { name: 'splits_dataset_slot', unique: true, sparse: true });
}
