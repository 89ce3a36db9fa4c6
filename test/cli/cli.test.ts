/** The CLI, run as a person would: the built one (`node dist/src/cli/main.js <command>`, what `splits-worker` runs once installed). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { startLocalHub } from '../helpers/local-hub.ts';
import type { LocalHub } from '../../src/local-hub/hub-server.ts';
import { childEnv } from '../helpers/env.ts';
import { assertBuilt } from '../helpers/built.ts';
import { freePort } from '../helpers/mongo.ts';
import { JOB_STATES } from '../../src/queue/count-jobs-by-state.ts';
import { readFileSync } from 'node:fs';

const root = path.resolve(import.meta.dirname, '../..');
const CLI = 'dist/src/cli/main.js';
let mongo: TestMongo;
let hub: LocalHub;
let names: { queue: string; cache: string };

before(async () => {
  assertBuilt();
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
  return run(CLI, args);
}

/** Runs an entry point: the built CLI (`.js`) on plain node; the local Hub's (`.ts`, a test tool) through tsx. */
function run(entry: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), path.join(root, entry), ...args], {
    cwd: root,
    env: childEnv({
      MONGO_URL: mongo.url,
      MONGO_QUEUE_DATABASE: names.queue,
      MONGO_CACHE_DATABASE: names.cache,
      HF_ENDPOINT: hub.url,
      HF_DATASETS_CACHE: mkdtempSync(path.join(os.tmpdir(), 'splits-cli-')),
      ...env,
    }),
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
    const counts = (o: Record<string, number>) => ({ ...Object.fromEntries(JOB_STATES.map((s) => [s, 0])), ...o });
    assert.deepEqual(JSON.parse((await cli('status')).out), counts({ waiting: 3 }));
    assert.match((await cli('cancel', 'user/a')).out, /cancelled 2 waiting job\(s\) of user\/a/);
    assert.deepEqual(JSON.parse((await cli('status')).out), counts({ waiting: 1 }));
  });

  it('enqueues with --force a job that recomputes even when its cached answer is current', async () => {
    const enq = await cli('enqueue', '--force', 'user/forced');
    assert.equal(enq.code, 0, enq.err);
    const job = await mongo.client.db(names.queue).collection('agendaJobs').findOne({ 'data.dataset': 'user/forced' });
    assert.deepEqual(job?.data, { dataset: 'user/forced', force: true });
    await cli('cancel', 'user/forced');
  });

  it('refuses to enqueue what is not a Hub dataset id', async () => {
    const res = await cli('enqueue', '../x');
    assert.equal(res.code, 2);
    assert.match(res.err, /not Hub dataset ids: "\.\.\/x"/);
  });

  it('computes a dataset and prints the /splits answer, without MongoDB', async () => {
    const res = await cli('compute', 'acme/sharded-parquet');
    assert.equal(res.code, 0, res.err);
    const answer = JSON.parse(res.out) as { splits: { split: string; num_examples: number }[] };
    assert.deepEqual(
      answer.splits.map((s) => [s.split, s.num_examples]),
      [
        ['train', 200],
        ['test', 50],
        ['random', 7],
      ],
    );
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

  it("prints its help with -h, --help and help, and a command's with <command> --help, without running it", async () => {
    for (const args of [['-h'], ['--help'], ['help']]) {
      const res = await cli(...args);
      assert.equal(res.code, 0);
      assert.match(res.out, /^usage: splits-worker /);
      for (const c of ['start', 'compute', 'enqueue', 'status', 'cancel']) assert.match(res.out, new RegExp(`^  ${c} `, 'm'));
    }
    const before = JSON.parse((await cli('status')).out) as Record<string, number>;
    for (const c of ['start', 'compute', 'enqueue', 'status', 'cancel']) {
      for (const args of [
        [c, '--help'],
        [c, '-h'],
        ['help', c],
      ]) {
        const res = await cli(...args);
        assert.equal(res.code, 0, `${args.join(' ')}: ${res.err}`);
        assert.match(res.out, new RegExp(`^usage: splits-worker ${c}`), args.join(' '));
      }
    }
    // `cancel --help` cancelled a dataset named "--help" once; `status --help` printed the counts
    assert.deepEqual(JSON.parse((await cli('status')).out), before);
  });

  it('prints the package version with --version', async () => {
    const res = await cli('--version');
    assert.equal(res.code, 0);
    assert.equal(res.out.trim(), (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it("refuses unknown flags and extra arguments with exit 2 and the command's usage", async () => {
    for (const [args, message] of [
      [['status', 'extra'], /status: unexpected argument: extra/],
      [['status', '--verbose'], /status: Unknown option '--verbose'/],
      [['compute', 'user/a', 'user/b'], /compute: unexpected argument: user\/b/],
      [['compute'], /compute: missing a Hub dataset id/],
      [['cancel'], /cancel: missing at least one Hub dataset id/],
      [['enqueue', '--priority', 'urgent', 'user/a'], /enqueue: invalid --priority "urgent"/],
      [['--frobnicate'], /unknown option "--frobnicate"/],
      [['help', 'nope'], /unknown command "nope"/],
    ] as const) {
      const res = await cli(...args);
      assert.equal(res.code, 2, args.join(' '));
      assert.match(res.err, message);
      assert.match(res.err, /usage: splits-worker/);
    }
  });

  it('validates the ids given to cancel: "--" then "--help" is a bad id, not a flag', async () => {
    const res = await cli('cancel', '--', '--help');
    assert.equal(res.code, 2);
    assert.match(res.err, /not Hub dataset ids: "--help"/);
  });

  it('enqueues with a priority', async () => {
    const res = await cli('enqueue', '--priority', 'high', 'user/urgent');
    assert.equal(res.code, 0, res.err);
    const job = await mongo.client.db(names.queue).collection('agendaJobs').findOne({ 'data.dataset': 'user/urgent' });
    assert.equal(job?.priority, 10);
  });

  it('names MongoDB and MONGO_URL when MongoDB does not answer', async () => {
    const url = `mongodb://127.0.0.1:${await freePort()}`;
    const res = await run(CLI, ['status'], { MONGO_URL: url, MONGO_CONNECT_TIMEOUT_SECONDS: '1' });
    assert.equal(res.code, 1);
    assert.match(res.err, new RegExp(`^splits-worker: cannot reach MongoDB at ${url.replaceAll('.', '\\.')} \\(MONGO_URL\\): .*ECONNREFUSED`));
    assert.equal(res.err.trim().split('\n').length, 1, res.err);
  });

  it('names the Hub and HF_ENDPOINT when the Hub does not answer', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const res = await run(CLI, ['compute', 'user/a'], { HF_ENDPOINT: endpoint, HF_MAX_RETRIES: '0' });
    assert.equal(res.code, 1);
    assert.equal((JSON.parse(res.out) as { error_code: string }).error_code, 'HubUnavailableError');
    assert.match(res.err, new RegExp(`^cannot reach the Hub at ${endpoint.replaceAll('.', '\\.')} \\(HF_ENDPOINT\\): `));
    // each cause once: the wrappers' messages already quote their causes
    assert.equal(res.err.match(/ECONNREFUSED/g)?.length, 1, res.err);
    assert.equal(res.err.match(/did not answer/g)?.length, 1, res.err);
  });

  it('starts the worker with `start`, which stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(root, CLI), 'start'], {
      cwd: root,
      env: childEnv({
        MONGO_URL: mongo.url,
        MONGO_QUEUE_DATABASE: names.queue,
        MONGO_CACHE_DATABASE: names.cache,
        METRICS_ENABLED: 'false',
        MAX_LOAD_PCT: '0',
        MAX_MEMORY_PCT: '0',
      }),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const end = Date.now() + 30_000;
    while (!out.includes('"msg":"worker started"') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /"msg":"worker started"/);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(out, /"msg":"worker stopped"/);
  });
});

describe('npm run hub', () => {
  it('prints its help, and refuses unknown flags, extra arguments and a missing --repos with its usage', async () => {
    const help = await run('test/hub/main.ts', ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^usage: npm run hub -- --repos DIR/);
    for (const [args, message] of [
      [['--bogus'], /hub: Unknown option '--bogus'/],
      [['--repos', 'x', 'extra'], /hub: unexpected argument: extra/],
      [[], /hub: missing --repos DIR/],
      [['--repos', '.', '--webhook', 'http://127.0.0.1:1/webhook'], /hub: --webhook needs --webhook-secret S/],
      [['--repos', '.', '--webhook-secret', 's'], /hub: --webhook-secret without --webhook URL/],
      [['--repos', '.', '--webhook', 'not a url', '--webhook-secret', 's'], /hub: invalid --webhook "not a url": a URL/],
      [
        ['--repos', '.', '--webhook', 'http://127.0.0.1:1/webhook', '--webhook-secret', 's', '--webhook-interval-ms', '0'],
        /hub: invalid --webhook-interval-ms "0"/,
      ],
    ] as const) {
      const res = await run('test/hub/main.ts', [...args]);
      assert.equal(res.code, 2, args.join(' '));
      assert.match(res.err, message);
      assert.match(res.err, /usage: npm run hub/);
      assert.doesNotMatch(res.err, /^\s+at /m, 'no stack trace');
    }
    const missing = await run('test/hub/main.ts', ['--repos', '/nonexistent-dir']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no such directory/);
  });
});
