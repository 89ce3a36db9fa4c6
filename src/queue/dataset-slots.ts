import { MongoServerError, type Collection, type Db } from 'mongodb';

/**
 * One document per slot of a dataset: `_id` is `<dataset>#<n>` for n below the queue's per-dataset limit.
 * A slot is held by one lock until it is released or its lease expires (a crashed worker stops renewing
 * it); the unique `_id` makes the claim atomic across processes. A slot carries the token of the job lock
 * that holds it: renewing and releasing match it, so a late write from an earlier holder never touches a
 * slot claimed since. Expiries are on the server's clock.
 */
export interface DatasetSlot {
  _id: string;
  dataset: string;
  jobId: string;
  workerId: string;
  token: string;
  expiresAt: Date;
}

/** A slot held by one job lock. */
export interface SlotClaim {
  slotId: string;
  token: string;
}

export const DATASET_SLOTS_COLLECTION = 'datasetSlots';

export function datasetSlotsCollection(queueDb: Db): Collection<DatasetSlot> {
  return queueDb.collection<DatasetSlot>(DATASET_SLOTS_COLLECTION);
}

export function slotId(dataset: string, n: number): string {
  return `${dataset}#${n}`;
}

/**
 * Takes a free slot of `dataset` for a job lock, or returns undefined when all `limit` slots are held.
 * Each try is one upsert whose filter is the precondition (the slot expired, or is held by an earlier lock
 * of this same job, whose holder lost it); a slot held by another job collides on `_id` and we try the next.
 */
export async function claimDatasetSlot(
  slots: Collection<DatasetSlot>,
  args: { dataset: string; jobId: string; workerId: string; token: string; limit: number; now: Date; expiresAt: Date },
): Promise<SlotClaim | undefined> {
  for (let n = 0; n < args.limit; n++) {
    const _id = slotId(args.dataset, n);
    try {
      await slots.updateOne(
        { _id, $or: [{ expiresAt: { $lte: args.now } }, { jobId: args.jobId }] },
        { $set: { dataset: args.dataset, jobId: args.jobId, workerId: args.workerId, token: args.token, expiresAt: args.expiresAt } },
        { upsert: true },
      );
      return { slotId: _id, token: args.token };
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) continue;
      throw err;
    }
  }
  return undefined;
}

/** Renews a slot this claim still holds; false if it was lost (expired and taken). */
export async function extendDatasetSlot(slots: Collection<DatasetSlot>, claim: SlotClaim, expiresAt: Date): Promise<boolean> {
  const res = await slots.updateOne({ _id: claim.slotId, token: claim.token }, { $set: { expiresAt } });
  return res.matchedCount === 1;
}

/** Frees a slot, only if this very claim still holds it. */
export async function releaseDatasetSlot(slots: Collection<DatasetSlot>, claim: SlotClaim): Promise<boolean> {
  const res = await slots.deleteOne({ _id: claim.slotId, token: claim.token });
  return res.deletedCount === 1;
}
