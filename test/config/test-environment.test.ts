/**
 * The tests' own switch: a user who exported the worker's variables (MONGO_URL, HF_TOKEN, MAX_LOAD_PCT…) for
 * their worker neither points the suite at that database nor passes them to the processes the tests start.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { childEnv } from '../helpers/env.ts';

const USER_ENV = { MONGO_URL: 'mongodb://users-production-db.invalid:27017', HF_TOKEN: 'hf_users_own_token_0123456789', MAX_LOAD_PCT: '5', HF_ENDPOINT: 'https://hub.invalid' };
const saved: Record<string, string | undefined> = {};
let mongo: TestMongo | undefined;

before(() => {
  for (const [k, v] of Object.entries(USER_ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
after(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await mongo?.close();
});

describe('the test environment', () => {
  it("ignores the worker's MONGO_URL: the suite's server comes from TEST_MONGO_URL or is started by the tests", async (t) => {
    if (process.env.TEST_MONGO_URL) return t.skip('TEST_MONGO_URL is set');
    mongo = await startTestMongo();
    assert.match(mongo.url, /^mongodb:\/\/127\.0\.0\.1:\d+$/);
  });

  it("passes none of the user's worker variables to the processes the tests start, only the test's own", () => {
    const env = childEnv({ MONGO_URL: 'mongodb://127.0.0.1:1' });
    const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify({ m: process.env.MONGO_URL, t: process.env.HF_TOKEN, l: process.env.MAX_LOAD_PCT, h: process.env.HF_ENDPOINT, p: Boolean(process.env.PATH) }))'], { env, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(res.stdout), { m: 'mongodb://127.0.0.1:1', p: true });
  });
});
