import { Counter, Gauge, type Registry } from 'prom-client';
import { MongoClient } from 'mongodb';
import type { Logger } from '../log/logger.ts';
import { logCommandsOf } from '../log/command-log.ts';
import { countJobsByState, JOB_STATES } from '../queue/count-jobs-by-state.ts';
import { countResponsesByStatus, type ResponseCount } from '../cache/count-responses.ts';
import { SPLITS_JOB_NAME } from '../queue/job-data.ts';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';

export interface QueueFiguresOptions {
  mongoUrl: string;
  queueDatabase: string;
  cacheDatabase: string;
  /** time between two refreshes (METRICS_REFRESH_SECONDS) */
  refreshMs: number;
  /** a refresh that takes longer is abandoned and counted as failed (METRICS_REFRESH_TIMEOUT_SECONDS) */
  timeoutMs: number;
  logger: Logger;
}

/** A refresh abandoned after METRICS_REFRESH_TIMEOUT_SECONDS. */
export class MetricsRefreshTimeoutError extends Error {
  readonly errorCode = 'MetricsRefreshTimeoutError';
  constructor(timeoutMs: number) {
    super(`the queue and cache figures took longer than ${timeoutMs / 1000} s (METRICS_REFRESH_TIMEOUT_SECONDS)`);
    this.name = 'MetricsRefreshTimeoutError';
  }
}

interface Snapshot {
  jobs: Record<string, number>;
  responses: ResponseCount[];
  oldestWaitingAgeSeconds: number;
  oldestStartedAgeSeconds: number;
}

/**
 * Queue and cache figures for /metrics, read from MongoDB in the background, never at scrape time: a scrape
 * serves the last figures read, whatever the collection sizes, however many scrapes come at once, and whether
 * MongoDB answers, hangs or is gone. At most one refresh runs at a time, on a connection of its own whose
 * sockets time out (a hung server cannot hold the worker's pool), and it is abandoned after `timeoutMs`.
 * The figures carry their freshness: `queue_metrics_last_success_timestamp_seconds` and `mongodb_up`.
 */
export class QueueFigures {
  private readonly client: MongoClient;
  private snapshot: Snapshot | undefined;
  private lastSuccess = 0;
  private lastDuration = 0;
  private up = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private failuresInARow = 0;
  private readonly failures: Counter<'reason'>;

  constructor(
    registry: Registry,
    private readonly opts: QueueFiguresOptions,
  ) {
    this.client = new MongoClient(opts.mongoUrl, {
      appName: 'splits-worker-metrics',
      maxPoolSize: 2,
      serverSelectionTimeoutMS: opts.timeoutMs,
      connectTimeoutMS: opts.timeoutMs,
      socketTimeoutMS: opts.timeoutMs,
    });
    logCommandsOf(this.client, 'metrics');
    // Gauges read only what the last refresh stored: collect() never waits on MongoDB.
    // prom-client calls collect() with `this` bound to the gauge, so the instance is reached through `self`
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: 'queue_jobs_total',
      help: `Jobs in the queue database by state (${JOB_STATES.join(', ')}), as of queue_metrics_last_success_timestamp_seconds.`,
      labelNames: ['queue', 'status'],
      registers: [registry],
      collect() {
        this.reset();
        if (!self.snapshot) return;
        for (const status of JOB_STATES) this.set({ queue: '/splits', status }, self.snapshot.jobs[status] ?? 0);
      },
    });
    new Gauge({
      name: 'responses_in_cache_total',
      help: 'Entries in the cache database by HTTP status and error code, as of queue_metrics_last_success_timestamp_seconds.',
      labelNames: ['path', 'http_status', 'error_code'],
      registers: [registry],
      collect() {
        this.reset();
        for (const r of self.snapshot?.responses ?? []) {
          this.set({ path: '/splits', http_status: String(r.http_status), error_code: r.error_code ?? '' }, r.count);
        }
      },
    });
    new Gauge({
      name: 'queue_oldest_waiting_job_age_seconds',
      help: 'Age of the oldest due job not started (now - nextRunAt; 0 when none), as of queue_metrics_last_success_timestamp_seconds.',
      labelNames: ['queue'],
      registers: [registry],
      collect() {
        this.reset();
        if (self.snapshot) this.set({ queue: '/splits' }, self.snapshot.oldestWaitingAgeSeconds);
      },
    });
    new Gauge({
      name: 'queue_oldest_started_job_age_seconds',
      help: 'Time since the oldest started job was locked (0 when none), as of queue_metrics_last_success_timestamp_seconds.',
      labelNames: ['queue'],
      registers: [registry],
      collect() {
        this.reset();
        if (self.snapshot) this.set({ queue: '/splits' }, self.snapshot.oldestStartedAgeSeconds);
      },
    });
    new Gauge({
      name: 'queue_metrics_last_success_timestamp_seconds',
      help: 'Unix time of the last refresh of the queue and cache figures that succeeded (0: none yet).',
      registers: [registry],
      collect() {
        this.set(self.lastSuccess / 1000);
      },
    });
    new Gauge({
      name: 'queue_metrics_refresh_duration_seconds',
      help: 'Duration of the last refresh of the queue and cache figures, whether it succeeded or not.',
      registers: [registry],
      collect() {
        this.set(self.lastDuration / 1000);
      },
    });
    new Gauge({
      name: 'mongodb_up',
      help: 'Whether MongoDB answered a ping at the last refresh, within METRICS_REFRESH_TIMEOUT_SECONDS (1) or not (0).',
      registers: [registry],
      collect() {
        this.set(self.up);
      },
    });
    this.failures = new Counter({
      name: 'queue_metrics_refresh_failures_total',
      help: 'Refreshes of the queue and cache figures that failed, by reason (timeout, error).',
      labelNames: ['reason'],
      registers: [registry],
    });
    for (const reason of ['timeout', 'error']) this.failures.inc({ reason }, 0);
  }

  /**
   * First refresh now, then one refreshMs after each ends. After failures in a row the wait doubles (up to
   * 16 times, at most 5 minutes more than refreshMs), so a server that is slow or hung is not handed a new
   * aggregation while it still works on the one abandoned.
   */
  start(): void {
    const loop = () => {
      void this.refresh().then(() => {
        if (this.stopped) return;
        const backoff = Math.min(this.opts.refreshMs * (2 ** Math.min(this.failuresInARow, 4) - 1), 300_000);
        this.timer = setTimeout(loop, this.opts.refreshMs + backoff);
        this.timer.unref();
      });
    };
    loop();
  }

  /** One refresh; resolves when it ended, however. A refresh already running is awaited instead. */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.inFlight ??= this.runOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * A ping, then the figures, both within one time-out: mongodb_up says whether MongoDB answers at all, the
   * last-success timestamp whether the figures could be read (a server that answers but is too slow for the
   * aggregations shows as up, with stale figures).
   */
  private async runOnce(): Promise<void> {
    const started = Date.now();
    const timers: NodeJS.Timeout[] = [];
    const withinDeadline = <T>(work: Promise<T>): Promise<T> => {
      work.catch(() => {}); // abandoned after a time-out: its late failure is not an unhandled rejection
      const left = Math.max(0, started + this.opts.timeoutMs - Date.now());
      return Promise.race([
        work,
        new Promise<never>((_, reject) => timers.push(setTimeout(() => reject(new MetricsRefreshTimeoutError(this.opts.timeoutMs)), left))),
      ]);
    };
    try {
      try {
        await withinDeadline(this.ping());
        this.up = 1;
      } catch (err) {
        this.up = 0;
        throw err;
      }
      this.snapshot = await withinDeadline(this.read());
      this.lastSuccess = Date.now();
      this.failuresInARow = 0;
    } catch (err) {
      this.failuresInARow++;
      const reason = err instanceof MetricsRefreshTimeoutError ? 'timeout' : 'error';
      this.failures.inc({ reason });
      this.opts.logger.warn(
        { reason, mongodbUp: this.up === 1, err: err instanceof Error ? err.message : String(err) },
        'queue and cache figures not refreshed: /metrics serves the last ones read',
      );
    } finally {
      for (const t of timers) clearTimeout(t);
      this.lastDuration = Date.now() - started;
    }
  }

  private async ping(): Promise<void> {
    await this.client.connect();
    await this.client.db('admin').command({ ping: 1 });
  }

  private async read(): Promise<Snapshot> {
    const queueDb = this.client.db(this.opts.queueDatabase);
    const cacheDb = this.client.db(this.opts.cacheDatabase);
    const jobsCollection = queueDb.collection(JOBS_COLLECTION);
    const now = new Date();
    const [jobs, responses, oldestWaiting, oldestStarted] = await Promise.all([
      countJobsByState(queueDb, SPLITS_JOB_NAME),
      countResponsesByStatus(cacheDb),
      // One document each, by Agenda's {name, nextRunAt, priority, lockedAt, disabled} and {name, lockedAt} indexes.
      jobsCollection
        .find({ name: SPLITS_JOB_NAME, lockedAt: null, nextRunAt: { $lte: now } }, { projection: { nextRunAt: 1 } })
        .sort({ nextRunAt: 1 })
        .limit(1)
        .next(),
      jobsCollection
        .find({ name: SPLITS_JOB_NAME, lockedAt: { $ne: null } }, { projection: { lockedAt: 1 } })
        .sort({ lockedAt: 1 })
        .limit(1)
        .next(),
    ]);
    const age = (d: unknown) => (d instanceof Date ? Math.max(0, (now.getTime() - d.getTime()) / 1000) : 0);
    return {
      jobs,
      responses,
      oldestWaitingAgeSeconds: age(oldestWaiting?.nextRunAt),
      oldestStartedAgeSeconds: age(oldestStarted?.lockedAt),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.client.close().catch(() => {});
  }
}
