import type { Db } from 'mongodb';
import { firstRowsResponseCollection } from './first-rows-response.ts';

/**
 * Deletes the /first-rows entries of a dataset whose (config, split) is not among `splits`, the dataset's
 * current splits, in one command. Entries of current splits are left untouched. Returns how many were deleted.
 * Idempotent: a second call with the same splits deletes nothing.
 */
export async function deleteObsoleteFirstRows(cacheDb: Db, dataset: string, splits: readonly { config: string; split: string }[]): Promise<number> {
  // `$nor` must not be empty: a dataset without splits keeps no entry at all.
  const filter =
    splits.length === 0 ? { dataset_name: dataset } : { dataset_name: dataset, $nor: splits.map((s) => ({ config_name: s.config, split_name: s.split })) };
  const res = await firstRowsResponseCollection(cacheDb).deleteMany(filter);
  return res.deletedCount;
}
