/**
 * `npm run bench` runs every benchmark, one process each, in order; `npm run bench -- NAME…` runs some.
 * Each prints its figures with the machine it ran on and writes bench/results/NAME.json.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { machine } from './lib/report.ts';

const ALL = [
  'queue-throughput',
  'multi-process',
  'pickup-latency',
  'queue-depth',
  'metrics-scrape',
  'dataset-limit-contention',
  'splits-many-files',
  'splits-fifty-configs',
  'splits-big-jsonl',
  'counts-formats',
  'side-by-side',
  'backfill',
  'fairness',
];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !ALL.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  process.exit(2);
}
console.log(`machine: ${JSON.stringify(machine())}`);
const t0 = Date.now();
let failed = 0;
for (const name of wanted.length ? wanted : ALL) {
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)], { stdio: 'inherit' });
  console.log(`(${name}: ${Math.round((Date.now() - started) / 1000)} s${res.status === 0 ? '' : `, exit ${res.status}`})`);
  if (res.status !== 0) failed++;
}
console.log(`\nall benchmarks: ${Math.round((Date.now() - t0) / 1000)} s, ${failed} failed`);
process.exit(failed ? 1 : 0);
