import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { RecordBatchStreamWriter, tableFromArrays } from 'apache-arrow';
import { jsonl, run } from './local-source.ts';
import { LocalHubRepos } from './local-hub-repos.ts';

const hubRepos = new LocalHubRepos();
const repo = (id: string, files: Record<string, string | Uint8Array>) => hubRepos.repo(id, files);

before(async () => {
  repo('acme/compressed-json', { 'data/train.jsonl.gz': gzipSync(jsonl(40)), 'data/test.json': JSON.stringify([{ a: 1 }, { a: 2 }, { a: 3 }]) });
  const wds = repo('acme/webdataset', { 's/000.jpg': 'x', 's/000.json': '{}', 's/001.jpg': 'x', 's/001.json': '{}', 's/002.jpg': 'x', 's/002.json': '{}' });
  mkdirSync(path.join(wds, 'data'));
  run(wds, 'tar', ['cf', 'data/train.tar', '--sort=name', 's']);
  run(wds, 'rm', ['-r', 's']);
  repo('acme/arrow-stream', {
    'data/train.arrow': RecordBatchStreamWriter.writeAll(tableFromArrays({ id: Int32Array.from({ length: 42 }, (_, i) => i) })).toUint8Array(true),
  });
  repo('acme/images-metadata', {
    'train/a.png': 'x',
    'train/b.png': 'x',
    'train/metadata.jsonl': '{"file_name": "a.png"}\n{"file_name": "b.png"}\n{"file_name": "c.png"}\n',
    'test/a.png': 'x',
    'test/metadata.jsonl': '{"file_name": "a.png"}\n',
  });
  await hubRepos.start();
});
after(() => hubRepos.close());

const counts = (dataset: string) => hubRepos.counts(dataset);

describe('num_examples through the local Hub, streamed or read by Range', () => {
  it('counts a gzip JSON Lines split and a JSON array split', async () => {
    assert.deepEqual(await counts('acme/compressed-json'), [
      ['train', 40],
      ['test', 3],
    ]);
  });

  it('counts webdataset samples from the tar headers', async () => {
    assert.deepEqual(await counts('acme/webdataset'), [['train', 3]]);
  });

  it('counts the rows of an Arrow stream', async () => {
    assert.deepEqual(await counts('acme/arrow-stream'), [['train', 42]]);
  });

  it('counts image folder splits from their metadata files', async () => {
    assert.deepEqual(await counts('acme/images-metadata'), [
      ['train', 3],
      ['test', 1],
    ]);
  });
});
