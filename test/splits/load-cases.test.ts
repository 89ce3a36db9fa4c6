/**
 * Cases of the `datasets` library's tests/test_load.py carried over as input → expected output:
 * test_infer_module_for_data_files, and the module factories without script for a plain data folder
 * (complex_data_dir), one config in metadata and two configs in metadata (data_dir_with_single_config_in_metadata,
 * data_dir_with_two_config_in_metadata), served as Hub repos by the local Hub.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inferModuleSync } from '../../src/splits/infer-module.ts';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { hubClient } from '../helpers/local-hub.ts';

function moduleOf(files: string[]): string | undefined {
  const m = inferModuleSync(files);
  return typeof m === 'object' ? m.module : m;
}

describe('module inference (ported from test_infer_module_for_data_files)', () => {
  const cases: [string[], string | undefined][] = [
    [['train.csv'], 'csv'],
    [['train.tsv'], 'csv'],
    [['train.json'], 'json'],
    [['train.jsonl'], 'json'],
    [['train.parquet'], 'parquet'],
    [['train.arrow'], 'arrow'],
    [['train.txt'], 'text'],
    [['uppercase.TXT'], 'text'],
    [['unsupported.ext'], undefined],
    [[''], undefined],
  ];
  for (const [files, expected] of cases) {
    it(`infers ${expected ?? 'no module'} for ${JSON.stringify(files)}`, () => assert.equal(moduleOf(files), expected));
  }
  it('prefers parquet on a tie, and ignores metadata files when counting', () => {
    assert.equal(moduleOf(['a.csv', 'b.parquet']), 'parquet');
    assert.equal(moduleOf(['metadata.jsonl', 'metadata.csv', 'x.png']), 'imagefolder');
  });
});

let repos: string;
let hub: LocalHub;

function repo(id: string, files: Record<string, string>): void {
  for (const [p, content] of Object.entries(files)) {
    const file = path.join(repos, id, p);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

before(async () => {
  repos = mkdtempSync(path.join(os.tmpdir(), 'splits-load-cases-'));
  repo('maintainers/complex-data-dir', {
    'data/train.txt': 'foo\n'.repeat(10),
    'data/test.txt': 'bar\n'.repeat(10),
    'README.md': 'This is a readme',
    '.dummy': 'this is a dummy file that is not a data file',
  });
  repo('maintainers/single-config-in-metadata', {
    'cats/cat.jpg': 'this_is_a_cat_image_bytes',
    'dogs/dog.jpg': 'this_is_a_dog_image_bytes',
    'README.md': '---\nconfigs:\n  - config_name: custom\n    drop_labels: true\n---\n',
  });
  repo('maintainers/two-configs-in-metadata', {
    'cats/cat.jpg': 'this_is_a_cat_image_bytes',
    'dogs/dog.jpg': 'this_is_a_dog_image_bytes',
    'README.md': '---\nconfigs:\n  - config_name: "v1"\n    drop_labels: true\n    default: true\n  - config_name: "v2"\n    drop_labels: false\n---\n',
  });
  repo('maintainers/two-configs-default-second', {
    'cats/cat.jpg': 'this_is_a_cat_image_bytes',
    'dogs/dog.jpg': 'this_is_a_dog_image_bytes',
    'README.md': '---\nconfigs:\n  - config_name: "v1"\n    drop_labels: true\n  - config_name: "v2"\n    drop_labels: false\n    default: true\n---\n',
  });
  hub = new LocalHub(repos);
  await hub.listen();
});
after(async () => {
  await hub.close();
});

async function splitsOf(dataset: string) {
  const res = await computeSplits(hubClient(hub), dataset, { countRowsMaxBytes: 1 << 20 });
  return res.splits.map((s) => [s.config, s.split, s.num_examples]);
}

describe('datasets without a script (ported from ModuleFactoryTest)', () => {
  it('reads a folder with data/train.txt and data/test.txt, ignoring the README and hidden files', async () => {
    assert.deepEqual(await splitsOf('maintainers/complex-data-dir'), [
      ['default', 'train', 10],
      ['default', 'test', 10],
    ]);
  });
  it('reads one config in metadata, with every file in its train split', async () => {
    assert.deepEqual(await splitsOf('maintainers/single-config-in-metadata'), [['custom', 'train', 2]]);
  });
  it('reads two configs in metadata, the default first', async () => {
    assert.deepEqual(await splitsOf('maintainers/two-configs-in-metadata'), [
      ['v1', 'train', 2],
      ['v2', 'train', 2],
    ]);
    assert.deepEqual(await splitsOf('maintainers/two-configs-default-second'), [
      ['v2', 'train', 2],
      ['v1', 'train', 2],
    ]);
  });
});
