/** A 1 GB jsonl split whose rows are counted by streaming: throughput in MB/s and peak RSS (target: flat, under 200 MB). */
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { report, round } from './lib/report.ts';
import { DATA_DIR, measureCompute, startHubProcess, warmHub } from './lib/splits-harness.ts';

const TARGET_BYTES = 1024 ** 3;
const repos = path.join(DATA_DIR, 'big-jsonl');
const repo = path.join(repos, 'bench/big-jsonl');
const file = path.join(repo, 'data/train.jsonl');
let lines = 0;
if (!existsSync(path.join(repo, '.hub-repo.json'))) {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let written = 0;
  while (written < TARGET_BYTES) {
    let chunk = '';
    for (let i = 0; i < 10_000; i++, lines++) chunk += `{"id": ${lines}, "text": "row ${lines} of a big jsonl split, with some text to make it longer"}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(path.join(repo, '.hub-repo.json'), JSON.stringify({ sha: 'c'.repeat(40), lines }));
} else {
  lines = (JSON.parse((await import('node:fs')).readFileSync(path.join(repo, '.hub-repo.json'), 'utf8')) as { lines: number }).lines;
}

const hub = await startHubProcess(repos);
try {
  await warmHub(hub.url, 'bench/big-jsonl');
  const size = statSync(file).size;
  const run = await measureCompute(hub.url, 'bench/big-jsonl', 2 * TARGET_BYTES);
  if (run.response.splits[0]!.num_examples !== lines) throw new Error(`counted ${run.response.splits[0]!.num_examples}, expected ${lines}`);
  report('splits-big-jsonl', {
    target: 'memory flat, under 200 MB RSS',
    file_mb: round(size / 2 ** 20),
    rows: lines,
    seconds: round(run.seconds, 2),
    mb_per_second: round(size / 2 ** 20 / run.seconds),
    peak_rss_mb: run.peakRssMb,
    rss_before_mb: run.baselineRssMb,
  });
} finally {
  hub.child.kill();
}
