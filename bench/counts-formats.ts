/**
 * Bytes read from the Hub to count the rows of a 1 GiB example of each format that is not read whole:
 * a gzip JSON Lines file (1 GiB of text, compressed), a webdataset tar and a zip of images (1 GiB each).
 * The data is generated as a stream into a temp dir (removed at the end) and served by the local Hub.
 *   npm run bench -- counts-formats
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { report, round } from './lib/report.ts';
import { startHubProcess, warmHub } from './lib/splits-harness.ts';
import { HubClient } from '../src/hub/hub-client.ts';
import { createMetrics } from '../src/metrics/registry.ts';
import { countRows } from '../src/splits/count-rows.ts';
import type { ModuleName } from '../src/splits/infer-module.ts';

const GIB = 1024 ** 3;
const SAMPLE_BYTES = 100 * 1024;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'counts-formats-'));
const repos = path.join(tmp, 'repos');

function repo(name: string): string {
  const dir = path.join(repos, 'bench', name);
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(
    path.join(dir, '.hub-repo.json'),
    JSON.stringify({
      sha: name
        .padEnd(40, '0')
        .slice(0, 40)
        .replace(/[^0-9a-f]/g, 'a'),
    }),
  );
  return dir;
}

/** 1 GiB of JSON Lines (a random id and some text per row), gzip level 1, written as it is produced. */
async function gzipJsonl(file: string): Promise<number> {
  const gz = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gz.pipe(out);
  let written = 0;
  let rows = 0;
  while (written < GIB) {
    let chunk = '';
    for (let i = 0; i < 5000; i++, rows++)
      chunk += `{"id": ${rows}, "key": "${randomBytes(12).toString('hex')}", "text": "row ${rows} of a big gzip jsonl split, with some text to make it longer"}\n`;
    written += Buffer.byteLength(chunk);
    if (!gz.write(chunk)) await once(gz, 'drain');
  }
  gz.end();
  await once(out, 'finish');
  return rows;
}

/** 1 GiB of webdataset samples (a 100 KiB .jpg of random bytes and a small .json each), as files for tar and zip. */
function mediaFiles(dir: string): number {
  mkdirSync(dir, { recursive: true });
  const samples = Math.ceil(GIB / SAMPLE_BYTES);
  for (let i = 0; i < samples; i++) {
    const key = String(i).padStart(6, '0');
    writeFileSync(path.join(dir, `${key}.jpg`), randomBytes(SAMPLE_BYTES));
    writeFileSync(path.join(dir, `${key}.json`), `{"label": ${i % 10}}`);
  }
  return samples;
}

async function measure(url: string, dataset: string, file: string, module: ModuleName, expected: number) {
  const metrics = createMetrics();
  const hub = new HubClient({ endpoint: url, token: undefined, timeoutMs: 60_000, maxRetries: 2, cacheDir: mkdtempSync(path.join(tmp, 'hf-')), metrics });
  const size = statSync(path.join(repos, dataset, file)).size;
  const t0 = performance.now();
  const rows = await countRows({ hub, dataset, sha: 'main', maxBytes: 2 * GIB, knownParquetRows: new Map() }, module, [{ path: file, size }]);
  const seconds = (performance.now() - t0) / 1000;
  if (rows !== expected) throw new Error(`${dataset}: counted ${rows}, expected ${expected}`);
  const requests = (await metrics.hubRequests.get()).values.reduce((n, v) => n + v.value, 0);
  return {
    file_mb: round(size / 2 ** 20),
    rows,
    bytes_read: hub.stats.bytes,
    read_percent: round((100 * hub.stats.bytes) / size, 3),
    hub_requests: requests,
    seconds: round(seconds, 2),
  };
}

try {
  const t0 = performance.now();
  const gzRows = await gzipJsonl(path.join(repo('gzip-jsonl'), 'data/train.jsonl.gz'));
  const media = path.join(tmp, 'media');
  const samples = mediaFiles(media);
  execFileSync('tar', ['cf', path.join(repo('wds-tar'), 'data/train.tar'), '--sort=name', '-C', media, '.']);
  execFileSync('sh', ['-c', `cd '${media}' && ls | grep '\\.jpg$' | zip -q -0 '${path.join(repo('zip-images'), 'data/train.zip')}' -@`]);
  rmSync(media, { recursive: true, force: true });
  console.log(`data generated in ${round((performance.now() - t0) / 1000)} s`);

  const hub = await startHubProcess(repos);
  try {
    for (const name of ['gzip-jsonl', 'wds-tar', 'zip-images']) await warmHub(hub.url, `bench/${name}`);
    const gzip = await measure(hub.url, 'bench/gzip-jsonl', 'data/train.jsonl.gz', 'json', gzRows);
    const tar = await measure(hub.url, 'bench/wds-tar', 'data/train.tar', 'webdataset', samples);
    const zip = await measure(hub.url, 'bench/zip-images', 'data/train.zip', 'imagefolder', samples);
    report('counts-formats', {
      target: 'tar and zip: a small share of the bytes (headers / central directory); gzip: the compressed file once',
      gzip_jsonl: { ...gzip, decompressed_mb: 1024 },
      webdataset_tar: tar,
      zip_images: zip,
    });
  } finally {
    hub.child.kill();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
