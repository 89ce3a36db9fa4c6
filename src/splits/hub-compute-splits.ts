import type { Config } from '../config/config.ts';
import type { WorkerMetrics } from '../metrics/registry.ts';
import type { Logger } from '../log/logger.ts';
import { HubClient } from '../hub/hub-client.ts';
import { computeSplits } from './compute-splits.ts';
import type { ComputeSplits } from './types.ts';

/** The computation the worker runs for each job: a Hub client per job (so the job's abort reaches every request). */
export function hubComputeSplits(config: Config, metrics?: Pick<WorkerMetrics, 'hubRequests' | 'hubRequestDuration'>, logger?: Logger): ComputeSplits {
  const compute: ComputeSplits = (dataset, { signal, jobId, revision, partial }) => {
    const hub = new HubClient({
      endpoint: config.hfEndpoint,
      allowedOrigins: config.hfAllowedRedirectOrigins,
      token: config.hfToken,
      timeoutMs: config.hfTimeoutMs,
      maxRetries: config.hfMaxRetries,
      cacheDir: config.hfDatasetsCache,
      limits: config.hubLimits,
      signal,
      ...(metrics ? { metrics } : {}),
      ...(logger ? { logger: logger.child({ dataset, ...(jobId ? { jobId } : {}) }) } : {}),
    });
    return computeSplits(hub, dataset, {
      countRowsMaxBytes: config.countRowsMaxBytes,
      footerConcurrency: config.parquetFooterReadsAtOnce,
      ...(revision ? { revision } : {}),
      // 0: one answer, at the end
      ...(partial && config.partialAnswerFooterReads > 0 ? { partial: { footerReads: config.partialAnswerFooterReads, write: partial } } : {}),
    });
  };
  compute.revisionAware = true;
  return compute;
}
