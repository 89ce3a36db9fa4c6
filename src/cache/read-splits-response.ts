import type { Db } from 'mongodb';
import { splitsResponseCollection, type SplitsResponseDocument } from './splits-response.ts';

export async function readSplitsResponse(cacheDb: Db, dataset: string): Promise<SplitsResponseDocument | null> {
  return splitsResponseCollection(cacheDb).findOne({ dataset_name: dataset }, { projection: { _id: 0 } });
}
