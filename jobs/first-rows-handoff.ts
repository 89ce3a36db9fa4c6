import type { Db } from 'mongodb';
import type { SplitsResponse } from '../src/splits/types.ts';
import type { PreviousEntry } from '../src/cache/write-splits-response.ts';
import { deleteObsoleteFirstRows } from '../src/cache/delete-obsolete-first-rows.ts';
import { firstRowsFollowUps, removeWaitingDuplicates } from '../src/queue/enqueue-first-rows-jobs.ts';
import { cancelObsoleteFirstRowsJobs } from '../src/queue/cancel-obsolete-first-rows-jobs.ts';
import { jobsCollection } from '../src/queue/job-lock.ts';
import type { FinishResult, FollowUpJob } from '../src/queue/finish-job.ts';

/** What the hand-off needs: the two databases, and where it reports what it did (the metrics). */
export interface FirstRowsHandoff {
  queueDb: Db;
  cacheDb: Db;
  onHandedOff?(result: HandoffResult): void;
}

export interface HandoffResult {
  /** first-rows jobs added (splits without a waiting job) */
  enqueued: number;
  /** splits that already had a waiting first-rows job */
  alreadyWaiting: number;
  /** first-rows entries of splits no longer in the answer */
  deleted: number;
  /** waiting first-rows jobs of splits no longer in the answer, deleted */
  cancelled: number;
}

export interface HandoffArgs {
  /** the entry the answer replaced in the cache (returned by the cache write) */
  previous: PreviousEntry;
  /** an earlier attempt of this job ran: it may have written the cache and died before its hand-off */
  rerun: boolean;
  /** two runs of the dataset may hand off at once (a per-dataset limit above 1) */
  overlapping: boolean;
  /** the server's time: the first-rows jobs are due then */
  at: Date;
}

/** The hand-off's two parts around the job's end: its deletes are done; its jobs go with the job's final write. */
export interface HandoffPlan {
  followUps: readonly FollowUpJob[];
  /** after the job's end: the duplicate check when runs overlap, and the report */
  afterFinish(result: FinishResult): Promise<HandoffResult>;
}

/**
 * What the original splits worker did after caching a successful answer, for the first-rows service: delete
 * the /first-rows entries of the dataset's splits that vanished, then enqueue one `first-rows` job per current
 * split. Beyond the original, the waiting first-rows jobs of vanished splits are deleted too, so that the
 * waiting jobs are exactly one per current split.
 *
 * The deletes run only when something may have vanished: the entry replaced had splits this answer has not, or
 * was an error (the splits before it are not known), or this is a rerun (an earlier attempt may have written
 * this very answer and died before its deletes). First-rows entries and jobs only ever come from a hand-off,
 * which follows a cached answer, so a dataset with no answer before has none, and an unchanged answer leaves
 * nothing to delete: a recomputation costs no delete. The jobs are added by the job's final write (one command
 * with it), so a run that dies before it loses nothing: its rerun computes again and hands off.
 */
export async function prepareFirstRowsHandoff(deps: FirstRowsHandoff, dataset: string, answer: SplitsResponse, args: HandoffArgs): Promise<HandoffPlan> {
  const splits = answer.splits.map((s) => ({ dataset, config: s.config, split: s.split }));
  let deleted = 0;
  let cancelled = 0;
  if (mayHaveVanished(args, splits)) {
    deleted = await deleteObsoleteFirstRows(deps.cacheDb, dataset, splits);
    cancelled = await cancelObsoleteFirstRowsJobs(jobsCollection(deps.queueDb), dataset, splits);
  }
  const { triples, followUps } = firstRowsFollowUps(splits, args.at);
  return {
    followUps,
    async afterFinish({ inserted }) {
      let enqueued = inserted.length;
      if (args.overlapping && enqueued > 0)
        enqueued -= await removeWaitingDuplicates(
          jobsCollection(deps.queueDb),
          inserted.map((i) => triples[i]!),
        );
      const result = { enqueued, alreadyWaiting: triples.length - inserted.length, deleted, cancelled };
      deps.onHandedOff?.(result);
      return result;
    },
  };
}

function mayHaveVanished(args: HandoffArgs, current: readonly { config: string; split: string }[]): boolean {
  if (args.rerun || args.previous.kind === 'error') return true;
  if (args.previous.kind === 'none') return false;
  const kept = new Set(current.map((s) => JSON.stringify([s.config, s.split])));
  return args.previous.splits.some((s) => !kept.has(JSON.stringify([s.config, s.split])));
}
