import type { Db } from 'mongodb';
import { JOBS_COLLECTION } from './queue-backend.ts';

export const JOB_STATES = ['waiting', 'started', 'success', 'skipped', 'superseded', 'error'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * Jobs by state, in one aggregation. The state is derived from which fields are set (`{$gt: [field, null]}`
 * is true for a set field; plain comparisons work on every MongoDB-protocol server):
 * - started: locked (`lockedAt`);
 * - waiting: not locked, `nextRunAt` set (due now, later, or after a retry delay);
 * - superseded: finished, answered by another job's computation (`supersededBy` names it);
 * - error: finished with a failure (`failCount` > 0), or never scheduled: no `nextRunAt` and never finished
 *   (`lastFinishedAt` unset), a producer's write that neither Agenda nor the worker ever runs;
 * - skipped: finished without computing (`skipped: true`): the answer in the cache was current (same revision,
 *   same answer version), so the job read the repo info and nothing else;
 * - success: finished (`lastFinishedAt`), answered by its own computation.
 */
export async function countJobsByState(queueDb: Db, jobName?: string): Promise<Record<JobState, number>> {
  const rows = await queueDb
    .collection(JOBS_COLLECTION)
    .aggregate<{ _id: StateKey; n: number }>([
      ...(jobName ? [{ $match: { name: jobName } }] : []),
      // Every field the $group reads is a key of the splits_by_state index (JOB_STATE_INDEX_KEY), which begins
      // with name: MongoDB counts from that index alone (a covered plan, preferred for needing no fetch), never
      // from the documents. No $sort to steer it: mongo-java-server's sort fails on these mixed-type fields.
      {
        $group: {
          _id: {
            locked: { $gt: ['$lockedAt', null] },
            next: { $gt: ['$nextRunAt', null] },
            failed: { $gt: ['$failCount', 0] },
            superseded: { $gt: ['$supersededBy', null] },
            finished: { $gt: ['$lastFinishedAt', null] },
            skipped: { $eq: ['$skipped', true] },
          },
          n: { $sum: 1 },
        },
      },
    ])
    .toArray();
  const counts: Record<JobState, number> = { waiting: 0, started: 0, success: 0, skipped: 0, superseded: 0, error: 0 };
  for (const { _id, n } of rows) counts[stateOf(_id)] += n;
  return counts;
}

interface StateKey {
  locked: boolean;
  next: boolean;
  failed: boolean;
  superseded: boolean;
  finished?: boolean;
  skipped?: boolean;
}

export function stateOf(k: StateKey): JobState {
  if (k.locked) return 'started';
  if (k.next) return 'waiting';
  if (k.superseded) return 'superseded';
  if (k.failed || !k.finished) return 'error';
  return k.skipped ? 'skipped' : 'success';
}
