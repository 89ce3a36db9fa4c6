import type { Config } from '../config/config.ts';
import type { WorkerMetrics } from '../metrics/registry.ts';
import { HubClient } from '../hub/hub-client.ts';
import { computeSplits } from './compute-splits.ts';
import type { ComputeSplits } from './types.ts';

/** The computation the worker runs for each job: a Hub client per job (so the job's abort reaches every request). */
export function hubComputeSplits(config: Config, metrics?: Pick<WorkerMetrics, 'hubRequests' | 'hubRequestDuration'>): ComputeSplits {
  return (dataset, { signal }) => {
    const hub = new HubClient({
      endpoint: config.hfEndpoint,
      token: config.hfToken,
      timeoutMs: config.hfTimeoutMs,
      maxRetries: config.hfMaxRetries,
      cacheDir: config.hfDatasetsCache,
      signal,
      ...(metrics ? { metrics } : {}),
    });
    return computeSplits(hub, dataset, { countRowsMaxBytes: config.countRowsMaxBytes });
  };
}
