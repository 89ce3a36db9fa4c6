import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/helpers/mongo.ts';
import { HubClient } from '../../src/hub/hub-client.ts';
import { createMetrics } from '../../src/metrics/registry.ts';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import type { SplitsResponse } from '../../src/splits/types.ts';
import { round } from './report.ts';

export const DATA_DIR = path.resolve(import.meta.dirname, '../.data');
const root = path.resolve(import.meta.dirname, '../..');

/** The local Hub in its own process (so its work does not count in the worker's time and memory). */
export async function startHubProcess(reposDir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/hub/main.ts'), '--repos', reposDir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('local Hub serving') ? resolve() : undefined));
    child.on('exit', (code) => reject(new Error(`hub exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Lists the repo once so that the Hub has hashed its files (the real Hub has them precomputed). */
export async function warmHub(url: string, dataset: string): Promise<void> {
  let next: string | undefined = `${url}/api/datasets/${dataset}/tree/main?recursive=true`;
  while (next) {
    const res: Response = await fetch(next);
    await res.arrayBuffer();
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
}

export interface SplitsRun {
  response: SplitsResponse;
  seconds: number;
  hubRequests: number;
  bytesRead: number;
  peakRssMb: number;
  /** RSS just before the computation */
  baselineRssMb: number;
}

/** One computation with a fresh disk cache, its wall time, Hub requests, bytes read and peak RSS. */
export async function measureCompute(url: string, dataset: string, countRowsMaxBytes: number): Promise<SplitsRun> {
  const metrics = createMetrics();
  const client = new HubClient({
    endpoint: url,
    token: undefined,
    timeoutMs: 60_000,
    maxRetries: 2,
    cacheDir: mkdtempSync(path.join(os.tmpdir(), 'bench-hf-')),
    metrics,
  });
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  const response = await computeSplits(client, dataset, { countRowsMaxBytes });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const hubRequests = (await metrics.hubRequests.get()).values.reduce((n, v) => n + v.value, 0);
  return {
    response,
    seconds,
    hubRequests,
    bytesRead: client.stats.bytes,
    peakRssMb: Math.round(peak / 2 ** 20),
    baselineRssMb: Math.round(baseline / 2 ** 20),
  };
}

/**
 * Writes, in `dir`, a dataset whose README declares `configs` configs, each a csv train split of two files
 * (1,000 and 500 rows) and a test split (100 rows).
 */
export function buildFiftyConfigsRepo(dir: string, configs = 50): void {
  const yaml = ['---', 'configs:'];
  for (let c = 0; c < configs; c++) {
    yaml.push(
      `- config_name: lang${c}`,
      '  data_files:',
      '  - split: train',
      `    path: "lang${c}/train-*.csv"`,
      '  - split: test',
      `    path: "lang${c}/test.csv"`,
    );
    mkdirSync(path.join(dir, `lang${c}`), { recursive: true });
    const rows = (n: number) => ['id,text', ...Array.from({ length: n }, (_, i) => `${i},"sentence ${i} of config ${c}"`)].join('\n') + '\n';
    writeFileSync(path.join(dir, `lang${c}/train-0.csv`), rows(1000));
    writeFileSync(path.join(dir, `lang${c}/train-1.csv`), rows(500));
    writeFileSync(path.join(dir, `lang${c}/test.csv`), rows(100));
  }
  yaml.push('---', '# fifty configs', '');
  writeFileSync(path.join(dir, 'README.md'), yaml.join('\n'));
}

/** The figures every splits benchmark reports of a run. */
export function runFigures(run: SplitsRun): Record<string, number> {
  return { hub_requests: run.hubRequests, seconds: round(run.seconds, 2), peak_rss_mb: run.peakRssMb, rss_before_mb: run.baselineRssMb };
}
