import type { Db } from 'mongodb';
import { datasetSlotsCollection } from './dataset-slots.ts';

/** Frees a slot, only if this job still holds it. */
export async function releaseDatasetSlot(queueDb: Db, args: { slotId: string; jobId: string }): Promise<void> {
  await datasetSlotsCollection(queueDb).deleteOne({ _id: args.slotId, jobId: args.jobId });
}

/** Frees every slot a worker holds (on graceful stop, for jobs it locked but gives back). */
export async function releaseWorkerSlots(queueDb: Db, args: { workerId: string; jobIds: string[] }): Promise<number> {
  if (args.jobIds.length === 0) return 0;
  const res = await datasetSlotsCollection(queueDb).deleteMany({ workerId: args.workerId, jobId: { $in: args.jobIds } });
  return res.deletedCount;
}
