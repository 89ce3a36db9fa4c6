import type { Collection, Db } from 'mongodb';

/**
 * One document per slot of a dataset: `_id` is `<dataset>#<n>` for n < MAX_JOBS_PER_DATASET. A slot is held by
 * one job until it is released or its lease expires (a crashed worker stops renewing it). The unique `_id`
 * makes the claim atomic across processes. Each claim has its own random `claim` token: renewing and
 * releasing match it, so a late release from an earlier holder can never free a slot claimed since.
 */
export interface DatasetSlot {
  _id: string;
  dataset: string;
  jobId: string;
  workerId: string;
  claim: string;
  expiresAt: Date;
}

/** A slot held by one job: which slot, and the token of this claim. */
export interface SlotClaim {
  slotId: string;
  claim: string;
}

export const DATASET_SLOTS_COLLECTION = 'datasetSlots';

export function datasetSlotsCollection(queueDb: Db): Collection<DatasetSlot> {
  return queueDb.collection<DatasetSlot>(DATASET_SLOTS_COLLECTION);
}

export function slotId(dataset: string, n: number): string {
  return `${dataset}#${n}`;
}
