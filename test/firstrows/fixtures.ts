/** What the first-rows tests share: an entry as the first-rows service writes it, and the waiting first-rows jobs. */
import type { Db } from 'mongodb';
import type { FirstRowsResponseDocument } from '../../src/cache/first-rows-response.ts';
import { FIRST_ROWS_JOB_NAME } from '../../src/queue/enqueue-first-rows-jobs.ts';

/** A first-rows entry as the first-rows service writes it. */
export function firstRowsEntry(dataset: string, config: string, split: string): FirstRowsResponseDocument {
  return {
    dataset_name: dataset,
    config_name: config,
    split_name: split,
    http_status: 200,
    error_code: null,
    response: { rows: [{ row_idx: 0, row: { text: `${config}/${split}` } }] },
    details: null,
    stale: false,
    updated_at: new Date('2026-01-01T00:00:00Z'),
  };
}

/** "dataset/config/split" of every waiting first-rows job, sorted (a duplicate shows twice). */
export async function waitingFirstRowsJobs(queueDb: Db): Promise<string[]> {
  const docs = await queueDb
    .collection('agendaJobs')
    .find({ name: FIRST_ROWS_JOB_NAME, lockedAt: null, nextRunAt: { $ne: null } })
    .toArray();
  return docs
    .map((d) => d.data as { dataset: string; config: string; split: string })
    .map((t) => `${t.dataset}/${t.config}/${t.split}`)
    .sort();
}
