/**
 * Names a dataset chooses are ordinary names, also when they are those of Object.prototype's members: a split
 * named `__proto__` is a split (it vanished when set on a plain object), and `constructor` or `toString` is
 * not "already there" (a plain object's `in` said so: a false "splits duplicated" UnexpectedError).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { client, dataset, FakeHub, DATASET } from './fake-hub.ts';

const OPTS = { countRowsMaxBytes: 1 << 30 };
const CSV = 'a,b\n1,2\n3,4\n';
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

let hub: FakeHub;
before(async () => {
  hub = await FakeHub.start();
});
after(async () => {
  await hub.close();
});

function withReadme(readme: string, files: string[]): void {
  hub.reset(dataset([{ path: 'README.md', content: readme }, ...files.map((path) => ({ path, content: CSV }))]));
}

describe('prototype names are ordinary names', () => {
  it('splits named __proto__, constructor, toString… in data_files are each a split, with its rows', async () => {
    const entries = NAMES.map((n) => `  - split: ${n}\n    path: data/${n}.csv`).join('\n');
    withReadme(
      `---\nconfigs:\n- config_name: default\n  data_files:\n${entries}\n---\n`,
      NAMES.map((n) => `data/${n}.csv`),
    );
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.deepEqual(
      res.splits.map((s) => [s.config, s.split, s.num_examples]),
      NAMES.map((n) => ['default', n, 2]),
    );
  });

  it('configs named __proto__ and constructor are configs', async () => {
    withReadme(`---\nconfigs:\n- config_name: __proto__\n  data_files: a/*.csv\n- config_name: constructor\n  data_files: b/*.csv\n---\n`, [
      'a/x.csv',
      'b/y.csv',
    ]);
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.deepEqual(
      res.splits.map((s) => [s.config, s.split, s.num_examples]),
      [
        ['__proto__', 'train', 2],
        ['constructor', 'train', 2],
      ],
    );
  });

  it('a split really given twice is still refused', async () => {
    withReadme(
      `---\nconfigs:\n- config_name: default\n  data_files:\n  - split: constructor\n    path: a.csv\n  - split: constructor\n    path: b.csv\n---\n`,
      ['a.csv', 'b.csv'],
    );
    await assert.rejects(computeSplits(client(hub), DATASET, OPTS), /duplicated/);
  });
});
