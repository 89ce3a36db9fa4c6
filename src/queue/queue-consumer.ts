import { Agenda, InMemoryNotificationChannel, type Job } from 'agenda';
import { ObjectId, type Db } from 'mongodb';
import type { Logger } from '../log/logger.ts';
import { QueueBackend, JOBS_COLLECTION } from './queue-backend.ts';
import { ensureQueueIndexes } from './ensure-queue-indexes.ts';
import { HeldLocks } from './held-locks.ts';
import { jobsCollection } from './job-lock.ts';
import { ServerClock } from './server-clock.ts';
import { RenewalMonitor } from './renewal-monitor.ts';
import { runLeasedJob, giveUpCrashedJob, type LeasedJobHandler, type RunnerDeps, type RunOutcome } from './run-leased-job.ts';
import { findExpiredJobs, requeueExpiredJob, takeOverExpiredJob } from './recover-expired-jobs.ts';
import { deathCounts, requeueUnchargedJob } from './death-charge.ts';
import { JobManagerCrashedError } from './queue-errors.ts';
import { retryDelayMs } from './retry-delay.ts';
import { counterOf } from './job-counters.ts';
import { describeJobId } from './job-view.ts';
import { settleAgendaDebugColors } from './agenda-debug.ts';
import {
  declareWorker,
  effectiveDatasetLimit,
  effectiveNamespaceLimit,
  liveWorkers,
  removeWorker,
  stripeAmong,
  workersCollection,
  workersWithOtherSettings,
  type WorkerEntry,
} from './worker-registry.ts';

export interface QueueConsumerOptions {
  queueDb: Db;
  name: string;
  workerId: string;
  logger: Logger;
  handler: LeasedJobHandler;
  /** jobs run at once by this process (it holds at most twice as many: see canLock) */
  concurrency: number;
  /** Agenda's polling period (WORKER_SLEEP_SECONDS) */
  pollMs: number;
  leaseMs: number;
  maxDurationMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** MAX_JOBS_PER_DATASET as this worker reads it; undefined for no limit */
  maxJobsPerDataset: number | undefined;
  /** MAX_JOBS_PER_NAMESPACE as this worker reads it; undefined (the default) for no limit */
  maxJobsPerNamespace?: number | undefined;
  /** the preflight: false while the machine is over its limits */
  preflight(): boolean | Promise<boolean>;
  onOutcome: (outcome: RunOutcome, seconds: number, count?: number) => void;
  onDatasetBusy: (dataset: string) => void;
  /** a job was left waiting: its namespace is at MAX_JOBS_PER_NAMESPACE */
  onNamespaceBusy?: (namespace: string) => void;
  /** a lease renewal could not be confirmed in time (see RenewalMonitor) */
  onLeaseRenewalLate?: () => void;
  /** the lock step tried a due job that another worker had locked first */
  onLockLost?: () => void;
  /** the per-dataset and per-namespace limits in force and the live workers whose settings differ from this one's */
  onSettings(settings: { effectiveLimit: number | undefined; effectiveNamespaceLimit: number | undefined; othersWithOtherSettings: WorkerEntry[] }): void;
}

/**
 * The consumer side of the queue: Agenda as the scheduler, with this module's fenced leases for every lock,
 * its recovery of dead workers' jobs, and the queue settings shared by the live workers. The worker gives it
 * a handler and a preflight; everything about locks, leases, attempts and final states happens here.
 */
export class QueueConsumer {
  readonly clock: ServerClock;
  private readonly held = new HeldLocks();
  private readonly channel = new InMemoryNotificationChannel();
  private readonly shutdown = new AbortController();
  private agenda: Agenda | undefined;
  private backend: QueueBackend | undefined;
  private stopping = false;
  private effectiveLimit: number | undefined;
  private effectiveNamespaceLimit: number | undefined;
  /** this worker's share of the due jobs, from the live workers in the registry (see FairJobRepository) */
  private stripe = { index: 0, count: 1 };
  private registryTimer: NodeJS.Timeout | undefined;
  private mismatchKey = '';
  private readonly runner: RunnerDeps;

  constructor(private readonly opts: QueueConsumerOptions) {
    this.clock = new ServerClock(opts.queueDb);
    this.runner = {
      name: opts.name,
      jobs: jobsCollection(opts.queueDb),
      clock: this.clock,
      logger: opts.logger,
      handler: opts.handler,
      leaseMs: opts.leaseMs,
      maxAttempts: opts.maxAttempts,
      retryBaseMs: opts.retryBaseMs,
      shutdown: this.shutdown.signal,
      isStopping: () => this.stopping,
      datasetLimit: () => this.effectiveLimit,
      onOutcome: opts.onOutcome,
      onFinishing: () => this.wake(),
      renewals: new RenewalMonitor({ leaseMs: opts.leaseMs, logger: opts.logger, ...(opts.onLeaseRenewalLate ? { onLate: opts.onLeaseRenewalLate } : {}) }),
    };
  }

  /** jobs this worker holds (locked or running) */
  get heldCount(): number {
    return this.held.size;
  }

  get runningCount(): number {
    return this.held.runningCount;
  }

  async start(): Promise<void> {
    const { opts } = this;
    await this.clock.sync();
    await ensureQueueIndexes(opts.queueDb);
    await this.refreshRegistry(true);
    const backend = new QueueBackend(opts.queueDb, {
      name: opts.name,
      workerId: opts.workerId,
      clock: this.clock,
      held: this.held,
      leaseMs: opts.leaseMs,
      maxDurationMs: opts.maxDurationMs,
      canLock: () => this.canLock(),
      groupOf: (data) => opts.handler.groupOf(data),
      datasetLimit: () => this.effectiveLimit,
      namespaceLimit: () => this.effectiveNamespaceLimit,
      onDatasetBusy: opts.onDatasetBusy,
      onNamespaceBusy: (namespace) => opts.onNamespaceBusy?.(namespace),
      onLockLost: () => opts.onLockLost?.(),
      onMalformedJob: (jobId, reason) => {
        opts.logger.warn({ jobId, reason }, 'malformed job ended in error');
        opts.onOutcome('invalid_data', 0);
      },
      onSquattedSlotsFreed: (group, count) =>
        opts.logger.warn({ group, count }, "dataset or namespace slots held by unlocked jobs (a producer's write) were freed"),
      recoverExpired: (now) => this.recoverExpired(now),
      recoverEveryMs: opts.pollMs,
      stripe: () => this.stripe,
    });
    this.backend = backend;
    settleAgendaDebugColors();
    const agenda = new Agenda({
      backend,
      name: opts.workerId,
      processEvery: opts.pollMs,
      // Agenda runs up to twice the concurrency: the runs past it are only writing their ends (see canLock).
      maxConcurrency: maxHeld(opts.concurrency),
      defaultConcurrency: maxHeld(opts.concurrency),
      lockLimit: maxHeld(opts.concurrency),
      defaultLockLimit: maxHeld(opts.concurrency),
      defaultLockLifetime: AGENDA_LOCK_LIFETIME_MS,
      notificationChannel: this.channel,
    });
    agenda.define(
      opts.name,
      async (job: Job) => {
        const jobId = String(job.attrs._id);
        const held = this.held.get(jobId);
        if (!held) return;
        held.running = true;
        try {
          await runLeasedJob(this.runner, job.attrs, held);
        } finally {
          this.held.take(jobId);
        }
      },
      // The lease is this module's: Agenda's own expiry checks (on this process's clock) must never fire.
      { concurrency: maxHeld(opts.concurrency), lockLimit: maxHeld(opts.concurrency), lockLifetime: AGENDA_LOCK_LIFETIME_MS },
    );
    agenda.on('error', (err: Error) => opts.logger.error({ err: err.message }, 'queue error; the worker keeps going'));
    // Right after a job finishes, look for the next one instead of sleeping until the next poll.
    agenda.on('complete', () => this.wake());
    await agenda.start();
    this.agenda = agenda;
    const every = registryRefreshMs(opts.leaseMs);
    this.registryTimer = setInterval(
      () => void this.refreshRegistry(false).catch((err: unknown) => opts.logger.warn({ err: String(err) }, 'could not renew this worker in the registry')),
      every,
    );
    this.registryTimer.unref();
  }

  /**
   * Graceful stop: lock nothing more, let running jobs finish within `graceMs`, then interrupt the rest (they
   * are handed back due), hand back jobs locked but not started, leave the registry.
   */
  async stop(graceMs: number): Promise<{ finished: number; interrupted: number; givenBack: number }> {
    if (this.stopping) return { finished: 0, interrupted: 0, givenBack: 0 };
    this.stopping = true;
    clearInterval(this.registryTimer);
    const runningAtStop = this.held.runningCount;
    let interrupted = 0;
    if (this.agenda) {
      const result = await this.agenda.drain({ timeout: graceMs });
      if (result.timedOut) {
        interrupted = this.held.runningCount;
        this.opts.logger.warn({ running: interrupted }, 'grace period over: interrupting running jobs, they go back to the queue');
        this.shutdown.abort();
        await waitUntil(() => this.held.runningCount === 0, 10_000);
      }
    }
    // A lock step already under way when the stop began may still lock a job: wait for it, so that the job is
    // handed back below instead of staying locked, with an attempt spent, until its lease expires.
    await Promise.race([this.backend?.repository.lockStepsSettled(), new Promise((r) => setTimeout(r, LOCK_STEP_WAIT_MS).unref())]);
    const notStarted = this.held.notRunning();
    for (const held of notStarted) await this.backend?.repository.handBack(held.lock.jobId.toHexString()).catch(() => {});
    await removeWorker(workersCollection(this.opts.queueDb), this.opts.workerId).catch(() => {});
    return { finished: runningAtStop - interrupted, interrupted, givenBack: notStarted.length };
  }

  /** Makes Agenda's processing loop look for a job now (a place freed up) instead of at its next poll. */
  private wake(): void {
    setImmediate(() => {
      if (this.stopping) return;
      void this.channel
        .publish({ jobId: new ObjectId().toHexString() as never, jobName: this.opts.name, nextRunAt: null, priority: 0, timestamp: new Date() })
        .catch(() => {});
    });
  }

  /**
   * The capacity gate: a job is locked only for a free place of the worker's concurrency. A run whose
   * computation is over and that only writes its answer and its end frees its place (the next job is locked and
   * computed while those writes go), so a worker computes at most `concurrency` jobs at once and holds at most
   * twice as many.
   */
  private async canLock(): Promise<boolean> {
    if (this.stopping) return false;
    // A job that runs alone is held: nothing else is locked (see death-charge.ts).
    if (this.held.holdsAlone()) return false;
    if (this.held.busyCount >= this.opts.concurrency || this.held.size >= maxHeld(this.opts.concurrency)) return false;
    return this.opts.preflight();
  }

  /**
   * Jobs whose lease expired: back to the queue after a backoff, or given up once their attempts are spent. One
   * job that cannot be recovered (a producer's write the queue did not foresee) is logged and left to the next
   * sweep; it never stops the recovery of the others.
   */
  private async recoverExpired(now: Date): Promise<void> {
    const { opts, runner } = this;
    const expired = await findExpiredJobs(runner.jobs, { name: opts.name, now, leaseMs: opts.leaseMs, limit: 20 });
    for (const doc of expired) {
      const attempts = counterOf(doc.attempts);
      const log = opts.logger.child({
        jobId: describeJobId(doc._id),
        dataset: opts.handler.groupOf(doc.data),
        lockedBy: typeof doc.lockedBy === 'string' ? doc.lockedBy : undefined,
        attempts,
      });
      try {
        // A death beside other jobs names no culprit: no attempt spent, the job runs alone from now on.
        if (!deathCounts(doc)) {
          const dueAt = new Date(now.getTime() + retryDelayMs(Math.max(1, attempts), opts.retryBaseMs));
          if (await requeueUnchargedJob(runner.jobs, doc, { dueAt })) {
            log.warn(
              { dueAt, charged: false },
              'a worker stopped renewing its lease while this job ran beside others: no attempt spent; it runs alone from now on',
            );
            opts.onOutcome('recovered', 0);
          }
          continue;
        }
        // A job whose _id is not an ObjectId is only put back: the lock step then ends it (MalformedJobError).
        if (attempts >= opts.maxAttempts && doc._id instanceof ObjectId) {
          const lock = await takeOverExpiredJob(runner.jobs, doc, { now, leaseMs: opts.leaseMs, workerId: opts.workerId });
          if (lock) {
            log.warn({ charged: true }, 'a worker stopped renewing its lease while this job ran alone, on its last attempt: the job is given up');
            const error = new JobManagerCrashedError(
              `The worker running this job stopped (crashed, killed, or cut off) on each of its ${attempts} attempts (WORKER_MAX_ATTEMPTS).`,
            );
            await giveUpCrashedJob(runner, doc, lock, error).catch((err: unknown) =>
              log.error({ err: String(err) }, 'could not give up the job; trying again later'),
            );
          }
          continue;
        }
        const dueAt = new Date(now.getTime() + retryDelayMs(Math.max(1, attempts), opts.retryBaseMs));
        const reason = `JobManagerCrashedError: the worker running attempt ${attempts} stopped renewing its lease`;
        if (await requeueExpiredJob(runner.jobs, doc, { now, dueAt, reason })) {
          log.warn({ dueAt, charged: true }, 'a worker stopped renewing its lease while this job ran alone: an attempt spent; it runs again after a backoff');
          opts.onOutcome('recovered', 0);
        }
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not recover this job; trying again at the next sweep');
      }
    }
  }

  /** Renews this worker's registry entry and reads the live workers' settings. */
  private async refreshRegistry(first: boolean): Promise<void> {
    const { opts } = this;
    const workers = workersCollection(opts.queueDb);
    const now = this.clock.now();
    const settings = { maxJobsPerDataset: opts.maxJobsPerDataset ?? 0, maxJobsPerNamespace: opts.maxJobsPerNamespace ?? 0, lockSeconds: opts.leaseMs / 1000 };
    await declareWorker(workers, { workerId: opts.workerId, settings, now, expiresAt: new Date(now.getTime() + 3 * registryRefreshMs(opts.leaseMs)) });
    const live = await liveWorkers(workers, now);
    const declared = live.some((w) => w._id === opts.workerId) ? live : [...live, settings];
    this.effectiveLimit = effectiveDatasetLimit(declared);
    this.effectiveNamespaceLimit = effectiveNamespaceLimit(declared);
    this.stripe = stripeAmong(live, opts.workerId);
    const others = workersWithOtherSettings(live, opts.workerId, settings);
    const key = others
      .map((w) => `${w._id}:${w.maxJobsPerDataset}:${w.maxJobsPerNamespace ?? 0}:${w.lockSeconds}`)
      .sort()
      .join(',');
    if (others.length > 0 && (first || key !== this.mismatchKey)) {
      opts.logger.warn(
        {
          mine: {
            MAX_JOBS_PER_DATASET: settings.maxJobsPerDataset,
            MAX_JOBS_PER_NAMESPACE: settings.maxJobsPerNamespace,
            WORKER_LOCK_SECONDS: settings.lockSeconds,
          },
          others: others.map((w) => ({
            workerId: w._id,
            MAX_JOBS_PER_DATASET: w.maxJobsPerDataset,
            MAX_JOBS_PER_NAMESPACE: w.maxJobsPerNamespace ?? 0,
            WORKER_LOCK_SECONDS: w.lockSeconds,
          })),
          maxJobsPerDatasetInForce: this.effectiveLimit ?? 'unlimited',
          maxJobsPerNamespaceInForce: this.effectiveNamespaceLimit ?? 'unlimited',
        },
        'live workers on this queue have other settings: the smallest MAX_JOBS_PER_DATASET and MAX_JOBS_PER_NAMESPACE are in force; each lock keeps its own WORKER_LOCK_SECONDS lease',
      );
    }
    this.mismatchKey = key;
    opts.onSettings({ effectiveLimit: this.effectiveLimit, effectiveNamespaceLimit: this.effectiveNamespaceLimit, othersWithOtherSettings: others });
  }
}

/**
 * What Agenda is told a lock lasts: longer than any run (its own expiry checks, on this process's clock, must
 * never fire), and short enough for its timers (half of it must fit a 32-bit setTimeout).
 */
const AGENDA_LOCK_LIFETIME_MS = 2 ** 31 - 1;

/** How long a stop waits for a lock step under way (MongoDB may be away: the job's lease then expires as for a crash). */
const LOCK_STEP_WAIT_MS = 10_000;

/** The most jobs a worker holds and Agenda runs: one per place, and one for each run that is only writing its end. */
function maxHeld(concurrency: number): number {
  return 2 * concurrency;
}

/** The registry is renewed this often; an entry lives three times as long. */
function registryRefreshMs(leaseMs: number): number {
  return Math.max(100, Math.min(10_000, Math.floor(leaseMs / 3)));
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

export { JOBS_COLLECTION };
