/**
 * Hostile cases on the wire: whatever breaks between the worker and the Hub is transient (the job is
 * retried, the cache is left as it was), never a cached error, and a slow but steady body is no error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { createHubFetch } from '../../src/hub/hub-fetch.ts';
import { client, dataset, FakeHub, json, README, streamBytes, toBytes, DATASET, SHA } from './fake-hub.ts';
import { expectTransient } from './outcome.ts';

const OPTS = { countRowsMaxBytes: 1 << 30 };
const JSONL = '{"a":1}\n{"a":2}\n{"a":3}\n';

let hub: FakeHub;
before(async () => {
  hub = await FakeHub.start();
});
after(() => hub.close());

const parquet = toBytes(new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: Array.from({ length: 50 }, (_, i) => i), type: 'INT32' }] })));

describe('hostile Hub: the wire (outcome: transient, cache untouched, job retried)', () => {
  it('a connection cut while a README body streams (64 KB of a declared 1 MB) is transient', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', size: 1 << 20, serve: async (_req, res) => {
          res.writeHead(200, { 'content-length': String(1 << 20) });
          await streamBytes(res, { total: 1 << 20, stopAfter: 64 * 1024 });
          res.destroy();
        } },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    await expectTransient(computeSplits(client(hub), DATASET, OPTS), /broke off|ended after|did not answer/);
    assert.equal(hub.requestsTo('README.md').length, 2, 'retried once within the job (maxRetries 1)');
  });

  it('a connection cut while a data file streams (200 KB of 2 MB of JSON Lines) is transient', async () => {
    const line = '{"text":"' + 'x'.repeat(90) + '"}\n';
    hub.reset(
      dataset([
        { path: 'README.md', content: README },
        { path: 'data/train.jsonl', size: 2 << 20, serve: async (_req, res) => {
          res.writeHead(200, { 'content-length': String(2 << 20) });
          const head = Buffer.from(line.repeat(2000));
          await streamBytes(res, { total: 2 << 20, head, stopAfter: 200 * 1024, fill: 0x0a });
          res.destroy();
        } },
      ]),
    );
    await expectTransient(computeSplits(client(hub, { maxRetries: 0 }), DATASET, OPTS));
  });

  it('a body shorter than its Content-Length (then the connection ends) is transient', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', size: 1000, serve: (_req, res) => {
          res.writeHead(200, { 'content-length': '1000' });
          res.end(Buffer.alloc(500, 0x20));
          res.socket?.end();
        } },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    await expectTransient(computeSplits(client(hub, { maxRetries: 0 }), DATASET, OPTS));
  });

  it('a body that stalls mid-way (no byte for longer than the idle time-out) is transient', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', content: README },
        { path: 'data/train.jsonl', size: 10_000, serve: (_req, res) => {
          res.writeHead(200, { 'content-length': '10000' });
          res.write(JSONL);
          // and nothing more, ever (the server closes it at the end of the suite)
        } },
      ]),
    );
    await expectTransient(computeSplits(client(hub, { maxRetries: 0, idleTimeoutMs: 200 }), DATASET, OPTS), /stalled/);
  });

  it('a slow but steady download, longer in all than every time-out, is an answer', async () => {
    const lines = JSONL.repeat(20); // 60 rows, sent 16 bytes every 20 ms: about 1.3 s in all
    hub.reset(
      dataset([
        { path: 'README.md', content: README },
        { path: 'data/train.jsonl', content: lines, serve: async (_req, res) => {
          res.writeHead(200, { 'content-length': String(lines.length) });
          for (let i = 0; i < lines.length && !res.destroyed; i += 16) {
            res.write(lines.slice(i, i + 16));
            await new Promise((r) => setTimeout(r, 20));
          }
          res.end();
        } },
      ]),
    );
    const res = await computeSplits(client(hub, { timeoutMs: 400, idleTimeoutMs: 300 }), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 60);
  });

  it('a Hub that never answers (no headers) is transient, after the header time-out', async () => {
    hub.reset(dataset([], (_req, _res, url) => url.pathname.includes('/revision/')));
    await expectTransient(computeSplits(client(hub, { timeoutMs: 150, maxRetries: 1 }), DATASET, OPTS), /timed out/);
  });

  it('a connection reset before any answer is transient', async () => {
    hub.reset((req) => {
      req.socket.destroy();
    });
    await expectTransient(computeSplits(client(hub), DATASET, OPTS));
  });

  it('a Hub answering 500, or 429, to every retry is transient', async () => {
    for (const status of [500, 503, 429]) {
      hub.reset((_req, res) => json(res, status, { error: 'busy' }));
      await expectTransient(computeSplits(client(hub, { maxRetries: 2 }), DATASET, OPTS), new RegExp(String(status)));
      assert.equal(hub.seen.length, 3);
    }
  });

  it('an endpoint whose host name does not resolve (DNS) is transient', async () => {
    const c = client(hub, { endpoint: 'http://no-such-host.invalid', timeoutMs: 2000, maxRetries: 0 });
    await expectTransient(computeSplits(c, DATASET, OPTS));
  });

  it('a redirect loop is transient, stopped after 10 hops', async () => {
    hub.reset((_req, res, url) => {
      res.writeHead(302, { location: url.pathname + url.search });
      res.end();
    });
    await expectTransient(computeSplits(client(hub, { maxRetries: 0 }), DATASET, OPTS), /redirect/);
    assert.equal(hub.seen.length, 11);
  });

  it('a parquet footer cut mid-way is transient (not a SplitsNamesError)', async () => {
    const big = Buffer.concat([Buffer.alloc(100_000), parquet]);
    hub.reset(
      dataset([
        { path: 'data/train.parquet', size: big.length, serve: (req, res) => {
          const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')!;
          const len = Number(m[2]) - Number(m[1]) + 1;
          res.writeHead(206, { 'content-length': String(len), 'content-range': `bytes ${m[1]}-${m[2]}/${big.length}` });
          res.write(big.subarray(Number(m[1]), Number(m[1]) + 100));
          res.destroy();
        } },
      ]),
    );
    await expectTransient(computeSplits(client(hub, { maxRetries: 0 }), DATASET, OPTS));
  });

  it('a 416 to a footer range inside the listed size is transient', async () => {
    hub.reset(dataset([{ path: 'data/train.parquet', size: 50_000, serve: (_req, res) => { res.writeHead(416, { 'content-range': 'bytes */0' }); res.end(); } }]));
    await expectTransient(computeSplits(client(hub, { maxRetries: 0 }), DATASET, OPTS), /416/);
  });

  it('a gigabyte 200 to a Range request in the middle of a file is refused (transient), not downloaded', async () => {
    let sent = 0;
    hub.reset(
      dataset([
        { path: 'data/train.parquet', size: 1 << 30, serve: async (_req, res) => {
          res.writeHead(200, { 'content-length': String(1 << 30) });
          sent = await streamBytes(res, { total: 1 << 30 });
        } },
      ]),
    );
    const c = client(hub, { maxRetries: 0 });
    await expectTransient(computeSplits(c, DATASET, OPTS), /ignored a Range/);
    assert.equal(c.stats.bytes, 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(sent < 64 << 20, `the server could push only what the socket buffers took (${sent} bytes)`);
  });

  it('retries leave no abort listener on the process-wide shutdown signal (1,000 retries)', async () => {
    hub.reset((_req, res) => json(res, 503, { error: 'busy' }));
    const shutdown = new AbortController();
    const hubFetch = createHubFetch({ endpoint: hub.url, timeoutMs: 1000, maxRetries: 1000, retryBaseMs: 0, signal: shutdown.signal, sleep: undefined });
    const before = getEventListeners(shutdown.signal, 'abort').length;
    const res = await hubFetch(`${hub.url}/api/datasets/${DATASET}/revision/${SHA}`);
    await res.body?.cancel();
    assert.equal(res.status, 503);
    assert.equal(hub.seen.length, 1001);
    assert.equal(getEventListeners(shutdown.signal, 'abort').length, before);
  });
});



