/**
 * One computation of the worker for the side-by-side benchmark, in a fresh process with a fresh disk cache:
 * `node --import tsx bench/lib/side-by-side-compute.ts ROOT HUB_URL DATASET [FOOTER_CONCURRENCY]`, where ROOT
 * is the checkout whose src/ computes (this one, or an older one for a before/after comparison). Prints one
 * JSON line: the time measured after the imports, the splits and their row counts, and the answer's
 * [config, split, num_examples] triples; and the time to the first answer with the Hub requests sent by then:
 * the partial answer's when the computation gives one (the worker's default PARTIAL_ANSWER_FOOTER_READS), else
 * the final one's (an older checkout ignores the option).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_DEFAULTS } from '../../src/config/config.ts';

const [root, endpoint, dataset, concurrency] = process.argv.slice(2) as [string, string, string, string | undefined];
const { HubClient } = (await import(path.join(root, 'src/hub/hub-client.ts'))) as typeof import('../../src/hub/hub-client.ts');
const { computeSplits } = (await import(path.join(root, 'src/splits/compute-splits.ts'))) as typeof import('../../src/splits/compute-splits.ts');
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'bench-sbs-'));

/** The local Hub's request count (its stats are not counted themselves); node:http, as the worker's client (fetch's first use costs tens of ms). */
function hubRequests(): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${endpoint}/__hub/stats`, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve((JSON.parse(body) as { requests: number }).requests));
      })
      .on('error', reject);
  });
}

try {
  const t0 = performance.now();
  let first: { seconds: number; requests: number } | undefined;
  const client = new HubClient({ endpoint, token: undefined, timeoutMs: 60_000, maxRetries: 2, cacheDir });
  const response = await computeSplits(client, dataset, {
    countRowsMaxBytes: 100 * 2 ** 20,
    ...(concurrency ? { footerConcurrency: Number(concurrency) } : {}),
    partial: {
      footerReads: Number(CONFIG_DEFAULTS.PARTIAL_ANSWER_FOOTER_READS),
      write: async () => {
        const seconds = (performance.now() - t0) / 1000;
        first = { seconds, requests: await hubRequests() };
      },
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const rows = response.splits.reduce((n, s) => n + (s.num_examples ?? 0), 0);
  const answer = response.splits.map((s) => [s.config, s.split, s.num_examples]);
  process.stdout.write(
    `${JSON.stringify({ seconds, first_seconds: first?.seconds ?? seconds, first_requests: first?.requests ?? null, partial: first !== undefined, splits: response.splits.length, rows, answer })}\n`,
  );
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
