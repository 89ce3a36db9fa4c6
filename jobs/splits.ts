import type { Db } from 'mongodb';
import type { ComputeSplits } from '../src/splits/types.ts';
import type { LeasedJobContext, LeasedJobHandler, HandlerResult } from '../src/queue/run-leased-job.ts';
import { isHubRepoId, parseSplitsJobData } from '../src/queue/job-data.ts';
import { writeSplitsResponse, successEntry, errorEntry, type CacheWrite } from '../src/cache/write-splits-response.ts';
import { WorkerError, InvalidJobDataError } from '../src/errors/worker-error.ts';
import { UnexpectedError } from '../src/splits/errors.ts';
import { scrubSecrets } from '../src/log/scrub-secrets.ts';
import type { SplitsResponse } from '../src/splits/types.ts';
import { prepareFirstRowsHandoff, type FirstRowsHandoff } from './first-rows-handoff.ts';
import { readSplitsRevision } from '../src/cache/read-splits-response.ts';
import { JOB_RUNNER_VERSION, RevisionUnchanged } from '../src/splits/revision.ts';

/** What the job needs from the worker that runs it. */
export interface SplitsJobContext {
  cacheDb: Db;
  compute: ComputeSplits;
  secrets: string[];
  /** the hand-off to the first-rows service after a success; undefined when FIRST_ROWS_HANDOFF_ENABLED=false */
  firstRows?: FirstRowsHandoff;
}

/**
 * The `splits` job: validate the data, compute the answer, write it or its typed error to the cache. The
 * queue (src/queue) runs it under a lease: `ctx.signal` aborts the computation when the run must stop, and
 * the cache is written only under `ctx.guard`, while this run still holds its lock. A thrown error is a
 * transient failure (Hub down, MongoDB away): the cache is left as it was and the queue retries the job.
 */
export function createSplitsJob(deps: SplitsJobContext): LeasedJobHandler {
  return {
    groupOf(data: unknown): string | undefined {
      const dataset = (data as { dataset?: unknown } | null | undefined)?.dataset;
      return typeof dataset === 'string' && isHubRepoId(dataset) ? dataset : undefined;
    },

    // A run that may skip answers only the waiting jobs that may skip too: a forced one runs on its own after it.
    answers(data: unknown) {
      return (data as { force?: unknown } | null | undefined)?.force === true ? undefined : { 'data.force': { $ne: true } };
    },

    async run(ctx: LeasedJobContext): Promise<HandlerResult> {
      let dataset: string;
      let force: boolean;
      try {
        ({ dataset, force = false } = parseSplitsJobData(ctx.data));
      } catch (err) {
        if (!(err instanceof InvalidJobDataError)) throw err;
        ctx.logger.warn({ error_code: err.errorCode, reason: err.message }, 'invalid job data: job failed');
        return { state: 'error', reason: `${err.errorCode}: ${err.message}`, outcome: 'invalid_data' };
      }
      // At INFO a job logs one line, when its answer is cached: a line per step would cost more than the queue's work.
      ctx.logger.debug('computing splits');
      // Progress (Agenda's field, shown by Agendash) is written with the next lease renewal.
      ctx.setProgress(10);
      // The revision of the cached final answer of this version, if any: the computation stops there when the
      // dataset is still at it (one Hub request, the repo info). A rerun after a success with the first-rows
      // hand-off on does not skip: its earlier run may have written the answer and died before handing off.
      // (A computation that reads no revision, as the tests' scripted ones, cannot skip: no read for it.)
      const current = force || !deps.compute.revisionAware ? undefined : await currentRevision(deps, dataset, ctx.ranBefore);
      let read: string | null = null;
      const revision = { ...(current ? { current } : {}), read: (sha: string) => void (read = sha) };
      // The two-phase answer: the configs and splits first, written as a partial entry (`progress` < 1), when the
      // counts need many Hub reads. Its entry carries no version: no worker, even one older than `progress`,
      // takes it as current. It is fenced as the final write; a failure to write it fails the run as a transient.
      let partialWrite: { cached: CacheWrite } | undefined;
      let partialFailure: unknown;
      const partial = async (splits: SplitsResponse, progress: number) => {
        try {
          const cached = await ctx.guard(() =>
            writeSplitsResponse(deps.cacheDb, dataset, ctx.startedAt, {
              ...successEntry(splits),
              dataset_git_revision: read,
              job_runner_version: null,
              progress,
            }),
          );
          partialWrite ??= { cached };
          ctx.setProgress(50);
          ctx.logger.info({ cache: cached.result, progress: round(progress), lockedAt: ctx.startedAt }, 'splits cached: partial answer, counts to come');
        } catch (err) {
          partialFailure = err;
          throw err;
        }
      };
      let entry;
      let answer: SplitsResponse | undefined;
      try {
        ctx.assertHeld();
        answer = await deps.compute(dataset, { signal: ctx.signal, jobId: ctx.jobId, revision, partial });
        entry = { ...successEntry(answer), dataset_git_revision: read, job_runner_version: JOB_RUNNER_VERSION };
      } catch (err) {
        if (ctx.signal.aborted || (partialFailure !== undefined && err === partialFailure)) throw err;
        if (err instanceof RevisionUnchanged) {
          ctx.logger.info({ dataset_git_revision: err.revision, job_runner_version: JOB_RUNNER_VERSION }, 'splits skipped: the cached answer is current');
          return { state: 'skipped', outcome: 'skipped' };
        }
        if (err instanceof WorkerError && err.transient) throw new Error(`${err.errorCode}: ${scrubSecrets(err.message, deps.secrets)}`, { cause: err });
        const typed = err instanceof WorkerError ? err : new UnexpectedError('Unexpected error.', { cause: err });
        // scrubbed before any cut (errorEntry), and the whole entry once more (a name, anything a cut did not touch)
        entry = { ...scrubEntry(errorEntry(typed, deps.secrets), deps.secrets), dataset_git_revision: read, job_runner_version: JOB_RUNNER_VERSION };
      }
      ctx.setProgress(90);
      // What is left is writing the answer: the worker's place goes to its next job meanwhile.
      ctx.computationDone();
      let cachedAt: Date | undefined;
      const cached = await ctx.guard(() => {
        cachedAt = ctx.now();
        return writeSplitsResponse(deps.cacheDb, dataset, ctx.startedAt, entry);
      });
      ctx.logger.info(
        { http_status: entry.http_status, error_code: entry.error_code, cache: cached.result, cachedAt, lockedAt: ctx.startedAt },
        'splits cached',
      );
      if (entry.error_code) return { state: 'error', reason: `${entry.error_code}: ${entry.response.error}`, outcome: 'cached_error' };
      // After every success whose entry stands (not after an error, nor when a computation that started later
      // wrote its own entry: that one hands off its own splits). Its deletes run now, under the lease; its jobs
      // are added by the job's final write. A throw here is transient: the job is retried, computes again and
      // hands off again, which is idempotent.
      if (!deps.firstRows || !answer || cached.result !== 'written') return { state: 'success', outcome: 'success' };
      // The entry this run's answer replaced is the one before its partial answer, when that was written.
      const replaced = partialWrite?.cached.result === 'written' ? partialWrite.cached : cached;
      const [firstRows, splits, previous] = [deps.firstRows, answer, replaced.previous];
      const plan = await ctx.guard(() =>
        prepareFirstRowsHandoff(firstRows, dataset, splits, { previous, rerun: ctx.ranBefore, overlapping: ctx.groupRunsMayOverlap, at: ctx.now() }),
      );
      return {
        state: 'success',
        outcome: 'success',
        followUps: plan.followUps,
        afterFinish: async (finished) => {
          const handedOff = await plan.afterFinish(finished);
          // Deleting first-rows entries or jobs is worth a line; adding the usual jobs is counted by the metrics.
          const level = handedOff.deleted > 0 || handedOff.cancelled > 0 ? 'info' : 'debug';
          ctx.logger[level]({ splits: splits.splits.length, ...handedOff }, 'first-rows handed off');
        },
      };
    },

    async giveUp(ctx: LeasedJobContext, error: WorkerError): Promise<void> {
      const dataset = this.groupOf(ctx.data);
      if (dataset === undefined) return;
      const entry = scrubEntry(errorEntry(error, deps.secrets), deps.secrets);
      let cachedAt: Date | undefined;
      await ctx.guard(() => {
        cachedAt = ctx.now();
        return writeSplitsResponse(deps.cacheDb, dataset, ctx.startedAt, entry);
      });
      // The lock it writes under is the give-up's own, taken over from a dead one: no computation ran under it.
      ctx.logger.info({ http_status: entry.http_status, error_code: entry.error_code, cachedAt, lockedAt: ctx.startedAt, giveUp: true }, 'splits cached');
    },
  };
}

/**
 * The revision the job may skip at: that of the entry in place when it is a final answer (a success or a
 * cached error: transient failures are never cached; not a partial answer) of this JOB_RUNNER_VERSION with a
 * recorded revision.
 */
async function currentRevision(deps: SplitsJobContext, dataset: string, ranBefore: boolean): Promise<string | undefined> {
  const cached = await readSplitsRevision(deps.cacheDb, dataset);
  if (!cached || typeof cached.dataset_git_revision !== 'string' || cached.job_runner_version !== JOB_RUNNER_VERSION) return undefined;
  // a partial answer (its counts to come) is never current, whatever its version
  if (typeof cached.progress === 'number' && cached.progress < 1) return undefined;
  if (ranBefore && deps.firstRows && cached.http_status === 200) return undefined;
  return cached.dataset_git_revision;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function scrubEntry<T>(entry: T, secrets: string[]): T {
  if (secrets.length === 0) return entry;
  return JSON.parse(scrubSecrets(JSON.stringify(entry), secrets)) as T;
}
