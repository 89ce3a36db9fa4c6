import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { CachedResponseFields } from './splits-response.ts';

/**
 * The cached answer of /first-rows for one split, written by the first-rows service (not this worker); field
 * names are the original datasets-server's. This worker only deletes the entries of splits that vanished.
 */
export interface FirstRowsResponseDocument extends CachedResponseFields {
  dataset_name: string;
  config_name: string;
  split_name: string;
}

export const FIRST_ROWS_RESPONSE_COLLECTION = 'firstRowsResponse';

export function firstRowsResponseCollection(cacheDb: Db): Collection<FirstRowsResponseDocument> {
  return cacheDb.collection<FirstRowsResponseDocument>(FIRST_ROWS_RESPONSE_COLLECTION);
}

/**
 * Creates the unique index on (dataset_name, config_name, split_name) (idempotent). Its prefix also serves the
 * deletion of a dataset's obsolete entries. The collection is the first-rows service's: an index it already
 * made on these keys with other options is kept as it is (false), rather than stopping this worker.
 */
export async function ensureFirstRowsResponseIndexes(cacheDb: Db): Promise<boolean> {
  try {
    // The default name, as the original's mongoengine model creates it: an index already there is the same one.
    await firstRowsResponseCollection(cacheDb).createIndex({ dataset_name: 1, config_name: 1, split_name: 1 }, { unique: true });
    return true;
  } catch (err) {
    // IndexOptionsConflict, IndexKeySpecsConflict
    if (err instanceof MongoServerError && (err.code === 85 || err.code === 86)) return false;
    throw err;
  }
}
