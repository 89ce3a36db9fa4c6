import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import type { Config } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import type { ComputeSplits } from '../splits/types.ts';
import type { WorkerMetrics } from '../metrics/registry.ts';
import { SPLITS_JOB_NAME } from '../queue/job-data.ts';
import { QueueConsumer } from '../queue/queue-consumer.ts';
import { ensureSplitsResponseIndexes } from '../cache/splits-response.ts';
import { ensureFirstRowsResponseIndexes } from '../cache/first-rows-response.ts';
import { readMachine as readOsMachine, type MachineReadings, type ReadMachine } from './machine-readings.ts';
import { preflight, preflightMessage, type DeferralReason } from './preflight.ts';
import { setPreflightHolding } from '../metrics/registry.ts';
import { ServiceUnavailableError } from '../errors/service-unavailable.ts';
import { createSplitsJob } from '../../jobs/splits.ts';
import { logCommandsOf } from '../log/command-log.ts';

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

/**
 * One worker process: connects, consumes `splits` jobs from the queue (src/queue owns locks, leases and job
 * states), runs the preflight before each lock, and stops gracefully.
 * The lifecycle, in order: start() → (preflight → lock → run → cache → finish)* → stop().
 */
export class Worker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private client: MongoClient | undefined;
  private consumer: QueueConsumer | undefined;
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
    const { config, metrics } = this.opts;
    this.client = this.opts.client ?? new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: config.mongoConnectTimeoutMs, appName: 'splits-worker' });
    logCommandsOf(this.client, 'worker');
    try {
      await this.client.connect();
      await this.client.db('admin').command({ ping: 1 });
    } catch (err) {
      await this.client.close().catch(() => {});
      // main exits non-zero with this one line, which names MongoDB and MONGO_URL
      throw new ServiceUnavailableError('MongoDB', config.mongoUrl, err, 'MONGO_URL');
    }
    this.queueDb = this.client.db(config.mongoQueueDatabase);
    this.cacheDb = this.client.db(config.mongoCacheDatabase);
    await ensureSplitsResponseIndexes(this.cacheDb);
    if (config.firstRowsHandoffEnabled) await ensureFirstRowsResponseIndexes(this.cacheDb);

    this.consumer = new QueueConsumer({
      queueDb: this.queueDb,
      name: SPLITS_JOB_NAME,
      workerId: this.id,
      logger: this.log,
      handler: createSplitsJob({
        cacheDb: this.cacheDb,
        compute: this.opts.compute,
        secrets: config.hfToken ? [config.hfToken] : [],
        firstRows: config.firstRowsHandoffEnabled
          ? {
              queueDb: this.queueDb,
              cacheDb: this.cacheDb,
              onHandedOff: ({ enqueued, deleted }) => {
                metrics.firstRowsJobsEnqueued.inc(enqueued);
                metrics.firstRowsResponsesDeleted.inc(deleted);
              },
            }
          : undefined,
      }),
      concurrency: config.workerConcurrency,
      pollMs: config.workerSleepMs,
      leaseMs: config.lockLifetimeMs,
      maxDurationMs: config.maxJobDurationMs,
      maxAttempts: config.maxAttempts,
      retryBaseMs: config.retryBaseMs,
      maxJobsPerDataset: config.maxJobsPerDataset,
      maxJobsPerNamespace: config.maxJobsPerNamespace,
      preflight: () => this.preflight(),
      onOutcome: (outcome, seconds, count = 1) => {
        metrics.jobs.inc({ outcome }, count);
        if (outcome !== 'superseded' && outcome !== 'recovered') metrics.jobDuration.observe({ outcome }, seconds);
      },
      onLeaseRenewalLate: () => metrics.leaseRenewalsLate.inc(),
      onLockLost: () => metrics.lockRaces.inc(),
      onDatasetBusy: (dataset) => {
        metrics.deferrals.inc({ reason: 'dataset_limit' });
        this.log.debug({ dataset }, 'dataset at its limit: job left waiting, looking at other datasets');
      },
      onNamespaceBusy: (namespace) => {
        metrics.deferrals.inc({ reason: 'namespace_limit' });
        this.log.debug({ namespace }, 'namespace at its limit: job left waiting, looking at other namespaces');
      },
      onSettings: ({ effectiveLimit, effectiveNamespaceLimit, othersWithOtherSettings }) => {
        metrics.effectiveMaxJobsPerDataset.set(effectiveLimit ?? 0);
        metrics.effectiveMaxJobsPerNamespace.set(effectiveNamespaceLimit ?? 0);
        metrics.settingsMismatch.set(othersWithOtherSettings.length > 0 ? 1 : 0);
      },
    });
    await this.consumer.start();
    this.started = true;
    this.log.info(
      {
        workerId: this.id,
        concurrency: config.workerConcurrency,
        maxJobsPerDataset: config.maxJobsPerDataset ?? 'unlimited',
        maxJobsPerNamespace: config.maxJobsPerNamespace ?? 'unlimited',
        maxLoadPct: config.maxLoadPct,
        maxMemoryPct: config.maxMemoryPct,
        sleepSeconds: config.workerSleepMs / 1000,
        lockSeconds: config.lockLifetimeMs / 1000,
        maxJobDurationSeconds: config.maxJobDurationMs / 1000,
      },
      'worker started',
    );
  }

  /** The preflight, asked by the lock step before it locks anything: no job starts while the machine is over its limits. */
  private async preflight(): Promise<boolean> {
    const { config, metrics } = this.opts;
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
        const message = preflightMessage(reason, readings, config);
        setPreflightHolding(metrics, { reason, message });
        this.log.warn(
          {
            reason,
            loadPct: round(readings.loadPct),
            memoryPct: round(readings.memoryPct),
            MAX_LOAD_PCT: config.maxLoadPct,
            MAX_MEMORY_PCT: config.maxMemoryPct,
            detail: message,
          },
          'machine over its limit (MAX_LOAD_PCT / MAX_MEMORY_PCT): no job starts until it drops',
        );
      }
    } else if (this.lastDeferral) {
      setPreflightHolding(metrics, undefined);
      this.log.info({ loadPct: round(readings.loadPct), memoryPct: round(readings.memoryPct) }, 'machine back under its limits: jobs start again');
    }
    this.lastDeferral = reason;
    return reason === undefined;
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
    this.log.info({ running: this.consumer?.runningCount ?? 0, graceSeconds: config.graceMs / 1000 }, 'stopping: no new job; waiting for running jobs');
    const summary = (await this.consumer?.stop(config.graceMs)) ?? { finished: 0, interrupted: 0, givenBack: 0 };
    await this.client?.close();
    this.log.info(summary, 'worker stopped');
    return summary;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
