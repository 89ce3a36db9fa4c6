import { randomUUID } from 'node:crypto';
import { MongoServerError, type Db } from 'mongodb';
import { datasetSlotsCollection, slotId, type SlotClaim } from './dataset-slots.ts';

/**
 * Takes a free slot of `dataset` for `jobId`, or returns undefined when all `limit` slots are held.
 * Each try is one upsert whose filter is the precondition (slot expired, or held by this same job, whose
 * earlier run crashed); when the slot is held by another job the upsert collides on `_id` and we try the next.
 */
export async function claimDatasetSlot(
  queueDb: Db,
  args: { dataset: string; jobId: string; workerId: string; limit: number; leaseMs: number },
): Promise<SlotClaim | undefined> {
  const slots = datasetSlotsCollection(queueDb);
  const now = new Date();
  const claim = randomUUID();
  for (let n = 0; n < args.limit; n++) {
    const _id = slotId(args.dataset, n);
    try {
      await slots.updateOne(
        { _id, $or: [{ expiresAt: { $lte: now } }, { jobId: args.jobId }] },
        {
          $set: { dataset: args.dataset, jobId: args.jobId, workerId: args.workerId, claim, expiresAt: new Date(now.getTime() + args.leaseMs) },
        },
        { upsert: true },
      );
      return { slotId: _id, claim };
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) continue;
      throw err;
    }
  }
  return undefined;
}
