/**
 * The producer API as a producer service uses it: the README's snippet run as its own process (it must exit by
 * itself), and SplitsQueue's checks and errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { childEnv } from '../helpers/env.ts';
import { SplitsQueue, InvalidJobDataError, ServiceUnavailableError } from '../../src/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
let mongo: TestMongo;

before(async () => {
  mongo = await startTestMongo();
});
after(async () => {
  await mongo.close();
});

/** The ```ts block that follows a marker (`<!-- NAME: … -->`) in a page of the docs (the README, or the job contract's page). */
function readmeSnippet(name = 'producer-snippet', page = 'docs/job-contract.md'): string {
  const readme = readFileSync(path.join(root, page), 'utf8');
  const m = new RegExp(`<!-- ${name}[^>]*-->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme);
  assert.ok(m, `${page} has the ${name}`);
  return m[1]!;
}

/** Runs a script as its own process from inside the package, so `import … from 'splits-worker'` resolves as for a user. */
function runScript(
  source: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; signal: string | null; out: string; err: string; ms: number }> {
  const dir = path.join(root, '.cache', 'producer-test');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `snippet-${randomBytes(4).toString('hex')}.ts`);
  writeFileSync(file, source);
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, env: childEnv(env) });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // A snippet that hangs is the bug this test is for: kill it after a while and report it as such.
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(file, { force: true });
      resolve({ code, signal, out, err, ms: Date.now() - started });
    }),
  );
}

describe('the README producer snippet', () => {
  it('enqueues its jobs and exits 0 on its own', async () => {
    const { queue } = mongo.names();
    const res = await runScript(readmeSnippet(), { MONGO_URL: mongo.url, MONGO_QUEUE_DATABASE: queue });
    console.log(`# producer snippet: exit ${res.code} (signal ${res.signal}) after ${res.ms} ms; stdout: ${res.out.trim()}`);
    assert.equal(res.signal, null, `the snippet did not exit by itself: ${res.err}`);
    assert.equal(res.code, 0, res.err);
    const ids = /enqueued 2 jobs: (\w+), (\w+)/.exec(res.out);
    assert.ok(ids, res.out);
    const jobs = await mongo.client.db(queue).collection('agendaJobs').find({}).sort({ _id: 1 }).toArray();
    assert.deepEqual(
      jobs.map((j): unknown[] => [String(j._id), j.name, j.data, j.priority, j.nextRunAt instanceof Date, j.lockedAt ?? null]),
      [
        [ids[1], 'splits', { dataset: 'nyu-mll/glue' }, 10, true, null],
        [ids[2], 'splits', { dataset: 'ibm/duorc' }, 10, true, null],
      ],
    );
  });
});

describe('the README snippet for services that call Agenda themselves', () => {
  for (const page of ['README.md', 'docs/job-contract.md'])
    it(`enqueues its job and exits 0 on its own (${page})`, async () => {
      const { queue } = mongo.names();
      const source = readmeSnippet('agenda-snippet', page)
        .replaceAll("'mongodb://localhost:27017'", JSON.stringify(mongo.url))
        .replaceAll("'datasets_server_queue'", JSON.stringify(queue));
      const res = await runScript(source, {});
      assert.equal(res.signal, null, `the snippet did not exit by itself: ${res.err}`);
      assert.equal(res.code, 0, res.err);
      const jobs = await mongo.client.db(queue).collection('agendaJobs').find({}).toArray();
      assert.deepEqual(
        jobs.map((j): unknown[] => [j.name, j.data]),
        [['splits', { dataset: 'user/name' }]],
      );
    });
});

describe('SplitsQueue', () => {
  it('enqueues one dataset at normal priority, as agenda.now does', async () => {
    const { queue: db } = mongo.names();
    const queue = await SplitsQueue.connect(mongo.url, { queueDatabase: db });
    try {
      const [id] = await queue.enqueue('user/one');
      const job = await mongo.client
        .db(db)
        .collection('agendaJobs')
        .findOne({ _id: new ObjectId(id) });
      assert.equal(job?.name, 'splits');
      assert.deepEqual(job?.data, { dataset: 'user/one' });
      assert.equal(job?.priority, 0);
    } finally {
      await queue.close();
    }
  });

  it('enqueues nothing when one dataset of a list is not a Hub dataset id', async () => {
    const { queue: db } = mongo.names();
    const queue = await SplitsQueue.connect(mongo.url, { queueDatabase: db });
    try {
      await assert.rejects(
        queue.enqueue(['user/ok', '../etc/passwd']),
        (err) => err instanceof InvalidJobDataError && /not a Hub dataset id/.test(err.message),
      );
      assert.equal(await mongo.client.db(db).collection('agendaJobs').countDocuments(), 0);
    } finally {
      await queue.close();
    }
  });

  it('names MongoDB and the address when MongoDB does not answer', async () => {
    const url = `mongodb://127.0.0.1:${await freePort()}`;
    await assert.rejects(SplitsQueue.connect(url, { connectTimeoutMs: 500 }), (err) => {
      assert.ok(err instanceof ServiceUnavailableError);
      assert.equal(err.errorCode, 'MongoUnavailableError');
      assert.match(err.message, new RegExp(`^cannot reach MongoDB at ${url.replaceAll('.', '\\.')}: `));
      return true;
    });
  });

  it('refuses to enqueue after close', async () => {
    const queue = await SplitsQueue.connect(mongo.url, { queueDatabase: mongo.names().queue });
    await queue.close();
    await queue.close();
    await assert.rejects(queue.enqueue('user/a'), /closed/);
  });
});
