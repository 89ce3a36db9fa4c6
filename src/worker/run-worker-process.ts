import { loadConfig, ConfigError, type Config } from '../config/config.ts';
import { mongoUrlSecrets } from '../config/mongo-url.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { createMetrics, registerScrapeTimeMetrics, type WorkerMetrics } from '../metrics/registry.ts';
import { MetricsPortInUseError, startMetricsServer } from '../metrics/server.ts';
import { startFinishedJobsRetention } from '../retention/finished-jobs.ts';
import type { ComputeSplits } from '../splits/types.ts';
import { readMachineFromFile } from './machine-readings.ts';
import { Worker } from './worker.ts';
import type { MongoClient } from 'mongodb';

/**
 * The whole life of a worker process: configuration, logger, worker, /metrics, signals, exit code.
 * `src/main.ts` calls it with the Hub computation; test tooling calls it with computations that sleep or fail.
 */
export async function runWorkerProcess(
  makeCompute: (deps: { config: Config; logger: Logger; metrics: WorkerMetrics }) => ComputeSplits,
  opts: { client?: (config: Config) => MongoClient; onStopped?: () => void | Promise<void> } = {},
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, { secrets: [config.hfToken, ...mongoUrlSecrets(config.mongoUrl)] });
  process.on('unhandledRejection', (reason) => logger.error({ err: String(reason) }, 'unhandled rejection'));
  const metrics = createMetrics();
  const readingsFile = process.env.MACHINE_READINGS_FILE;
  const worker = new Worker({
    config,
    logger,
    metrics,
    compute: makeCompute({ config, logger, metrics }),
    ...(opts.client ? { client: opts.client(config) } : {}),
    ...(readingsFile ? { readMachine: readMachineFromFile(readingsFile) } : {}),
  });
  // The port first: a second worker on the host stops here, with one line, before it takes any job.
  let server: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  try {
    server = config.metricsEnabled
      ? await startMetricsServer({
          port: config.metricsPort,
          registry: metrics.registry,
          ready: () => worker.isReady(),
          holding: () => metrics.preflight.holding?.message,
        })
      : undefined;
  } catch (err) {
    if (!(err instanceof MetricsPortInUseError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  // Signals are heard from now on: one that comes while the worker starts (it logs `worker started` before the
  // rest is wired) is kept and acted on once the start is over, instead of killing the process by default.
  let pendingSignal: NodeJS.Signals | undefined;
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => (pendingSignal ??= signal);
  const relay = (signal: NodeJS.Signals) => onSignal(signal);
  process.on('SIGTERM', relay);
  process.on('SIGINT', relay);
  try {
    await worker.start();
  } catch (err) {
    await server?.close();
    logger.fatal(
      { error_code: (err as { errorCode?: string }).errorCode ?? 'StartupError', err: err instanceof Error ? err.message : String(err) },
      'worker could not start',
    );
    logger.flush();
    setTimeout(() => process.exit(1), 50);
    return;
  }
  const retention = startFinishedJobsRetention(worker.queueDb, { retentionSeconds: config.finishedJobsRetentionSeconds, logger });
  const figures = registerScrapeTimeMetrics(metrics, {
    figures: {
      mongoUrl: config.mongoUrl,
      queueDatabase: config.mongoQueueDatabase,
      cacheDatabase: config.mongoCacheDatabase,
      refreshMs: config.metricsRefreshMs,
      timeoutMs: config.metricsRefreshTimeoutMs,
      logger,
    },
    limits: {
      maxLoadPct: config.maxLoadPct,
      maxMemoryPct: config.maxMemoryPct,
      maxJobsPerDataset: config.maxJobsPerDataset,
      maxJobsPerNamespace: config.maxJobsPerNamespace,
    },
  });
  if (server) logger.info({ port: server.port }, 'metrics listening on /metrics, /healthz, /readyz');

  let stopping = false;
  onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'signal received');
    void worker
      .stop()
      .then(async () => {
        await server?.close();
        retention.stop();
        await figures.stop();
        await opts.onStopped?.();
        logger.flush();
        setTimeout(() => process.exit(0), 50);
      })
      .catch((err: unknown) => {
        logger.error({ err: String(err) }, 'error while stopping');
        logger.flush();
        setTimeout(() => process.exit(1), 50);
      });
  };
  if (pendingSignal) onSignal(pendingSignal);
}
