/**
 * MONGO_URL takes any connection string the MongoDB driver accepts (replica sets, mongodb+srv://, options), checked
 * by the driver's own parser at start-up, and its password is never printed: not in a configuration error, not when
 * the hosts do not answer, by the worker, the CLI or the dashboard (all three run here as built, from dist/).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { mongoUrlSecrets, redactMongoUrl } from '../../src/config/mongo-url.ts';
import { freePort, startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { childEnv } from '../helpers/env.ts';
import { builtPath } from '../helpers/built.ts';
import { BUILT_WORKER, spawnWorker } from '../helpers/workers.ts';

const PASSWORD = 's3cret-Pa55word';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('MONGO_URL, checked by the driver', () => {
  for (const url of [
    'mongodb://h1:27017,h2:27017/?replicaSet=rs0',
    `mongodb://app:${PASSWORD}@h1.example.net:27017,h2.example.net:27018,h3.example.net/datasets?replicaSet=rs0&authSource=admin&readPreference=secondaryPreferred&w=majority&retryWrites=true&tls=true`,
    'mongodb+srv://cluster0.abcde.mongodb.net/?retryWrites=true&w=majority&appName=splits',
    `mongodb+srv://app:${encodeURIComponent('p@ss:w/rd')}@cluster0.abcde.mongodb.net/`,
    'mongodb://[::1]:27017,127.0.0.1:27018/?directConnection=false&maxPoolSize=5&serverSelectionTimeoutMS=2000',
    'mongodb://localhost',
  ]) {
    it(`accepts ${redactMongoUrl(url)}`, () => {
      assert.equal(loadConfig({ MONGO_URL: url }).mongoUrl, url);
    });
  }

  for (const [url, reason] of [
    ['localhost:27017', /Invalid scheme/],
    ['mongodb://', /host list are required/],
    ['mongodb+srv://cluster0.example.net:27017/', /cannot have port number/],
    ['mongodb+srv://h1.example.net,h2.example.net/', /cannot have multiple service names/],
    ['mongodb://h1/?replicaSet=rs0&tls=maybe', /tls\/ssl must be either "true" or "false"/],
  ] as const) {
    it(`refuses ${url} with the driver's reason`, () => {
      const err = configError({ MONGO_URL: url });
      assert.match(err.message, /^invalid configuration: MONGO_URL=".*": a MongoDB connection string/);
      assert.match(err.message, reason);
    });
  }

  it('refuses a URL with a password and a bad option without printing the password', () => {
    const url = `mongodb://admin:${PASSWORD}@h1:27017,h2:27017/?replicaSet=rs0&bogusOption=1&tlsCertificateKeyFilePassword=keyfile-Secret9`;
    const err = configError({ MONGO_URL: url });
    assert.match(err.message, /option bogusoption is not supported/);
    assert.match(
      err.message,
      /MONGO_URL="mongodb:\/\/admin:\*\*\*\*@h1:27017,h2:27017\/\?replicaSet=rs0&bogusOption=1&tlsCertificateKeyFilePassword=\*\*\*\*"/,
    );
    const everything = JSON.stringify({ message: err.message, problems: err.problems, stack: err.stack });
    assert.ok(!everything.includes(PASSWORD) && !everything.includes('keyfile-Secret9'), everything);
  });

  it('masks a password that the URL does not even parse around', () => {
    const err = configError({ MONGO_URL: `mongodb://admin:${PASSWORD}@` });
    assert.ok(!err.message.includes(PASSWORD), err.message);
    assert.match(err.message, /admin:\*\*\*\*@/);
  });

  it('names the secrets of a URL, raw and decoded, for the logs to scrub', () => {
    assert.deepEqual(mongoUrlSecrets('mongodb://h1,h2/?replicaSet=rs0'), []);
    const secrets = mongoUrlSecrets(`mongodb://u:${encodeURIComponent('p@ss:w/rd')}@h1/?proxyPassword=proxy-Secret1`);
    assert.ok(secrets.includes('p@ss:w/rd') && secrets.includes(encodeURIComponent('p@ss:w/rd')) && secrets.includes('proxy-Secret1'), String(secrets));
  });
});

/** A TCP server that accepts connections and never says a word: a host that does not answer. */
async function silentHost(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function runBuilt(entry: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [builtPath(entry), ...args], { env: childEnv(env) });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe('a replica set whose hosts do not answer', () => {
  let silent: Awaited<ReturnType<typeof silentHost>>;
  let url: string;
  let hosts: string;
  before(async () => {
    silent = await silentHost();
    hosts = `127.0.0.1:${silent.port},127.0.0.1:${await freePort()}`;
    url = `mongodb://admin:${PASSWORD}@${hosts}/?replicaSet=rs0&authSource=admin`;
  });
  after(() => silent.close());

  const expectUnreachable = (out: string) => {
    assert.ok(!out.includes(PASSWORD), out);
    assert.doesNotMatch(out, /invalid configuration/);
    assert.ok(out.includes(`cannot reach MongoDB at mongodb://admin:****@${hosts}/?replicaSet=rs0&authSource=admin (MONGO_URL)`), out);
  };

  it('the worker stops at start-up naming the hosts, not the password', async () => {
    const w = spawnWorker({ MONGO_URL: url, MONGO_CONNECT_TIMEOUT_SECONDS: '1' }, BUILT_WORKER);
    assert.equal(await w.exited, 1);
    assert.match(w.logs(), /"error_code":"MongoUnavailableError"/);
    expectUnreachable(w.logs());
  });

  it('so does the CLI', async () => {
    const res = await runBuilt('src/cli/main.js', ['status'], { MONGO_URL: url, MONGO_CONNECT_TIMEOUT_SECONDS: '1' });
    assert.equal(res.code, 1, res.out);
    expectUnreachable(res.out);
  });

  it('and the dashboard', async () => {
    const res = await runBuilt('src/dashboard/main.js', ['--port', '0'], { MONGO_URL: url, MONGO_CONNECT_TIMEOUT_SECONDS: '1' });
    assert.equal(res.code, 1, res.out);
    expectUnreachable(res.out);
  });
});

describe('a connection string with options, to a server that answers', () => {
  let mongo: TestMongo;
  before(async () => (mongo = await startTestMongo()));
  after(() => mongo.close());

  it('is what the CLI connects with', async () => {
    const names = mongo.names();
    const options = 'appName=splits-test&maxPoolSize=3&w=majority&retryWrites=false';
    const url = mongo.url.includes('?') ? `${mongo.url}&${options}` : `${mongo.url.replace(/\/?$/, '/')}?${options}`;
    const res = await runBuilt('src/cli/main.js', ['status'], {
      MONGO_URL: url,
      MONGO_QUEUE_DATABASE: names.queue,
      MONGO_CACHE_DATABASE: names.cache,
    });
    assert.equal(res.code, 0, res.out);
    assert.equal((JSON.parse(res.out) as Record<string, number>).waiting, 0);
  });
});
