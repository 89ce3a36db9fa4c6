import type { ObjectId } from 'mongodb';
import type { JobsCollection } from './job-lock.ts';
import { followUpWrite, type FollowUpJob } from './finish-job.ts';

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
 * One `first-rows` job per split, as follow-up jobs of the splits job's end (see finishJob): each is an upsert
 * whose filter is "a waiting job of this triple" and whose update only sets fields on insert (what Agenda's
 * `unique(..., { insertOnly: true })` does), so a split that already has a waiting job gets no second one. The
 * inserted document is the one Agenda's `now()` would create, so any Agenda consumer takes it. `at` is the
 * server's time (the queue's clock): the jobs are due then.
 */
export function firstRowsFollowUps(splits: readonly FirstRowsJobData[], at: Date): { triples: FirstRowsJobData[]; followUps: FollowUpJob[] } {
  const triples = dedupe(splits);
  // Fields of the filter's equalities (name, data.*, lockedAt, lastRunAt) are copied into an inserted document.
  return { triples, followUps: triples.map((s) => ({ filter: waitingFilter(s), setOnInsert: agendaJobFields(at) })) };
}

/**
 * Enqueues one `first-rows` job per split on its own (not with a job's end): the same upserts in one bulk
 * command, then the duplicate check of `removeWaitingDuplicates` when jobs were inserted.
 */
export async function enqueueFirstRowsJobs(
  jobs: JobsCollection,
  splits: readonly FirstRowsJobData[],
  at: Date,
): Promise<{ enqueued: number; alreadyWaiting: number }> {
  const { triples, followUps } = firstRowsFollowUps(splits, at);
  if (triples.length === 0) return { enqueued: 0, alreadyWaiting: 0 };
  const res = await jobs.bulkWrite(followUps.map(followUpWrite), { ordered: false });
  const inserted = triples.filter((_, i) => res.upsertedIds[i] !== undefined);
  const enqueued = inserted.length > 0 ? inserted.length - (await removeWaitingDuplicates(jobs, inserted)) : 0;
  return { enqueued, alreadyWaiting: triples.length - inserted.length };
}

/**
 * Deletes the waiting duplicates of these triples but the smallest id of each; returns how many it deleted.
 * Two processes upserting the same triple at the same instant may both insert (MongoDB only prevents that with
 * a unique index, and a partial one, waiting jobs only, is not available on every server we run): every
 * process keeps the same one (the smallest id), so concurrent callers converge on exactly one waiting job.
 * Needed only when two runs of a dataset can hand off at once (a per-dataset limit above 1).
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
