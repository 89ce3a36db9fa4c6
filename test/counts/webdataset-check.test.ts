/**
 * The webdataset builder's check when it lists splits (datasets 5.2 `_split_generators`): the first 5 samples of
 * the last split's first shard must have the same fields, or the library refuses the dataset; served by a local Hub.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { LocalHubRepos } from './local-hub-repos.ts';
import { run, tempDir, writeFiles } from './local-source.ts';
import { SplitsNamesError } from '../../src/splits/errors.ts';

/** A tar of these files, in this order, made by the real `tar` (a name given again is appended as another file). */
function tar(files: [string, string][]): Buffer {
  const dir = tempDir();
  run(dir, 'tar', ['--format=ustar', '-cf', 'out.tar', '--files-from=/dev/null']);
  for (const [name, content] of files) {
    writeFiles(dir, { [name]: content });
    run(dir, 'tar', ['--format=ustar', '-rf', 'out.tar', name]);
  }
  return readFileSync(path.join(dir, 'out.tar'));
}

const sample = (key: string, fields: string[]): [string, string][] => fields.map((f) => [`${key}.${f}`, `${key} ${f}`]);
const uniform = (n: number, from = 0) => Array.from({ length: n }, (_, i) => sample(`s${from + i}`, ['jpg', 'json'])).flat();

const repos = new LocalHubRepos();
before(async () => {
  repos.repo('acme/wds-uniform', { 'train/0.tar': tar(uniform(7)), 'test/0.tar': tar(uniform(3)) });
  repos.repo('acme/wds-mixed', { 'train/0.tar': tar(uniform(3)), 'test/0.tar': tar([...uniform(2), ...sample('s9', ['jpg'])]) });
  // past the first 5 samples the builder looks at nothing
  repos.repo('acme/wds-mixed-late', { 'train/0.tar': tar([...uniform(5), ...sample('s9', ['jpg'])]) });
  // the check reads the last split's first shard only (the loop variable the builder reuses)
  repos.repo('acme/wds-mixed-first-split', { 'train/0.tar': tar([...uniform(1), ...sample('s9', ['txt'])]), 'test/0.tar': tar(uniform(2)) });
  repos.repo('acme/wds-duplicate-field', { 'train/0.tar': tar([...uniform(1), ['s9.jpg', 'a'], ['s9.json', 'b'], ['s9.jpg', 'c']]) });
  await repos.start();
});
after(() => repos.close());

describe('webdataset samples checked as the library lists splits', () => {
  it('answers a dataset whose first samples share their fields', async () => {
    assert.deepEqual(await repos.counts('acme/wds-uniform'), [
      ['train', 7],
      ['test', 3],
    ]);
  });
  it('refuses a dataset whose first samples have different fields, as the library does', async () => {
    await assert.rejects(
      repos.counts('acme/wds-mixed'),
      (err) => err instanceof SplitsNamesError && /don't share the same prefix or the same types/.test(err.message),
    );
  });
  it('looks at the first 5 samples only', async () => {
    assert.deepEqual(await repos.counts('acme/wds-mixed-late'), [['train', 6]]);
  });
  it("looks at the last split's first shard only", async () => {
    assert.deepEqual(await repos.counts('acme/wds-mixed-first-split'), [
      ['train', 2],
      ['test', 2],
    ]);
  });
  it('refuses a sample with a field twice', async () => {
    await assert.rejects(repos.counts('acme/wds-duplicate-field'), SplitsNamesError);
  });
});
