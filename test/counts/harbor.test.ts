import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countHarborTasks } from '../../src/splits/count-rows/harbor.ts';
import { CountLimitError } from '../../src/splits/count-rows/errors.ts';
import { LocalHubRepos } from './local-hub-repos.ts';

const hubRepos = new LocalHubRepos();
const repo = (id: string, files: Record<string, string | Uint8Array>) => hubRepos.repo(id, files);

/** A task folder as Harbor writes it: its task.toml, instruction.md, and the files the builder only lists. */
function task(dir: string, toml: string, instruction: string | Uint8Array = 'Solve it.\n'): Record<string, string | Uint8Array> {
  return {
    [`${dir}/task.toml`]: toml,
    [`${dir}/instruction.md`]: instruction,
    [`${dir}/environment/Dockerfile`]: 'FROM python:3.12-slim\n',
    [`${dir}/solution/solve.sh`]: '#!/bin/sh\necho done\n',
  };
}

// every expected answer is what datasets 5.2.0 streamed from the same task files (load_dataset_builder("harbor"))
before(async () => {
  repo('acme/bench', {
    ...task(
      'tasks/a',
      'version = "1.0"\n[task]\nname = "org/a"\nkeywords = ["x", "y"]\n[metadata]\ndifficulty = "easy"\ncreated = 2025-01-02\n',
      '<!-- canary GUID 1234 -->\n\nSolve a.\n',
    ),
    ...task('tasks/b', '[task]\r\nname = "org/b"\r\ndescription = "b"\r\n'),
    ...task('tasks/c', 'schema_version = "1.1"\n'),
    // a folder with an instruction and no task.toml is no task
    'tasks/d/instruction.md': 'only an instruction\n',
    ...task('tasks/e', '[task]\nkeywords = "abc"\n'),
    ...task('tasks/f', 'task = []\n'),
  });
  repo('acme/keywords-int', task('tasks/t', '[task]\nkeywords = 5\n'));
  repo('acme/task-string', task('tasks/t', 'task = "x"\n'));
  repo('acme/toml-1-1', task('tasks/t', '[task]\nname = "a"\nmeta = { a = 1, }\n'));
  repo('acme/instruction-not-utf8', task('tasks/t', '[task]\nname = "a"\n', Buffer.from([0xff, 0xfe])));
  await hubRepos.start();
});
after(() => hubRepos.close());

const counts = (dataset: string) => hubRepos.counts(dataset);

describe('num_examples of harbor task folders', () => {
  // harbor's default split pattern names the split `test`
  it('counts one row per task.toml with its instruction, whatever the line endings, dates or empty sections', async () => {
    assert.deepEqual(await counts('acme/bench'), [['test', 5]]);
  });

  it('does not count a split with a task the builder fails on', async () => {
    // TypeError (list(5)), AttributeError ('str'.get), TOMLDecodeError (a TOML 1.1 trailing comma), UnicodeDecodeError
    for (const dataset of ['acme/keywords-int', 'acme/task-string', 'acme/toml-1-1', 'acme/instruction-not-utf8']) {
      assert.deepEqual(await counts(dataset), [['test', null]], dataset);
    }
  });
});

describe('the harbor counter bound', () => {
  it('does not count a split with more tasks than the bound, before reading any', async () => {
    const files = Array.from({ length: 3 }, (_, i) => [
      { path: `t${i}/task.toml`, size: 10 },
      { path: `t${i}/instruction.md`, size: 10 },
    ]).flat();
    let opened = 0;
    const open = () => {
      opened++;
      throw new Error('not to be read');
    };
    await assert.rejects(countHarborTasks(files, open, 2), CountLimitError);
    assert.equal(opened, 0);
  });
});
