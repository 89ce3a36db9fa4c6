import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QueueFigures, type QueueFiguresOptions } from './queue-figures.ts';

export type JobOutcome =
  | 'success'
  | 'skipped'
  | 'cached_error'
  | 'invalid_data'
  | 'transient_error'
  | 'superseded'
  | 'interrupted'
  | 'lease_lost'
  | 'deadline_exceeded'
  | 'recovered'
  | 'crashed';

/** Every metric the worker exposes; the README lists them with their labels. */
export interface WorkerMetrics {
  registry: Registry;
  jobs: Counter<'outcome'>;
  effectiveMaxJobsPerDataset: Gauge;
  effectiveMaxJobsPerNamespace: Gauge;
  settingsMismatch: Gauge;
  jobDuration: Histogram<'outcome'>;
  deferrals: Counter<'reason'>;
  machineLoadPct: Gauge;
  machineMemoryPct: Gauge;
  hubRequests: Counter<'endpoint' | 'status'>;
  hubRequestDuration: Histogram<'endpoint'>;
  /** 1 for the reason the preflight holds jobs back now (see setPreflightHolding) */
  preflightHolding: Gauge<'reason'>;
  /** the preflight's current hold, for /readyz */
  preflight: { holding: { reason: 'load' | 'memory'; message: string } | undefined };
  firstRowsJobsEnqueued: Counter;
  firstRowsResponsesDeleted: Counter;
  leaseRenewalsLate: Counter;
  lockRaces: Counter;
}

export interface MetricsSources {
  figures: QueueFiguresOptions;
  limits: { maxLoadPct: number; maxMemoryPct: number; maxJobsPerDataset: number | undefined; maxJobsPerNamespace?: number | undefined };
}

const OUTCOMES: JobOutcome[] = [
  'success',
  'skipped',
  'cached_error',
  'invalid_data',
  'transient_error',
  'superseded',
  'interrupted',
  'lease_lost',
  'deadline_exceeded',
  'recovered',
  'crashed',
];
const DEFERRAL_REASONS = ['load', 'memory', 'dataset_limit', 'namespace_limit'] as const;

export function createMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics: WorkerMetrics = {
    registry,
    jobs: new Counter({
      name: 'worker_jobs_total',
      help: 'Job runs this worker ended, by outcome (see the README: success, skipped, cached_error, invalid_data, transient_error, superseded, interrupted, lease_lost, deadline_exceeded, recovered, crashed).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    effectiveMaxJobsPerDataset: new Gauge({
      name: 'queue_max_jobs_per_dataset_in_force',
      help: 'The per-dataset limit in force across live workers: the smallest MAX_JOBS_PER_DATASET any declares (0: no limit).',
      registers: [registry],
    }),
    effectiveMaxJobsPerNamespace: new Gauge({
      name: 'queue_max_jobs_per_namespace_in_force',
      help: 'The per-namespace limit in force across live workers: the smallest MAX_JOBS_PER_NAMESPACE any declares (0: no limit).',
      registers: [registry],
    }),
    settingsMismatch: new Gauge({
      name: 'worker_queue_settings_mismatch',
      help: '1 when live workers on this queue declare another MAX_JOBS_PER_DATASET, MAX_JOBS_PER_NAMESPACE or WORKER_LOCK_SECONDS than this one.',
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'worker_job_duration_seconds',
      help: 'Wall time of a job from slot taken to cache written, by outcome.',
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    deferrals: new Counter({
      name: 'worker_deferrals_total',
      help: 'Times this worker did not start a job: machine load or memory over its limit, the dataset at MAX_JOBS_PER_DATASET, or its namespace at MAX_JOBS_PER_NAMESPACE.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    machineLoadPct: new Gauge({
      name: 'machine_load_pct',
      help: 'Machine load as the preflight reads it: max(1-min, 5-min load average) / CPUs x 100.',
      registers: [registry],
    }),
    machineMemoryPct: new Gauge({
      name: 'machine_memory_pct',
      help: 'Machine memory as the preflight reads it: (RAM used + swap used) / (RAM total + swap total) x 100.',
      registers: [registry],
    }),
    hubRequests: new Counter({
      name: 'hub_requests_total',
      help: 'HTTP requests to the Hub, by endpoint kind and status code ("error" for a network error or time-out).',
      labelNames: ['endpoint', 'status'],
      registers: [registry],
    }),
    hubRequestDuration: new Histogram({
      name: 'hub_request_duration_seconds',
      help: 'Latency of HTTP requests to the Hub, by endpoint kind.',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    preflightHolding: new Gauge({
      name: 'worker_preflight_holding',
      help: 'Whether the preflight holds jobs back now (1), by reason: load at or over MAX_LOAD_PCT, memory at or over MAX_MEMORY_PCT.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    preflight: { holding: undefined },
    firstRowsJobsEnqueued: new Counter({
      name: 'worker_first_rows_jobs_enqueued_total',
      help: 'first-rows jobs this worker added to the queue after a successful /splits (splits that already had a waiting job are not counted).',
      registers: [registry],
    }),
    firstRowsResponsesDeleted: new Counter({
      name: 'worker_first_rows_responses_deleted_total',
      help: "Cached /first-rows entries this worker deleted because their split is no longer in the dataset's /splits answer.",
      registers: [registry],
    }),
    leaseRenewalsLate: new Counter({
      name: 'worker_lease_renewals_late_total',
      help: 'Lease renewals this worker could not send or confirm before the lease ran out (a loaded machine, a slow MongoDB, the process paused): a computing run is cut off, a run that computed its answer takes its lease again if nobody took the job.',
      registers: [registry],
    }),
    lockRaces: new Counter({
      name: 'worker_lock_races_total',
      help: 'Locks this worker tried on a due job that another worker had locked first since it read the job (each cost one database command): how much worker processes race for the same jobs.',
      registers: [registry],
    }),
  };
  // Series exist from the start at 0, so that rate() and alerts see the first event.
  for (const outcome of OUTCOMES) metrics.jobs.inc({ outcome }, 0);
  for (const reason of DEFERRAL_REASONS) metrics.deferrals.inc({ reason }, 0);
  setPreflightHolding(metrics, undefined);
  return metrics;
}

/**
 * Gauges read at scrape time from the process only (limits, CPU and memory), and the queue and cache figures, read
 * from MongoDB in the background (QueueFigures): a scrape never waits on MongoDB. Returns what stops the refresh.
 */
export function registerScrapeTimeMetrics(metrics: WorkerMetrics, sources: MetricsSources): { stop: () => Promise<void> } {
  const { registry } = metrics;
  const figures = new QueueFigures(registry, sources.figures);
  figures.start();
  const limit = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(value());
      },
    });
  limit('worker_max_load_pct', 'MAX_LOAD_PCT: the load at or over which no job starts (0: check disabled).', () => sources.limits.maxLoadPct);
  limit('worker_max_memory_pct', 'MAX_MEMORY_PCT: the memory at or over which no job starts (0: check disabled).', () => sources.limits.maxMemoryPct);
  limit(
    'worker_max_jobs_per_dataset',
    'MAX_JOBS_PER_DATASET: jobs of one dataset that may run at once across workers (0: no limit).',
    () => sources.limits.maxJobsPerDataset ?? 0,
  );
  limit(
    'worker_max_jobs_per_namespace',
    'MAX_JOBS_PER_NAMESPACE: jobs of one namespace that may run at once across workers (0: no limit).',
    () => sources.limits.maxJobsPerNamespace ?? 0,
  );
  const cpu = cpuPercentSincePreviousReading();
  new Gauge({
    name: 'worker_process_cpu_percent',
    help: 'CPU use of the worker process in percent of one core, since the previous reading (or since the process started, at the first).',
    registers: [registry],
    collect() {
      this.set(cpu());
    },
  });
  new Gauge({
    name: 'worker_process_resident_memory_bytes',
    help: 'Resident memory of the worker process in bytes.',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  return { stop: () => figures.stop() };
}

/**
 * What the worker calls when its preflight starts or stops holding jobs back (machine load or memory at or
 * over MAX_LOAD_PCT / MAX_MEMORY_PCT): the gauge worker_preflight_holding and /readyz show it.
 */
export function setPreflightHolding(metrics: WorkerMetrics, holding: { reason: 'load' | 'memory'; message: string } | undefined): void {
  metrics.preflight.holding = holding;
  metrics.preflightHolding.reset();
  for (const reason of ['load', 'memory'] as const) metrics.preflightHolding.set({ reason }, holding?.reason === reason ? 1 : 0);
}

/**
 * The process's CPU use in percent of one core between two calls, from `process.cpuUsage()` (the kernel's
 * counters, read by libuv in the process): no child process per scrape (pidusage ran `getconf` for each cold
 * one), and no /proc parsing. The first call measures since the process started.
 */
export function cpuPercentSincePreviousReading(): () => number {
  // process.cpuUsage() counts from the process's start, and performance.now() from its time origin
  let last = { usedUs: 0, atMs: 0 };
  return () => {
    const { user, system } = process.cpuUsage();
    const now = { usedUs: user + system, atMs: performance.now() };
    const wallMs = now.atMs - last.atMs;
    const pct = wallMs > 0 ? ((now.usedUs - last.usedUs) / 1000 / wallMs) * 100 : 0;
    last = now;
    return Math.max(0, pct);
  };
}
