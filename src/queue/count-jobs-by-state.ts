import type { Db } from 'mongodb';
import { JOBS_COLLECTION } from './queue-backend.ts';

export const JOB_STATES = ['waiting', 'started', 'success', 'error'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * Jobs by state, in one aggregation. The state is derived from which of Agenda's fields are set
 * (grouping on `$type`, which FerretDB supports, unlike `$cond`):
 * started = locked; waiting = due or scheduled and not locked; error = finished with failures left;
 * success = finished otherwise (including jobs superseded by another computation of their dataset).
 */
export async function countJobsByState(queueDb: Db, jobName?: string): Promise<Record<JobState, number>> {
  const rows = await queueDb
    .collection(JOBS_COLLECTION)
    .aggregate<{ _id: { locked: string; next: string; failCount: unknown }; n: number }>([
      ...(jobName ? [{ $match: { name: jobName } }] : []),
      { $group: { _id: { locked: { $type: '$lockedAt' }, next: { $type: '$nextRunAt' }, failCount: '$failCount' }, n: { $sum: 1 } } },
    ])
    .toArray();
  const counts: Record<JobState, number> = { waiting: 0, started: 0, success: 0, error: 0 };
  for (const { _id, n } of rows) counts[stateOf(_id)] += n;
  return counts;
}

function stateOf(k: { locked: string; next: string; failCount: unknown }): JobState {
  const isSet = (t: string) => t !== 'missing' && t !== 'null';
  if (isSet(k.locked)) return 'started';
  if (isSet(k.next)) return 'waiting';
  return typeof k.failCount === 'number' && k.failCount > 0 ? 'error' : 'success';
}
