import type { Db } from 'mongodb';
import { datasetSlotsCollection } from './dataset-slots.ts';

/** Renews the lease of a slot this job holds; false if the slot was lost (expired and taken). */
export async function extendDatasetSlot(queueDb: Db, args: { slotId: string; jobId: string; leaseMs: number }): Promise<boolean> {
  const res = await datasetSlotsCollection(queueDb).updateOne(
    { _id: args.slotId, jobId: args.jobId },
    { $set: { expiresAt: new Date(Date.now() + args.leaseMs) } },
  );
  return res.matchedCount === 1;
}
