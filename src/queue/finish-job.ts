import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { RELEASE_SLOT, UNLOCKED } from './job-lock.ts';

/**
 * How a run ends: answered, answered already (`skipped`: the answer in place was current; the job is marked
 * `skipped: true`), failed for good, or failed for now and due again at `retryAt`.
 */
export type JobEnd = { kind: 'success' } | { kind: 'skipped' } | { kind: 'error'; reason: string } | { kind: 'retry'; reason: string; retryAt: Date };

/**
 * A job to add to the queue with a job's end, unless an equal one waits: an upsert whose filter is "a waiting job
 * like this one" and whose update only sets fields on insert. Each such write either matches one waiting job or
 * inserts one, which is what lets `finishJob` tell its own write's outcome apart in the one command.
 */
export interface FollowUpJob {
  filter: Document;
  setOnInsert: Document;
}

/** The upsert that adds a follow-up job unless an equal one waits. */
export function followUpWrite(f: FollowUpJob): AnyBulkWriteOperation<Document> {
  return { updateOne: { filter: f.filter, update: { $setOnInsert: f.setOnInsert }, upsert: true } };
}

export interface FinishResult {
  /** the final write happened: this run still held the lock */
  finished: boolean;
  /** indexes (in `followUps`) of the jobs inserted; the others matched a job that was already waiting */
  inserted: number[];
}

/**
 * The final write of a run, fenced by the lock's token: a worker that lost its lock cannot finish, fail or
 * reschedule a job that is now someone else's. It frees the dataset slot in the same write, and adds the
 * follow-up jobs (the first-rows hand-off) in the same command: one round trip ends a job and starts what comes
 * after it. The caller sends it under the run's lease guard, as every write of a run.
 */
export async function finishJob(
  jobs: JobsCollection,
  lock: Pick<HeldLock, 'jobId' | 'token' | 'failCount'>,
  end: JobEnd,
  now: Date,
  followUps: readonly FollowUpJob[] = [],
): Promise<FinishResult> {
  const update =
    end.kind === 'success'
      ? { $set: { ...UNLOCKED, nextRunAt: null, lastFinishedAt: now, failCount: 0, progress: 100 }, $unset: { ...RELEASE_SLOT, skipped: '' } }
      : end.kind === 'skipped'
        ? { $set: { ...UNLOCKED, nextRunAt: null, lastFinishedAt: now, failCount: 0, progress: 100, skipped: true }, $unset: RELEASE_SLOT }
        : {
            // set, not incremented: the lock made it a number, and only this lock's holder writes it meanwhile
            $set: {
              ...UNLOCKED,
              nextRunAt: end.kind === 'retry' ? end.retryAt : null,
              lastFinishedAt: now,
              failedAt: now,
              failReason: end.reason,
              failCount: lock.failCount + 1,
            },
            $unset: { ...RELEASE_SLOT, skipped: '' },
          };
  const finish = { filter: { _id: lock.jobId, lockToken: lock.token }, update };
  if (followUps.length === 0) {
    const res = await jobs.updateOne(finish.filter, finish.update);
    return { finished: res.matchedCount === 1, inserted: [] };
  }
  const ops: AnyBulkWriteOperation<Document>[] = [{ updateOne: finish }, ...followUps.map(followUpWrite)];
  // One `update` command. Every follow-up write matches one job or inserts one, so the matches beyond those of
  // the follow-ups are the fenced write's own.
  const res = await jobs.bulkWrite(ops, { ordered: true });
  const inserted = Object.keys(res.upsertedIds).map((i) => Number(i) - 1);
  const followUpMatches = followUps.length - inserted.length;
  return { finished: res.matchedCount - followUpMatches === 1, inserted };
}
