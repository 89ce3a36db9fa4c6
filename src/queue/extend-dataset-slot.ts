import type { Db } from 'mongodb';
import { datasetSlotsCollection, type SlotClaim } from './dataset-slots.ts';

/** Renews the lease of a slot this claim holds; false if the slot was lost (expired and taken). */
export async function extendDatasetSlot(queueDb: Db, args: SlotClaim & { leaseMs: number }): Promise<boolean> {
  const res = await datasetSlotsCollection(queueDb).updateOne(
    { _id: args.slotId, claim: args.claim },
    { $set: { expiresAt: new Date(Date.now() + args.leaseMs) } },
  );
  return res.matchedCount === 1;
}
