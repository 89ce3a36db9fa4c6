/**
 * A 10,000-file parquet dataset (350 KB files of 40,000 rows, hard links of one file written by
 * hyparquet-writer): wall time, Hub requests, bytes read against the total size (target: under 2 %), peak RSS.
 */
import { existsSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { report, round } from './lib/report.ts';
import { DATA_DIR, measureCompute, runFigures, startHubProcess, warmHub } from './lib/splits-harness.ts';

const FILES = 10_000;
const ROWS = 40_000;
const repos = path.join(DATA_DIR, 'many-files');
const repo = path.join(repos, 'bench/many-parquet');
if (!existsSync(path.join(repo, '.hub-repo.json'))) {
  mkdirSync(path.join(repo, 'data/train'), { recursive: true });
  const ids = Array.from({ length: ROWS }, (_, i) => i);
  const first = path.join(repo, 'data/train/part-00000.parquet');
  writeFileSync(
    first,
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: ids, type: 'INT32' },
          { name: 'text', data: ids.map((i) => `row ${i} ${'x'.repeat(i % 7)}`), type: 'STRING' },
        ],
      }),
    ),
  );
  for (let i = 1; i < FILES; i++) linkSync(first, path.join(repo, `data/train/part-${String(i).padStart(5, '0')}.parquet`));
  writeFileSync(path.join(repo, '.hub-repo.json'), JSON.stringify({ sha: 'a'.repeat(40) }));
}

const hub = await startHubProcess(repos);
try {
  await warmHub(hub.url, 'bench/many-parquet');
  const run = await measureCompute(hub.url, 'bench/many-parquet', 0);
  const split = run.response.splits[0]!;
  if (split.num_examples !== FILES * ROWS) throw new Error(`wrong count ${split.num_examples}`);
  const { statSync } = await import('node:fs');
  const total = FILES * statSync(path.join(repo, 'data/train/part-00000.parquet')).size;
  report('splits-many-files', {
    target: 'bytes read under 2 % of the files',
    files: FILES,
    num_examples: split.num_examples,
    total_mb: round(total / 2 ** 20),
    bytes_read_mb: round(run.bytesRead / 2 ** 20, 2),
    bytes_read_pct: round((100 * run.bytesRead) / total, 2),
    ...runFigures(run),
  });
} finally {
  hub.child.kill();
}
