import type { Document, WithId } from 'mongodb';
import type { Logger } from '../log/logger.ts';
import { WorkerError } from '../errors/worker-error.ts';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { JobLease, leaseTimings, type JobLeaseDeps } from './job-lease.ts';
import type { RenewalMonitor } from './renewal-monitor.ts';
import type { HeldJob } from './held-locks.ts';
import { finishJob, type FinishResult, type FollowUpJob, type JobEnd } from './finish-job.ts';
import { handBackJob } from './hand-back-job.ts';
import { supersedeWaitingJobs, restoreSupersededJobs } from './supersede-waiting-jobs.ts';
import { retryDelayMs } from './retry-delay.ts';
import { DeadlineReachedError, JobManagerExceededMaximumDurationError, LeaseLostError } from './queue-errors.ts';
import type { ServerClock } from './server-clock.ts';

/** What a job's handler sees of its run. */
export interface LeasedJobContext {
  jobId: string;
  data: unknown;
  /** this run's attempt number (1 for the first lock) and the most it gets */
  attempt: number;
  /** a run of this job started before this one (a crash, a retry, a hand-back): it may have written before it stopped */
  ranBefore: boolean;
  maxAttempts: number;
  /** when this run's lock was taken, on the server's clock: orders the writes of successive runs */
  startedAt: Date;
  /** aborted when the run must stop: lease lost, deadline near, worker stopping */
  signal: AbortSignal;
  /** runs a write only while this run still holds its lock (throws otherwise) */
  guard<T>(write: () => Promise<T>): Promise<T>;
  /**
   * Throws the loss when the lease is lost or can no longer be confirmed: a synchronous check, no command. Called
   * right before starting the work, so that a process paused since the run began (a freeze, a blocked write)
   * starts nothing once another worker may hold the job.
   */
  assertHeld(): void;
  setProgress(pct: number): void;
  /**
   * The computation is over: the run now only writes its answer and its end. It no longer takes one of the
   * worker's places (WORKER_CONCURRENCY), so the next job is locked and computed while these writes go.
   */
  computationDone(): void;
  /** the server's time now (what leases and lock times are measured on) */
  now(): Date;
  /** other runs of the same group may run at the same time (the per-dataset limit in force is above 1, or none) */
  groupRunsMayOverlap: boolean;
  logger: Logger;
}

/** How the handler's run ended, when it did not throw. A throw is a transient failure: the job is retried. */
export type HandlerResult =
  | {
      state: 'success';
      outcome: string;
      /** jobs to add with the job's end, in the same command (see finishJob) */
      followUps?: readonly FollowUpJob[];
      /** called once the job is finished, with what its final write did; a throw is logged, the job stays done */
      afterFinish?: (result: FinishResult) => Promise<void>;
    }
  /** the answer in place was current: nothing computed, nothing written; finished as `skipped` */
  | { state: 'skipped'; outcome: string }
  | { state: 'error'; reason: string; outcome: string };

export interface LeasedJobHandler {
  /** the group whose waiting jobs one run answers and whose runs share the per-dataset limit: the dataset */
  groupOf(data: unknown): string | undefined;
  /** a filter on the waiting jobs of the group a run of a job with this data answers (default: all of them) */
  answers?(data: unknown): Document | undefined;
  run(ctx: LeasedJobContext): Promise<HandlerResult>;
  /** writes the typed error of a job the queue gives up on (deadline, crashed workers), under `ctx.guard` */
  giveUp(ctx: LeasedJobContext, error: WorkerError): Promise<void>;
}

/** What a run ended as, for the metrics. */
export type RunOutcome = string;

export interface RunnerDeps {
  name: string;
  jobs: JobsCollection;
  clock: ServerClock;
  logger: Logger;
  handler: LeasedJobHandler;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  shutdown: AbortSignal;
  isStopping: () => boolean;
  /** the per-dataset limit in force; undefined for none */
  datasetLimit: () => number | undefined;
  onOutcome: (outcome: RunOutcome, seconds: number, count?: number) => void;
  /** the run's computation is over (see LeasedJobContext.computationDone): its place is free for the next job */
  onFinishing?: () => void;
  /** the worker's lease renewal figures (late renewals, a lease too short for this machine) */
  renewals?: RenewalMonitor;
}

/**
 * One run of a locked job, from start to its fenced final write: renew the lease while the handler runs,
 * answer the group's waiting jobs with this run, and end the job in exactly one of its states. Whatever
 * happens, the job is either finished by this holder, handed back due, or left to whoever holds it now.
 */
export async function runLeasedJob(deps: RunnerDeps, doc: { data?: unknown }, held: HeldJob): Promise<void> {
  const started = performance.now();
  const { lock } = held;
  const jobId = lock.jobId.toHexString();
  const log = deps.logger.child({ jobId, ...(held.group ? { dataset: held.group } : {}), attempt: lock.attempt });
  const lease = new JobLease(leaseDeps(deps, log), lock, leaseTimings(deps.leaseMs), deps.shutdown);
  const report = (outcome: RunOutcome) => deps.onOutcome(outcome, (performance.now() - started) / 1000);
  lease.start();
  try {
    if (deps.isStopping()) {
      await handBackJob(deps.jobs, lock, { dueAt: deps.clock.now(), countAttempt: false });
      log.info('worker is stopping: job given back before it started');
      return report('interrupted');
    }
    const computationDone = () => {
      if (held.finishing) return;
      held.finishing = true;
      // From now on a lease that ran out is re-taken if the job is still this run's: the answer is not lost to a late renewal.
      lease.computationDone();
      deps.onFinishing?.();
    };
    const ctx = contextOf(deps, lock, doc.data, lease, log, computationDone);
    let superseded = 0;
    // Only when other due jobs of the dataset may be waiting (see the lock step): no write when none can be.
    if (held.group && held.othersWaiting) {
      superseded = await lease.guard(() =>
        supersedeWaitingJobs(deps.jobs, {
          name: deps.name,
          group: held.group!,
          byJobId: jobId,
          at: lock.lockedAt,
          ...(deps.handler.answers ? { only: deps.handler.answers(doc.data) } : {}),
        }),
      );
      if (superseded > 0) {
        deps.onOutcome('superseded', 0, superseded);
        log.info({ superseded }, 'waiting jobs of the same dataset answered by this computation');
      }
    }
    // A run whose lease was lost while it was starting (this process frozen, MongoDB away) computes nothing.
    lease.checkExpiry();
    const settled: Settled<HandlerResult> = lease.signal.aborted ? { aborted: true } : await settle(deps.handler.run(ctx), lease.signal);
    if (lease.lost) {
      log.warn({ reason: lease.lost.message }, 'lease lost: the computation was aborted and writes nothing; the job is left to its new holder');
      if (lease.lost.kind === 'unconfirmed') await handBackIfStillHeld(deps, lock, log);
      return report('lease_lost');
    }
    if ('value' in settled) {
      const r = settled.value;
      // Only the end is left to write: the next job is locked and started meanwhile.
      computationDone();
      if (r.state === 'error') return report((await end(deps, lease, lock, { kind: 'error', reason: r.reason }, log)).finished ? r.outcome : 'lease_lost');
      if (r.state === 'skipped') return report((await end(deps, lease, lock, { kind: 'skipped' }, log)).finished ? r.outcome : 'lease_lost');
      const ended = await end(deps, lease, lock, { kind: 'success' }, log, r.followUps);
      if (!ended.finished) return report('lease_lost');
      if (r.afterFinish) await r.afterFinish(ended).catch((err: unknown) => log.error({ err: String(err) }, 'after the job ended'));
      return report(r.outcome);
    }
    if (lease.signal.aborted) {
      const reason: unknown = lease.signal.reason;
      if (reason instanceof DeadlineReachedError) {
        const error = new JobManagerExceededMaximumDurationError(
          `The computation was stopped after ${Math.round((lock.deadlineAt.getTime() - lock.lockedAt.getTime()) / 1000)} s, its maximum duration (WORKER_MAX_JOB_DURATION_SECONDS).`,
        );
        await deps.handler.giveUp(ctx, error);
        await end(deps, lease, lock, { kind: 'error', reason: `${error.errorCode}: ${error.message}` }, log);
        log.error({ error_code: error.errorCode }, 'job stopped at its deadline');
        return report('deadline_exceeded');
      }
      await handBackJob(deps.jobs, lock, { dueAt: deps.clock.now(), countAttempt: false });
      log.warn({ reason: reason instanceof Error ? reason.message : String(reason) }, 'computation interrupted, job given back to the queue');
      return report('interrupted');
    }
    // The handler threw: a transient failure (Hub down, MongoDB away), retried until the attempts run out.
    const failure = (settled as { error: unknown }).error;
    const message = failure instanceof Error ? failure.message : String(failure);
    const errorCode = failure instanceof WorkerError ? `${failure.errorCode}: ` : '';
    const last = lock.attempt >= deps.maxAttempts;
    const endAs: JobEnd = last
      ? { kind: 'error', reason: `${errorCode}${message}` }
      : { kind: 'retry', reason: `${errorCode}${message}`, retryAt: new Date(deps.clock.nowMs() + retryDelayMs(lock.attempt, deps.retryBaseMs)) };
    log.warn(
      { reason: message, lastAttempt: last },
      last
        ? 'transient failure on the last attempt; the cache is left as it was'
        : 'transient failure; the cache is left as it was and the job will be retried',
    );
    if ((await end(deps, lease, lock, endAs, log)).finished) {
      // The jobs this run had answered (in this or an earlier attempt) get no answer after all: they run on their own.
      if (last) await restoreSuperseded(deps, jobId, log);
      return report('transient_error');
    }
    return report('lease_lost');
  } catch (err) {
    // MongoDB away during a queue write, or the lease lost during a guarded write: the lease decides what happens next.
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'the run could not record its end; the job runs again once its lease expires');
    return report(err instanceof LeaseLostError ? 'lease_lost' : 'transient_error');
  } finally {
    lease.stop();
  }
}

/**
 * Ends a job that used all its attempts on workers that died: writes its typed error under a lock taken over
 * from the dead holder, then finishes it in error. It is never taken again.
 */
export async function giveUpCrashedJob(deps: RunnerDeps, doc: WithId<Document>, lock: HeldLock, error: WorkerError): Promise<boolean> {
  const jobId = lock.jobId.toHexString();
  const log = deps.logger.child({ jobId, dataset: deps.handler.groupOf(doc.data) });
  const lease = new JobLease(leaseDeps(deps, log), lock, leaseTimings(deps.leaseMs), deps.shutdown);
  lease.start();
  // Nothing to compute: the typed error is the answer, written under a lease re-taken if it ran out meanwhile
  // (the takeover's lease ends at its deadline and cannot be renewed past it).
  lease.computationDone();
  try {
    await deps.handler.giveUp(
      contextOf(deps, lock, doc.data, lease, log, () => {}),
      error,
    );
    const { finished: ended } = await end(deps, lease, lock, { kind: 'error', reason: `${error.errorCode}: ${error.message}` }, log);
    if (ended) {
      log.error({ error_code: error.errorCode, attempts: lock.attempt }, 'job given up: its workers died on every attempt');
      deps.onOutcome('crashed', 0);
    }
    return ended;
  } finally {
    lease.stop();
  }
}

function leaseDeps(deps: RunnerDeps, logger: Logger): JobLeaseDeps {
  return { jobs: deps.jobs, clock: deps.clock, logger, ...(deps.renewals ? { renewals: deps.renewals } : {}) };
}

function contextOf(deps: RunnerDeps, lock: HeldLock, data: unknown, lease: JobLease, logger: Logger, computationDone: () => void): LeasedJobContext {
  return {
    jobId: lock.jobId.toHexString(),
    data,
    attempt: lock.attempt,
    ranBefore: lock.ranBefore,
    maxAttempts: deps.maxAttempts,
    startedAt: lock.lockedAt,
    signal: lease.signal,
    guard: (write) => lease.guard(write),
    assertHeld: () => lease.assertHeld(),
    setProgress: (pct) => lease.setProgress(pct),
    computationDone,
    now: () => deps.clock.now(),
    groupRunsMayOverlap: (deps.datasetLimit() ?? Number.POSITIVE_INFINITY) > 1,
    logger,
  };
}

/**
 * The fenced final write, unless the lease is already known lost; with follow-up jobs it goes under the lease's
 * guard, as every write whose effect is not fenced by the token (a run that lost its lock adds no job).
 */
async function end(deps: RunnerDeps, lease: JobLease, lock: HeldLock, endAs: JobEnd, log: Logger, followUps?: readonly FollowUpJob[]): Promise<FinishResult> {
  const write = () => finishJob(deps.jobs, lock, endAs, deps.clock.now(), followUps);
  const result = lease.lost ? { finished: false, inserted: [] } : followUps?.length ? await lease.guard(write) : await write();
  if (!result.finished) log.warn("the job is no longer this worker's (its lease expired and another worker took it): its end is not recorded here");
  return result;
}

/** After an unconfirmed lease (MongoDB away), gives the job back if nobody took it meanwhile, without spending an attempt. */
async function handBackIfStillHeld(deps: RunnerDeps, lock: HeldLock, log: Logger): Promise<void> {
  try {
    if (await handBackJob(deps.jobs, lock, { dueAt: deps.clock.now(), countAttempt: false })) log.info('the job was still ours: given back to the queue');
  } catch {
    // MongoDB still away: the lease expires and the job is recovered by the sweep.
  }
}

async function restoreSuperseded(deps: RunnerDeps, jobId: string, log: Logger): Promise<void> {
  try {
    const restored = await restoreSupersededJobs(deps.jobs, { name: deps.name, byJobId: jobId, at: deps.clock.now() });
    if (restored > 0) log.warn({ restored }, 'jobs this computation had answered are waiting again');
  } catch (err) {
    log.error({ err: String(err) }, 'could not put back the jobs this computation had answered');
  }
}

type Settled<T> = { value: T } | { error: unknown } | { aborted: true };

/** The handler's result, or as soon as the signal aborts (a handler that ignores its signal is not waited for). */
function settle<T>(promise: Promise<T>, signal: AbortSignal): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const onAbort = () => resolve({ aborted: true });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ value });
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ error });
      },
    );
  });
}
