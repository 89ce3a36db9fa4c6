/** The CLI, run as a person would: `npm run cli -- <command>` (here through node and tsx directly). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { startLocalHub } from '../helpers/local-hub.ts';
import type { LocalHub } from '../hub/hub-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
let mongo: TestMongo;
let hub: LocalHub;
let names: { queue: string; cache: string };

before(async () => {
  mongo = await startTestMongo();
  hub = await startLocalHub();
  names = mongo.names();
});
after(async () => {
  await hub.close();
  await mongo.close();
});

/** Runs the CLI in a child process (asynchronously: the local Hub answers it from this process). */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    env: {
      ...process.env,
      MONGO_URL: mongo.url,
      MONGO_QUEUE_DATABASE: names.queue,
      MONGO_CACHE_DATABASE: names.cache,
      HF_ENDPOINT: hub.url,
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-cli-')),
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('the CLI', () => {
  it('enqueues jobs, counts them by state, and cancels the waiting ones of a dataset', async () => {
    const enq = await cli('enqueue', 'user/a', 'user/b', 'user/a');
    assert.equal(enq.code, 0, enq.err);
    assert.equal(enq.out.trim().split('\n').length, 3);
    assert.deepEqual(JSON.parse((await cli('status')).out), { waiting: 3, started: 0, success: 0, superseded: 0, error: 0 });
    assert.match((await cli('cancel', 'user/a')).out, /cancelled 2 waiting job\(s\) of user\/a/);
    assert.deepEqual(JSON.parse((await cli('status')).out), { waiting: 1, started: 0, success: 0, superseded: 0, error: 0 });
  });

  it('refuses to enqueue what is not a Hub dataset id', async () => {
    const res = await cli('enqueue', '../x');
    assert.equal(res.code, 2);
    assert.match(res.err, /not Hub dataset ids: \.\.\/x/);
  });

  it('computes a dataset and prints the /splits answer, without MongoDB', async () => {
    const res = await cli('compute', 'acme/sharded-parquet');
    assert.equal(res.code, 0, res.err);
    const answer = JSON.parse(res.out) as { splits: { split: string; num_examples: number }[] };
    assert.deepEqual(answer.splits.map((s) => [s.split, s.num_examples]), [['train', 200], ['test', 50], ['random', 7]]);
  });

  it('prints the typed error of a dataset that cannot be computed, and exits 1', async () => {
    const res = await cli('compute', 'acme/script-only');
    assert.equal(res.code, 1);
    const out = JSON.parse(res.out) as { http_status: number; error_code: string };
    assert.equal(out.error_code, 'DatasetWithScriptNotSupportedError');
    assert.equal(out.http_status, 501);
  });

  it('prints its usage for an unknown command', async () => {
    const res = await cli('frobnicate');
    assert.equal(res.code, 2);
    assert.match(res.err, /unknown command "frobnicate"/);
  });
});
