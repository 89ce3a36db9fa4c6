import type { Job } from 'agenda';
import type { Db } from 'mongodb';
import type { Logger } from '../src/log/logger.ts';
import type { JobOutcome, WorkerMetrics } from '../src/metrics/registry.ts';
import type { ComputeSplits } from '../src/splits/types.ts';
import { parseSplitsJobData } from '../src/queue/job-data.ts';
import { restoreSupersededJobs, supersedeWaitingJobs } from '../src/queue/supersede-waiting-jobs.ts';
import { extendDatasetSlot } from '../src/queue/extend-dataset-slot.ts';
import { releaseDatasetSlots } from '../src/queue/release-dataset-slot.ts';
import type { SlotClaim } from '../src/queue/dataset-slots.ts';
import { writeSplitsResponse, successEntry, errorEntry } from '../src/cache/write-splits-response.ts';
import { WorkerError, InvalidJobDataError } from '../src/errors/worker-error.ts';
import { UnexpectedError } from '../src/splits/errors.ts';
import { scrubSecrets } from '../src/log/scrub-secrets.ts';

/** What the job needs from the worker that runs it. */
export interface SplitsJobContext {
  queueDb: Db;
  cacheDb: Db;
  compute: ComputeSplits;
  logger: Logger;
  metrics: WorkerMetrics;
  /** hands the job the dataset slot the lock step took for it (none when MAX_JOBS_PER_DATASET is unset) */
  takeSlot: (jobId: string) => SlotClaim | undefined;
  /** how long a lease lasts, and how often the job renews it while it runs */
  leaseMs: number;
  heartbeatMs: number;
  /** aborted when the worker stops and the grace period is over */
  shutdownSignal: AbortSignal;
  /** true once the worker is stopping: a job that has not begun computing is given back */
  isStopping: () => boolean;
  secrets: string[];
  /** WORKER_MAX_ATTEMPTS: a transient failure on the last attempt ends the job in error */
  maxAttempts: number;
}

/** Thrown to end the job in error without a retry; the reason is in Agenda's failReason. */
export class JobFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobFailedError';
  }
}

/** Thrown for an infrastructure failure (Hub down, MongoDB away): Agenda retries with backoff. */
export class JobRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobRetryableError';
  }
}

/**
 * The `splits` job: validate the data, compute the answer (the lock step already took the dataset's slot),
 * write it or its typed error to the cache, release the slot.
 */
export function createSplitsJob(ctx: SplitsJobContext) {
  return async function splitsJob(job: Job): Promise<void> {
    const jobId = String(job.attrs._id);
    const started = process.hrtime.bigint();
    let outcome: JobOutcome = 'success';
    const log = ctx.logger.child({ jobId });
    const slot = ctx.takeSlot(jobId);
    const heartbeat = startHeartbeat(job, ctx, slot, log);
    let superseded = 0;
    try {
      const { dataset } = parseSplitsJobData(job.attrs.data);
      const jobLog = log.child({ dataset });
      if (ctx.isStopping()) {
        outcome = 'interrupted';
        giveBack(job);
        jobLog.info('worker is stopping: job given back before it started');
        return;
      }
      const startedAt = new Date();
      superseded = await supersedeWaitingJobs(ctx.queueDb, { dataset, byJobId: jobId, at: startedAt });
      if (superseded > 0) {
        ctx.metrics.jobs.inc({ outcome: 'superseded' }, superseded);
        jobLog.info({ superseded }, 'waiting jobs of the same dataset answered by this computation');
      }
      jobLog.info('computing splits');
      let entry;
      try {
        entry = successEntry(await ctx.compute(dataset, { signal: ctx.shutdownSignal, jobId }));
      } catch (err) {
        if (ctx.shutdownSignal.aborted) {
          outcome = 'interrupted';
          giveBack(job);
          jobLog.warn('grace period over: computation interrupted, job given back to the queue');
          return;
        }
        if (err instanceof WorkerError && err.transient) {
          outcome = 'transient_error';
          throw new JobRetryableError(`${err.errorCode}: ${scrubSecrets(err.message, ctx.secrets)}`, { cause: err });
        }
        const typed = err instanceof WorkerError ? err : new UnexpectedError('Unexpected error.', { cause: err });
        outcome = 'cached_error';
        entry = scrubEntry(errorEntry(typed), ctx.secrets);
      }
      const written = await writeCache(ctx.cacheDb, dataset, startedAt, entry);
      jobLog.info({ http_status: entry.http_status, error_code: entry.error_code, cache: written }, 'splits cached');
      if (outcome === 'cached_error') throw new JobFailedError(`${entry.error_code}: ${(entry.response as { error: string }).error}`);
    } catch (err) {
      if (err instanceof InvalidJobDataError) {
        outcome = 'invalid_data';
        log.warn({ error_code: err.errorCode, reason: err.message }, 'invalid job data: job failed');
        throw new JobFailedError(`${err.errorCode}: ${err.message}`);
      }
      if (!(err instanceof JobFailedError) && !(err instanceof JobRetryableError)) {
        outcome = 'transient_error';
        const message = scrubSecrets(err instanceof Error ? err.message : String(err), ctx.secrets);
        log.error({ err: message }, 'job failed on an infrastructure error; it will be retried');
        throw new JobRetryableError(message, { cause: err });
      }
      if (err instanceof JobRetryableError) {
        const lastAttempt = (job.attrs.failCount ?? 0) + 1 >= ctx.maxAttempts;
        log.warn({ reason: err.message, lastAttempt }, lastAttempt ? 'transient failure on the last attempt; the cache is left as it was' : 'transient failure; the cache is left as it was and the job will be retried');
        if (lastAttempt && superseded > 0) await restoreSuperseded(ctx.queueDb, jobId, log);
      }
      throw err;
    } finally {
      clearInterval(heartbeat);
      if (slot) {
        await releaseDatasetSlots(ctx.queueDb, [slot]).catch((err: unknown) =>
          log.error({ err: String(err) }, 'could not release the dataset slot; it expires with its lease'),
        );
      }
      ctx.metrics.jobs.inc({ outcome });
      ctx.metrics.jobDuration.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}

/** The jobs this computation answered get no answer after all: they go back to the queue (best effort: MongoDB may be the failure). */
async function restoreSuperseded(queueDb: Db, jobId: string, log: Logger): Promise<void> {
  try {
    const restored = await restoreSupersededJobs(queueDb, jobId);
    log.warn({ restored }, 'jobs this computation had answered are waiting again');
  } catch (err) {
    log.error({ err: String(err) }, 'could not put back the jobs this computation had answered');
  }
}

/** Leaves the job waiting, due now, for any worker (Agenda saves `nextRunAt` when the handler returns). */
function giveBack(job: Job): void {
  job.attrs.nextRunAt = new Date();
}

async function writeCache(cacheDb: Db, dataset: string, startedAt: Date, entry: Parameters<typeof writeSplitsResponse>[3]) {
  try {
    return await writeSplitsResponse(cacheDb, dataset, startedAt, entry);
  } catch (err) {
    throw new JobRetryableError(`cache write failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function scrubEntry<T>(entry: T, secrets: string[]): T {
  if (secrets.length === 0) return entry;
  return JSON.parse(scrubSecrets(JSON.stringify(entry), secrets)) as T;
}

/** Renews the job's lock and its dataset slot while it runs, so a live job is never run twice. */
function startHeartbeat(job: Job, ctx: SplitsJobContext, slot: SlotClaim | undefined, log: Logger): NodeJS.Timeout {
  const timer = setInterval(() => {
    void (async () => {
      try {
        await job.touch();
        if (slot && !(await extendDatasetSlot(ctx.queueDb, { ...slot, leaseMs: ctx.leaseMs }))) {
          log.error({ slotId: slot.slotId }, 'dataset slot lost (lease expired); the limit may be exceeded for this dataset');
        }
      } catch (err) {
        log.warn({ err: String(err) }, 'heartbeat failed; will try again');
      }
    })();
  }, ctx.heartbeatMs);
  timer.unref();
  return timer;
}
