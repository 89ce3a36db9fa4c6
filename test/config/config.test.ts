import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { loadConfig, ConfigError, CONFIG_DEFAULTS } from '../../src/config/config.ts';
import { createLogger } from '../../src/log/logger.ts';

describe('configuration', () => {
  it("has the original worker's defaults", () => {
    const c = loadConfig({});
    assert.equal(c.datasetsRevision, 'main');
    assert.equal(c.hfEndpoint, 'https://huggingface.co');
    assert.equal(c.hfToken, undefined);
    assert.equal(c.logLevel, 'INFO');
    assert.equal(c.maxJobsPerDataset, 1);
    assert.equal(c.maxLoadPct, 70);
    assert.equal(c.maxMemoryPct, 80);
    assert.equal(c.mongoCacheDatabase, 'datasets_server_cache');
    assert.equal(c.mongoQueueDatabase, 'datasets_server_queue');
    assert.equal(c.mongoUrl, 'mongodb://localhost:27017');
    assert.equal(c.workerSleepMs, 15_000);
    assert.match(c.hfDatasetsCache, /\.cache\/huggingface\/datasets$/);
    assert.match(c.hfModulesCache, /\.cache\/huggingface\/modules$/);
  });

  it('reads MAX_JOBS_PER_DATASET < 1 as no limit, and 0 as a disabled load or memory check', () => {
    const c = loadConfig({ MAX_JOBS_PER_DATASET: '0', MAX_LOAD_PCT: '0', MAX_MEMORY_PCT: '0' });
    assert.equal(c.maxJobsPerDataset, undefined);
    assert.equal(c.maxLoadPct, 0);
    assert.equal(loadConfig({ MAX_JOBS_PER_DATASET: '-3' }).maxJobsPerDataset, undefined);
  });

  it('names every bad variable, its value and what is allowed, in one error', () => {
    assert.throws(
      () => loadConfig({ MAX_LOAD_PCT: 'abc', LOG_LEVEL: 'LOUD', MONGO_URL: 'localhost', HF_ENDPOINT: 'nope', MAX_JOBS_PER_DATASET: '1.5' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(e.problems.map((p) => p.name).sort(), ['HF_ENDPOINT', 'LOG_LEVEL', 'MAX_JOBS_PER_DATASET', 'MAX_LOAD_PCT', 'MONGO_URL']);
        assert.match(e.message, /invalid configuration: LOG_LEVEL="LOUD": one of DEBUG, INFO, WARNING, ERROR, CRITICAL/);
        assert.match(e.message, /invalid configuration: MONGO_URL="localhost": a MongoDB connection string/);
        return true;
      },
    );
  });

  it('accepts the variables of the datasets library, which this worker does not use', () => {
    const c = loadConfig({ DATASETS_REVISION: '2.14.0', HF_MODULES_CACHE: '/tmp/modules', NUMBA_CACHE_DIR: '/tmp/numba' });
    assert.equal(c.datasetsRevision, '2.14.0');
    assert.equal(c.numbaCacheDir, '/tmp/numba');
  });

  it('lists a default for every variable', () => {
    assert.equal(CONFIG_DEFAULTS.MONGO_URL, 'mongodb://localhost:27017');
    assert.equal(CONFIG_DEFAULTS.WORKER_SLEEP_SECONDS, '15');
  });
});

describe('the logger', () => {
  it('writes one JSON object per line, with the original level names mapped, and redacts the token', async () => {
    const token = 'hf_secret_token_123456';
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _e, cb) => {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger('WARNING', { secrets: [token], destination: sink });
    log.info('not written at WARNING');
    log.warn({ headers: { authorization: `Bearer ${token}` }, hfToken: token }, `failed with ${token} in the message`);
    log.flush();
    await new Promise((r) => setImmediate(r));
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.level, 'warn');
    assert.ok(!lines[0]!.includes(token));
    assert.deepEqual(line.headers, { authorization: '[redacted]' });
    assert.equal(line.msg, 'failed with [redacted] in the message');
  });
});
