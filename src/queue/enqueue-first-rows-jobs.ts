import type { AnyBulkWriteOperation, Document, ObjectId } from 'mongodb';
import type { JobsCollection } from './job-lock.ts';

/** The data of a `first-rows` job, as this worker enqueues it for the first-rows service. */
export interface FirstRowsJobData {
  dataset: string;
  config: string;
  split: string;
}

export const FIRST_ROWS_JOB_NAME = 'first-rows';

/**
 * A waiting job of the triple that never ran: not locked, due (now or later), never started. A job that ran
 * and waits for a retry is not one: it is left alone and a new job is added.
 */
function waitingFilter(s: FirstRowsJobData) {
  return {
    name: FIRST_ROWS_JOB_NAME,
    'data.dataset': s.dataset,
    'data.config': s.config,
    'data.split': s.split,
    lockedAt: null,
    lastRunAt: null,
    nextRunAt: { $ne: null },
  };
}

/**
 * Enqueues one `first-rows` job per split, unless a job of the same (dataset, config, split) is already
 * waiting: one bulk command of upserts whose filter is "a waiting job of this triple" and whose update only
 * sets fields on insert (what Agenda's `unique(..., { insertOnly: true })` does, one command for all splits).
 * The inserted document is the one Agenda's `now()` would create, so any Agenda consumer takes it.
 *
 * Two processes upserting the same triple at the same instant may both insert (MongoDB only prevents that with
 * a unique index, and a partial one, waiting jobs only, is not available on every server we run). So when this
 * call inserted jobs, it reads the waiting jobs of those triples and deletes all but the oldest of each: every
 * process keeps the same one (the smallest id), so concurrent callers converge on exactly one waiting job.
 * At most three commands; two when every split already had its waiting job.
 *
 * `at` is the server's time (the queue's clock): the jobs are due then.
 */
export async function enqueueFirstRowsJobs(
  jobs: JobsCollection,
  splits: readonly FirstRowsJobData[],
  at: Date,
): Promise<{ enqueued: number; alreadyWaiting: number }> {
  const unique = dedupe(splits);
  if (unique.length === 0) return { enqueued: 0, alreadyWaiting: 0 };
  const ops: AnyBulkWriteOperation<Document>[] = unique.map((s) => ({
    updateOne: {
      filter: waitingFilter(s),
      // Fields of the filter's equalities (name, data.*, lockedAt, lastRunAt) are copied into an inserted document.
      update: { $setOnInsert: agendaJobFields(at) },
      upsert: true,
    },
  }));
  const res = await jobs.bulkWrite(ops, { ordered: false });
  let enqueued = res.upsertedCount;
  if (enqueued > 0)
    enqueued -= await removeWaitingDuplicates(
      jobs,
      unique.filter((_, i) => res.upsertedIds[i] !== undefined),
    );
  return { enqueued, alreadyWaiting: unique.length - res.upsertedCount };
}

/**
 * Deletes the waiting duplicates of these triples but the smallest id of each; returns how many it deleted.
 * Exported for its test: the test server runs upserts one at a time, so no race makes duplicates there.
 */
export async function removeWaitingDuplicates(jobs: JobsCollection, inserted: FirstRowsJobData[]): Promise<number> {
  const waiting = await jobs.find({ $or: inserted.map(waitingFilter) }, { projection: { _id: 1, data: 1 } }).toArray();
  const keep = new Map<string, ObjectId>();
  const extra: ObjectId[] = [];
  for (const doc of waiting) {
    const d = doc.data as FirstRowsJobData;
    const key = JSON.stringify([d.dataset, d.config, d.split]);
    const kept = keep.get(key);
    if (!kept) keep.set(key, doc._id);
    else if (kept.toHexString() < doc._id.toHexString()) extra.push(doc._id);
    else {
      extra.push(kept);
      keep.set(key, doc._id);
    }
  }
  if (extra.length === 0) return 0;
  // Only jobs still waiting: one a consumer took meanwhile runs, and is no longer a duplicate of a waiting one.
  const res = await jobs.deleteMany({ _id: { $in: extra }, lockedAt: null, lastRunAt: null });
  return res.deletedCount;
}

/** The fields Agenda's `now()` gives a new job (the filter's equalities give the rest). */
function agendaJobFields(at: Date) {
  return {
    type: 'normal',
    priority: 0,
    nextRunAt: at,
    lastFinishedAt: null,
    failedAt: null,
    failCount: null,
    failReason: null,
    repeatTimezone: null,
    repeatInterval: null,
    repeatAt: null,
    disabled: null,
    progress: null,
    debounceStartedAt: null,
    fork: null,
    startDate: null,
    endDate: null,
    skipDays: null,
    lastModifiedBy: null,
  };
}

function dedupe(splits: readonly FirstRowsJobData[]): FirstRowsJobData[] {
  const seen = new Set<string>();
  const out: FirstRowsJobData[] = [];
  for (const s of splits) {
    const key = JSON.stringify([s.dataset, s.config, s.split]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ dataset: s.dataset, config: s.config, split: s.split });
  }
  return out;
}
