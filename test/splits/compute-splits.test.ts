import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalHub } from '../../src/local-hub/hub-server.ts';
import { startLocalHub, hubClient, TOKEN_WITH_ACCESS, TOKEN_WITHOUT_ACCESS } from '../helpers/local-hub.ts';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { DatasetNotFoundError, DatasetWithScriptNotSupportedError, EmptyDatasetError, SplitsNamesError } from '../../src/splits/errors.ts';
import { MANY_FILES_COUNT } from '../fixtures/build-fixtures.ts';

let hub: LocalHub;
before(async () => {
  hub = await startLocalHub();
});
after(async () => {
  await hub.close();
});

const OPTS = { countRowsMaxBytes: 10 * 1024 * 1024 };

async function splitsOf(dataset: string, token?: string) {
  const res = await computeSplits(hubClient(hub, { token }), dataset, OPTS);
  return res.splits.map((s) => {
    assert.equal(s.dataset, dataset);
    return [s.config, s.split, s.num_bytes, s.num_examples] as const;
  });
}

describe('configs and splits as `datasets` finds them', () => {
  it('reads data_files given as a string in README configs, and counts csv records (quoted newlines, blank lines)', async () => {
    assert.deepEqual(await splitsOf('acme/configs-string'), [['default', 'train', null, 4]]);
  });

  it('reads data_files given as a list of patterns, and counts non-blank JSON lines', async () => {
    assert.deepEqual(await splitsOf('acme/configs-list'), [['main', 'train', null, 5]]);
  });

  it('puts the default config first, keeps the YAML order of splits, and takes sizes from dataset_info', async () => {
    assert.deepEqual(await splitsOf('acme/configs-mapping'), [
      ['en', 'train', 1234, 3],
      ['en', 'validation', 456, 1],
      ['en', 'test', 789, 2],
      ['fr', 'train', null, 3],
      ['fr', 'test', null, 1],
    ]);
  });

  it('infers the splits inside each config data_dir', async () => {
    assert.deepEqual(await splitsOf('acme/configs-data-dir'), [
      ['en', 'train', null, 2],
      ['en', 'test', null, 1],
      ['de', 'train', null, 3],
    ]);
  });

  it('finds split names in file names, in the order train, validation, test', async () => {
    assert.deepEqual(await splitsOf('acme/split-in-filenames'), [
      ['default', 'train', null, 3],
      ['default', 'validation', null, 1],
      ['default', 'test', null, 2],
    ]);
  });

  it('finds split names in folder names', async () => {
    assert.deepEqual(await splitsOf('acme/split-in-folders'), [
      ['default', 'train', null, 3],
      ['default', 'test', null, 1],
    ]);
  });

  it('reads sharded parquet with a custom split name, counting rows from the footers', async () => {
    assert.deepEqual(await splitsOf('acme/sharded-parquet'), [
      ['default', 'train', null, 200],
      ['default', 'test', null, 50],
      ['default', 'random', null, 7],
    ]);
  });

  it('takes everything as train when no split is named', async () => {
    assert.deepEqual(await splitsOf('acme/single-jsonl'), [['default', 'train', null, 4]]);
  });

  it('counts an image folder as one row per image, split from the folders', async () => {
    assert.deepEqual(await splitsOf('acme/image-folder'), [
      ['default', 'train', null, 5],
      ['default', 'test', null, 2],
    ]);
  });

  it('keeps the dominant format of a repo with two formats', async () => {
    assert.deepEqual(await splitsOf('acme/two-formats'), [['default', 'train', null, 4]]);
  });

  it('takes split names and sizes from dataset_info, and never counts what it declares', async () => {
    hub.resetStats();
    assert.deepEqual(await splitsOf('acme/dataset-info-sizes'), [
      ['default', 'train', 4321, 30],
      ['default', 'validation', 1234, 10],
    ]);
    assert.equal(hub.stats.byEndpoint.cdn ?? 0, 0, 'no parquet file read');
  });

  it('reads sizes from a legacy dataset_infos.json', async () => {
    assert.deepEqual(await splitsOf('acme/legacy-infos'), [['default', 'train', 99, 2]]);
  });

  it('counts every line of a text file as a row, empty ones included', async () => {
    assert.deepEqual(await splitsOf('acme/text-lines'), [['default', 'train', null, 4]]);
  });

  it('gives null, not a guess, when the text files exceed the counting limit', async () => {
    const res = await computeSplits(hubClient(hub), 'acme/split-in-filenames', { countRowsMaxBytes: 10 });
    assert.deepEqual(
      res.splits.map((s) => s.num_examples),
      [null, null, null],
    );
  });

  it(`counts the rows of a ${MANY_FILES_COUNT}-file parquet repo from footers`, async () => {
    hub.resetStats();
    // the worker's default time-out (HF_TIMEOUT_SECONDS): its default footer reads in flight (128) share this
    // process's one thread with the Hub, and on a loaded machine a head could take longer than the helper's 5 s
    const client = hubClient(hub, { timeoutMs: 30_000 });
    const t0 = Date.now();
    const res = await computeSplits(client, 'acme/many-files', OPTS);
    assert.deepEqual(
      res.splits.map((s) => [s.split, s.num_examples]),
      [
        ['train', MANY_FILES_COUNT * 10],
        ['test', 5],
      ],
    );
    console.log(`# ${MANY_FILES_COUNT + 1} parquet files: ${hub.stats.requests} Hub requests, ${client.stats.bytes} bytes read, ${Date.now() - t0} ms`);
    // a second computation of the same commit reads no footer again (cached by sha)
    hub.resetStats();
    await computeSplits(hubClient(hub, { timeoutMs: 30_000, cacheDir: (client as unknown as { cache: { dir: string } }).cache.dir }), 'acme/many-files', OPTS);
    assert.equal(hub.stats.byEndpoint.cdn ?? 0, 0);
  });
});

describe('typed errors', () => {
  it('says a missing dataset is not found', async () => {
    await assert.rejects(computeSplits(hubClient(hub), 'acme/does-not-exist', OPTS), DatasetNotFoundError);
  });
  it('says a private dataset is not found without a token, or with a token lacking access, and computes it with one that has access', async () => {
    await assert.rejects(computeSplits(hubClient(hub), 'acme/private', OPTS), DatasetNotFoundError);
    await assert.rejects(computeSplits(hubClient(hub, { token: TOKEN_WITHOUT_ACCESS }), 'acme/private', OPTS), DatasetNotFoundError);
    assert.deepEqual(await splitsOf('acme/private', TOKEN_WITH_ACCESS), [['default', 'train', null, 12]]);
  });
  it('says a gated dataset is not found without access, and computes it with access', async () => {
    await assert.rejects(computeSplits(hubClient(hub), 'acme/gated', OPTS), DatasetNotFoundError);
    await assert.rejects(computeSplits(hubClient(hub, { token: TOKEN_WITHOUT_ACCESS }), 'acme/gated', OPTS), DatasetNotFoundError);
    assert.deepEqual(await splitsOf('acme/gated', TOKEN_WITH_ACCESS), [['default', 'train', null, 12]]);
  });
  it('says a disabled dataset is not found', async () => {
    await assert.rejects(computeSplits(hubClient(hub), 'acme/disabled', OPTS), DatasetNotFoundError);
  });
  it('says a repo with only a README is empty', async () => {
    await assert.rejects(computeSplits(hubClient(hub), 'acme/empty', OPTS), EmptyDatasetError);
  });
  it('says a loading script is not supported, as datasets 4 does', async () => {
    await assert.rejects(
      computeSplits(hubClient(hub), 'acme/script-only', OPTS),
      (e: unknown) => e instanceof DatasetWithScriptNotSupportedError && e.message === 'Dataset scripts are no longer supported, but found script-only.py',
    );
  });
  it('says invalid README YAML is a SplitsNamesError', async () => {
    await assert.rejects(computeSplits(hubClient(hub), 'acme/bad-yaml', OPTS), SplitsNamesError);
  });
  it('follows a renamed repo to its new name', async () => {
    const res = await computeSplits(hubClient(hub), 'acme/old-name', OPTS);
    assert.equal(res.splits.length, 3);
  });
});
