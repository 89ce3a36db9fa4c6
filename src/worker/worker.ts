import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Agenda, InMemoryNotificationChannel, type Job } from 'agenda';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import type { Config } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import type { ComputeSplits } from '../splits/types.ts';
import type { WorkerMetrics } from '../metrics/registry.ts';
import { QueueBackend, JOBS_COLLECTION } from '../queue/queue-backend.ts';
import { SPLITS_JOB_NAME, isHubRepoId } from '../queue/job-data.ts';
import { claimDatasetSlot } from '../queue/claim-dataset-slot.ts';
import { releaseDatasetSlots } from '../queue/release-dataset-slot.ts';
import type { SlotClaim } from '../queue/dataset-slots.ts';
import { ensureSplitsResponseIndexes } from '../cache/splits-response.ts';
import { ensureQueueIndexes } from '../queue/ensure-queue-indexes.ts';
import { readMachine as readOsMachine, type MachineReadings, type ReadMachine } from './machine-readings.ts';
import { preflight, type DeferralReason } from './preflight.ts';
import { retryDelayMs } from './retry-delay.ts';
import { createSplitsJob, JobRetryableError } from '../../jobs/splits.ts';

export interface WorkerOptions {
  config: Config;
  compute: ComputeSplits;
  logger: Logger;
  metrics: WorkerMetrics;
  /** machine figures for the preflight; the OS by default */
  readMachine?: ReadMachine;
  /** a client to use (tests, benchmarks); otherwise the worker creates one for MONGO_URL. Either way it connects and closes it. */
  client?: MongoClient;
}

/** Raised at start-up when MongoDB cannot be reached: main exits non-zero with this message. */
export class MongoUnavailableError extends Error {
  readonly errorCode = 'MongoUnavailableError';
  constructor(url: string, cause: unknown) {
    super(`cannot reach MongoDB at ${redactUrl(url)}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MongoUnavailableError';
  }
}

/**
 * One worker process: connects, lets Agenda poll the queue through the fair lock step, runs `splits`
 * jobs, and stops gracefully. The lifecycle, in order: start() → (lock → run → cache → release)* → stop().
 */
export class Worker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private client: MongoClient | undefined;
  private agenda: Agenda | undefined;
  private readonly channel = new InMemoryNotificationChannel();
  /** dataset slots taken by the lock step, until the job takes them over or gives them back */
  private readonly slots = new Map<string, SlotClaim>();
  /** jobs this worker locked and has not finished or given back, with when they were locked */
  private readonly lockedJobs = new Map<string, number>();
  private readonly runningJobs = new Set<string>();
  private readonly shutdown = new AbortController();
  private stopping = false;
  private started = false;
  private lastReading: { at: number; readings: MachineReadings } | undefined;
  private lastDeferral: DeferralReason | undefined;
  queueDb!: Db;
  cacheDb!: Db;

  constructor(private readonly opts: WorkerOptions) {}

  private get log() {
    return this.opts.logger;
  }

  async start(): Promise<void> {
    const { config } = this.opts;
    this.client = this.opts.client ?? new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: config.mongoConnectTimeoutMs, appName: 'splits-worker' });
    try {
      await this.client.connect();
      await this.client.db('admin').command({ ping: 1 });
    } catch (err) {
      await this.client.close().catch(() => {});
      throw new MongoUnavailableError(config.mongoUrl, err);
    }
    this.queueDb = this.client.db(config.mongoQueueDatabase);
    this.cacheDb = this.client.db(config.mongoCacheDatabase);
    await ensureSplitsResponseIndexes(this.cacheDb);
    await ensureQueueIndexes(this.queueDb);

    const backend = new QueueBackend(this.queueDb, {
      canLock: () => this.canLock(),
      claimSlot: (job) => this.claimSlot(job),
      onLocked: (jobId) => this.lockedJobs.set(jobId, Date.now()),
      onUnlocked: async (jobId) => {
        this.lockedJobs.delete(jobId);
        const claim = this.takeSlot(jobId);
        if (claim) await releaseDatasetSlots(this.queueDb, [claim]);
      },
      onDatasetBusy: (dataset) => {
        this.opts.metrics.deferrals.inc({ reason: 'dataset_limit' });
        this.log.debug({ dataset }, 'dataset at its limit: job left waiting, looking at other datasets');
      },
    }, { expiredLockSweepMs: config.workerSleepMs });
    const agenda = new Agenda({
      backend,
      name: this.id,
      processEvery: config.workerSleepMs,
      maxConcurrency: config.workerConcurrency,
      defaultConcurrency: config.workerConcurrency,
      // Lock no more jobs than this worker can run: the rest stay free for other workers.
      lockLimit: config.workerConcurrency,
      defaultLockLimit: config.workerConcurrency,
      defaultLockLifetime: config.lockLifetimeMs,
      notificationChannel: this.channel,
    });
    const job = createSplitsJob({
      queueDb: this.queueDb,
      cacheDb: this.cacheDb,
      compute: this.opts.compute,
      logger: this.log,
      metrics: this.opts.metrics,
      takeSlot: (jobId) => this.takeSlot(jobId),
      leaseMs: config.lockLifetimeMs,
      heartbeatMs: Math.max(50, Math.floor(config.lockLifetimeMs / 3)),
      shutdownSignal: this.shutdown.signal,
      isStopping: () => this.stopping,
      secrets: config.hfToken ? [config.hfToken] : [],
      maxAttempts: config.maxAttempts,
    });
    agenda.define(
      SPLITS_JOB_NAME,
      async (j: Job) => {
        const jobId = String(j.attrs._id);
        this.runningJobs.add(jobId);
        try {
          await job(j);
        } finally {
          this.runningJobs.delete(jobId);
          this.lockedJobs.delete(jobId);
        }
      },
      {
        concurrency: config.workerConcurrency,
        lockLimit: config.workerConcurrency,
        lockLifetime: config.lockLifetimeMs,
        backoff: (ctx) =>
          ctx.error instanceof JobRetryableError && ctx.attempt < config.maxAttempts ? retryDelayMs(ctx.attempt, config.retryBaseMs) : null,
      },
    );
    agenda.on('error', (err) => this.log.error({ err: err.message }, 'queue error; the worker keeps going'));
    agenda.on('fail', (err, j) => {
      if (j && 'attrs' in j) this.log.warn({ jobId: String(j.attrs._id), reason: String(err instanceof Error ? err.message : err) }, 'job failed');
    });
    // Right after a job finishes, look for the next one instead of sleeping until the next poll.
    agenda.on('complete', () => {
      setImmediate(() => {
        if (this.stopping) return;
        void this.channel
          .publish({ jobId: new ObjectId().toHexString() as never, jobName: SPLITS_JOB_NAME, nextRunAt: null, priority: 0, timestamp: new Date() })
          .catch(() => {});
      });
    });
    await agenda.start();
    this.agenda = agenda;
    this.started = true;
    this.log.info(
      {
        workerId: this.id,
        concurrency: config.workerConcurrency,
        maxJobsPerDataset: config.maxJobsPerDataset ?? 'unlimited',
        maxLoadPct: config.maxLoadPct,
        maxMemoryPct: config.maxMemoryPct,
        sleepSeconds: config.workerSleepMs / 1000,
      },
      'worker started',
    );
  }

  /** Capacity and preflight, asked by the lock step before it locks anything. */
  private async canLock(): Promise<boolean> {
    if (this.stopping) return false;
    const { config, metrics } = this.opts;
    // Lock no more jobs than this worker can run (Agenda's own check is not atomic across its fills).
    this.forgetJobsNeverStarted();
    if (this.lockedJobs.size >= config.workerConcurrency) return false;
    if (config.maxLoadPct <= 0 && config.maxMemoryPct <= 0) return true;
    const now = Date.now();
    // One reading per scan is enough; Agenda may ask several times in a row.
    if (!this.lastReading || now - this.lastReading.at > 250) {
      try {
        this.lastReading = { at: now, readings: await (this.opts.readMachine ?? readOsMachine)() };
      } catch (err) {
        this.log.error({ err: String(err) }, 'cannot read the machine load and memory: no job starts');
        return false;
      }
    }
    const { readings } = this.lastReading;
    metrics.machineLoadPct.set(readings.loadPct);
    metrics.machineMemoryPct.set(readings.memoryPct);
    const reason = preflight(readings, config);
    if (reason) {
      metrics.deferrals.inc({ reason });
      if (reason !== this.lastDeferral) {
        this.log.warn(
          { reason, loadPct: round(readings.loadPct), memoryPct: round(readings.memoryPct), maxLoadPct: config.maxLoadPct, maxMemoryPct: config.maxMemoryPct },
          'machine over its limit: no job starts until it drops',
        );
      }
    } else if (this.lastDeferral) {
      this.log.info({ loadPct: round(readings.loadPct), memoryPct: round(readings.memoryPct) }, 'machine back under its limits: jobs start again');
    }
    this.lastDeferral = reason;
    return reason === undefined;
  }

  /**
   * A job is run right after it is locked. One locked long ago and never started was dropped by Agenda (its
   * first state save failed, e.g. MongoDB away): stop counting it, and free its slot. Its lock expires in the
   * database and another worker (or this one) runs it again.
   */
  private forgetJobsNeverStarted(): void {
    const staleBefore = Date.now() - STALE_LOCKED_MS;
    for (const [jobId, lockedAt] of this.lockedJobs) {
      if (lockedAt >= staleBefore || this.runningJobs.has(jobId)) continue;
      this.lockedJobs.delete(jobId);
      const claim = this.takeSlot(jobId);
      this.log.warn({ jobId }, 'a locked job never started: no longer counted; it runs again once its lock expires');
      if (claim) void releaseDatasetSlots(this.queueDb, [claim]).catch(() => {});
    }
  }

  private async claimSlot(job: { jobId: string; dataset: unknown }): Promise<boolean> {
    const limit = this.opts.config.maxJobsPerDataset;
    // No limit, or data the job will reject: nothing to claim.
    if (limit === undefined || typeof job.dataset !== 'string' || !isHubRepoId(job.dataset)) return true;
    const claim = await claimDatasetSlot(this.queueDb, {
      dataset: job.dataset,
      jobId: job.jobId,
      workerId: this.id,
      limit,
      leaseMs: this.opts.config.lockLifetimeMs,
    });
    if (claim) this.slots.set(job.jobId, claim);
    return claim !== undefined;
  }

  private takeSlot(jobId: string): SlotClaim | undefined {
    const claim = this.slots.get(jobId);
    this.slots.delete(jobId);
    return claim;
  }

  /** MongoDB answers and the worker is polling. */
  async isReady(): Promise<boolean> {
    if (!this.started || this.stopping || !this.client) return false;
    await this.client.db('admin').command({ ping: 1 });
    return true;
  }

  /**
   * Graceful stop: take no new job, let running jobs finish within the grace period, then interrupt the rest
   * (they go back to the queue); give back jobs locked but not started; close connections.
   */
  async stop(): Promise<{ finished: number; interrupted: number; givenBack: number }> {
    if (this.stopping) return { finished: 0, interrupted: 0, givenBack: 0 };
    this.stopping = true;
    const { config } = this.opts;
    const runningAtStop = this.runningJobs.size;
    this.log.info({ running: runningAtStop, graceSeconds: config.graceMs / 1000 }, 'stopping: no new job; waiting for running jobs');
    let interrupted = 0;
    if (this.agenda) {
      const result = await this.agenda.drain({ timeout: config.graceMs });
      if (result.timedOut) {
        interrupted = this.runningJobs.size;
        this.log.warn({ running: interrupted }, 'grace period over: interrupting running jobs, they go back to the queue');
        this.shutdown.abort();
        await waitUntil(() => this.runningJobs.size === 0, 10_000);
      }
    }
    const notStarted = [...this.lockedJobs.keys()].filter((id) => !this.runningJobs.has(id));
    if (notStarted.length > 0) {
      await this.queueDb
        .collection(JOBS_COLLECTION)
        .updateMany({ _id: { $in: notStarted.map((id) => new ObjectId(id)) } }, { $set: { lockedAt: null } });
      await releaseDatasetSlots(this.queueDb, notStarted.map((id) => this.takeSlot(id)).filter((c): c is SlotClaim => c !== undefined));
    }
    await this.client?.close();
    const summary = { finished: runningAtStop - interrupted, interrupted, givenBack: notStarted.length };
    this.log.info(summary, 'worker stopped');
    return summary;
  }
}

/** a job locked this long ago and not started will not be started by Agenda */
const STALE_LOCKED_MS = 30_000;

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
