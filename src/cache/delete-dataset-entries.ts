import type { Db } from 'mongodb';
import { splitsResponseCollection } from './splits-response.ts';
import { firstRowsResponseCollection } from './first-rows-response.ts';

/** Deletes a dataset's `splitsResponse` entry and all its `firstRowsResponse` entries (a repo deleted or renamed). */
export async function deleteDatasetEntries(cacheDb: Db, dataset: string): Promise<{ splits: number; firstRows: number }> {
  const splits = await splitsResponseCollection(cacheDb).deleteMany({ dataset_name: dataset });
  const firstRows = await firstRowsResponseCollection(cacheDb).deleteMany({ dataset_name: dataset });
  return { splits: splits.deletedCount, firstRows: firstRows.deletedCount };
}
