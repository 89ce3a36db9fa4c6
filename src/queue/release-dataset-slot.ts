import type { Db } from 'mongodb';
import { datasetSlotsCollection, type SlotClaim } from './dataset-slots.ts';

/** Frees slots, each only if this very claim still holds it. */
export async function releaseDatasetSlots(queueDb: Db, claims: SlotClaim[]): Promise<number> {
  if (claims.length === 0) return 0;
  const res = await datasetSlotsCollection(queueDb).deleteMany({ $or: claims.map((c) => ({ _id: c.slotId, claim: c.claim })) });
  return res.deletedCount;
}
