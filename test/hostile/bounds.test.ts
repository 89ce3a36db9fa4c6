/**
 * Hostile datasets that push the worker's bounds: huge READMEs, parquet footers claiming gigabytes,
 * endless or looping tree pages, too many requests. Each ends in a named cached error (the dataset is at
 * fault) or an answer, reading only a bounded number of bytes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { client, dataset, FakeHub, json, README, serveBytes, streamBytes, toBytes, DATASET } from './fake-hub.ts';
import { expectCached, expectTransient } from './outcome.ts';

const OPTS = { countRowsMaxBytes: 1 << 30 };
const JSONL = '{"a":1}\n{"a":2}\n{"a":3}\n';
const MB = 1024 * 1024;

let hub: FakeHub;
before(async () => {
  hub = await FakeHub.start();
});
after(() => hub.close());

const parquet = (rows: number) =>
  toBytes(new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: Array.from({ length: rows }, (_, i) => i), type: 'INT32' }] })));

/** A README of `total` bytes, front matter first, generated as it is sent. */
function bigReadme(total: number, opts: { declare?: boolean } = {}) {
  return async (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, opts.declare === false ? {} : { 'content-length': String(total) });
    await streamBytes(res, { total, head: Buffer.from(README), fill: 0x61, chunk: 256 * 1024 });
  };
}

describe('hostile Hub: byte bounds (outcome: a named cached error, or an answer)', () => {
  it('a README of 10 MB (under HF_MAX_METADATA_FILE_BYTES, 10 MiB) is read: an answer', async () => {
    const total = 10_000_000;
    hub.reset(
      dataset([
        { path: 'README.md', size: total, serve: bigReadme(total) },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 3);
  });

  it('a README of 50 MB, as the tree lists it, is FileTooBigError without a request for it', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', size: 50_000_000, serve: bigReadme(50_000_000) },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    await expectCached(
      computeSplits(client(hub), DATASET, OPTS),
      'FileTooBigError',
      /README\.md has 50000000 bytes, more than the 10485760 .*HF_MAX_METADATA_FILE_BYTES/,
    );
    assert.equal(hub.requestsTo('README.md').length, 0);
  });

  it('a README of 300 MB that the tree lists as 1 KB and that declares its length is FileTooBigError, unread', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', size: 1024, serve: bigReadme(300_000_000) },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    const c = client(hub);
    await expectCached(computeSplits(c, DATASET, OPTS), 'FileTooBigError', /README\.md has 300000000 bytes/);
    assert.equal(c.stats.bytes, 0);
  });

  it('a README of 300 MB listed as 1 KB, sent without a length, is FileTooBigError after at most the limit', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', size: 1024, serve: bigReadme(300_000_000, { declare: false }) },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    const c = client(hub, { limits: { maxMetadataFileBytes: 1 * MB } });
    await expectCached(computeSplits(c, DATASET, OPTS), 'FileTooBigError', /more than 1048576 bytes/);
    assert.ok(c.stats.bytes <= MB);
  });

  it('a parquet footer claiming 2 GB of metadata is FileTooBigError, read from one 64 KiB Range request and nothing allocated', async () => {
    const size = 3 * 1024 * MB;
    const TAIL = 64 * 1024;
    const tail = Buffer.alloc(TAIL);
    tail.writeUInt32LE(2 ** 31 - 1, TAIL - 8);
    tail.write('PAR1', TAIL - 4);
    hub.reset(
      dataset([
        {
          path: 'data/train.parquet',
          size,
          serve: (req, res) => {
            assert.equal(req.headers.range, `bytes=${size - TAIL}-${size - 1}`);
            res.writeHead(206, { 'content-length': String(TAIL), 'content-range': `bytes ${size - TAIL}-${size - 1}/${size}` });
            res.end(tail);
          },
        },
      ]),
    );
    const c = client(hub);
    const rssBefore = process.memoryUsage().rss;
    await expectCached(
      computeSplits(c, DATASET, OPTS),
      'FileTooBigError',
      /declares 2147483647 bytes of metadata, more than the 16777216 read \(PARQUET_MAX_FOOTER_BYTES\)/,
    );
    assert.equal(c.stats.bytes, TAIL);
    assert.equal(hub.requestsTo('train.parquet').length, 1);
    assert.ok(process.memoryUsage().rss - rssBefore < 100 * MB);
  });

  it('a parquet footer longer than the first 64 KiB read takes one more read, sent to the CDN URL the first was redirected to', async () => {
    // 1,500 columns of one row: a footer of well over 64 KiB
    const file = toBytes(
      new Uint8Array(parquetWriteBuffer({ columnData: Array.from({ length: 1500 }, (_, i) => ({ name: `column_${i}`, data: [i], type: 'INT32' as const })) })),
    );
    const footer = file.readUInt32LE(file.length - 8);
    assert.ok(footer > 64 * 1024, `footer of ${footer} bytes`);
    hub.reset(
      dataset(
        [
          {
            path: 'data/train.parquet',
            content: file,
            serve: (_req, res) => {
              res.writeHead(302, { location: '/cdn/train.parquet?sig=1' });
              res.end();
            },
          },
        ],
        (req, res, url) => {
          if (url.pathname !== '/cdn/train.parquet') return false;
          serveBytes(req, res, file);
          return true;
        },
      ),
    );
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 1);
    assert.equal(hub.requestsTo('/resolve/').filter((r) => r.path.endsWith('train.parquet')).length, 1);
    assert.equal(hub.requestsTo('/cdn/train.parquet').length, 2);
  });

  it('a gigabyte body sent to a 4 KB Range request is read for 4 KB only: an answer', async () => {
    const file = parquet(70);
    let sent = 0;
    hub.reset(
      dataset([
        {
          path: 'data/train.parquet',
          size: file.length,
          serve: async (req, res) => {
            const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')!;
            res.writeHead(206, { 'content-range': `bytes ${m[1]}-${m[2]}/${file.length}` });
            sent = await streamBytes(res, { total: 1 << 30, head: file.subarray(Number(m[1]), Number(m[2]) + 1) });
          },
        },
      ]),
    );
    const c = client(hub);
    const res = await computeSplits(c, DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 70);
    assert.ok(c.stats.bytes <= 4096, `read ${c.stats.bytes} bytes`);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(sent < 64 * MB, `the server could push only what the socket buffers took (${sent} bytes)`);
  });

  it('a small parquet file answered 200 (Range ignored) from its first byte is read: an answer', async () => {
    const file = parquet(12);
    hub.reset(
      dataset([
        {
          path: 'data/train.parquet',
          content: file,
          serve: (_req, res) => {
            res.writeHead(200, { 'content-length': String(file.length) });
            res.end(file);
          },
        },
      ]),
    );
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 12);
  });

  it('a data file longer than the tree lists is FileTooBigError when it is counted', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', content: README },
        {
          path: 'data/train.jsonl',
          size: JSONL.length,
          serve: async (_req, res) => {
            res.writeHead(200, {});
            await streamBytes(res, { total: 100 * MB, head: Buffer.from(JSONL), fill: 0x0a });
          },
        },
      ]),
    );
    await expectCached(computeSplits(client(hub), DATASET, OPTS), 'FileTooBigError', /more than the 24 bytes expected for data\/train\.jsonl/);
  });
});

describe('hostile Hub: API answers', () => {
  it('a tree page larger than the API bound (declared or sent) is transient, and not read past the bound', async () => {
    for (const declare of [true, false]) {
      hub.reset(
        dataset([], async (_req, res, url) => {
          if (!url.pathname.includes('/tree/')) return false;
          res.writeHead(200, declare ? { 'content-length': String(1 << 30) } : {});
          await streamBytes(res, { total: 1 << 30, head: Buffer.from('[') });
          return true;
        }),
      );
      await expectTransient(computeSplits(client(hub, { maxRetries: 0, limits: { maxApiResponseBytes: MB } }), DATASET, OPTS), /larger than 1048576 bytes/);
    }
  });

  it('a repo info without a commit sha is transient', async () => {
    hub.reset(dataset([], (_req, res, url) => (url.pathname.includes('/revision/') ? (json(res, 200, { id: DATASET }), true) : false)));
    await expectTransient(computeSplits(client(hub), DATASET, OPTS), /without an id and a commit sha/);
  });
});

describe('hostile Hub: walks (outcome: a named cached error, or transient for a Hub that loops)', () => {
  it('a tree whose Link rel="next" never ends stops at HF_MAX_TREE_PAGES: DatasetWithTooManyFilesError', async () => {
    let page = 0;
    hub.reset(
      dataset([], (_req, res, url) => {
        if (!url.pathname.includes('/tree/')) return false;
        page++;
        json(res, 200, [], { link: `<${hub.url}${url.pathname}?recursive=true&cursor=c${page}>; rel="next"` });
        return true;
      }),
    );
    await expectCached(
      computeSplits(client(hub, { limits: { maxTreePages: 50 } }), DATASET, OPTS),
      'DatasetWithTooManyFilesError',
      /more than 50 pages \(HF_MAX_TREE_PAGES\)/,
    );
    assert.equal(hub.requestsTo('/tree/').length, 50);
  });

  it('a tree of more files than HF_MAX_TREE_FILES is DatasetWithTooManyFilesError', async () => {
    let page = 0;
    hub.reset(
      dataset([], (_req, res, url) => {
        if (!url.pathname.includes('/tree/')) return false;
        page++;
        const files = Array.from({ length: 1000 }, (_, i) => ({ type: 'file', path: `data/${page}-${i}.jsonl`, size: 10, oid: '0' }));
        json(res, 200, files, { link: `<${hub.url}${url.pathname}?cursor=p${page}>; rel="next"` });
        return true;
      }),
    );
    await expectCached(
      computeSplits(client(hub, { limits: { maxTreeFiles: 2500 } }), DATASET, OPTS),
      'DatasetWithTooManyFilesError',
      /more than 2500 files \(HF_MAX_TREE_FILES\)/,
    );
    assert.equal(hub.requestsTo('/tree/').length, 3);
  });

  it('a tree whose Link comes back to a page already given (a loop) is transient, stopped at once', async () => {
    hub.reset(
      dataset([], (_req, res, url) => {
        if (!url.pathname.includes('/tree/')) return false;
        const next = url.searchParams.get('cursor') === 'B' ? 'A' : 'B';
        json(res, 200, [{ type: 'file', path: `data/${next}.jsonl`, size: 1, oid: '0' }], { link: `<${hub.url}${url.pathname}?cursor=${next}>; rel="next"` });
        return true;
      }),
    );
    await expectTransient(computeSplits(client(hub), DATASET, OPTS), /Link loop/);
    assert.equal(hub.requestsTo('/tree/').length, 3);
  });

  it('a dataset that needs more than HF_MAX_REQUESTS_PER_JOB requests is TooManyHubRequestsError', async () => {
    const file = parquet(5);
    const files = Array.from({ length: 300 }, (_, i) => ({ path: `data/train-${String(i).padStart(5, '0')}.parquet`, content: file }));
    hub.reset(dataset(files));
    await expectCached(computeSplits(client(hub, { limits: { maxRequests: 50 } }), DATASET, OPTS), 'TooManyHubRequestsError', /more than 50 requests/);
    assert.ok(hub.seen.length <= 50 + 16, `${hub.seen.length} requests`);
  });

  it('a 0-byte README needs no request, and a small README one request without Range', async () => {
    hub.reset(
      dataset([
        { path: 'README.md', content: '' },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 3);
    assert.equal(hub.requestsTo('README.md').length, 0);
    hub.reset(
      dataset([
        { path: 'README.md', content: README },
        { path: 'data/train.jsonl', content: JSONL },
      ]),
    );
    await computeSplits(client(hub), DATASET, OPTS);
    const readme = hub.requestsTo('README.md');
    assert.equal(readme.length, 1);
    assert.equal(readme[0]!.headers.range, undefined);
    assert.deepEqual(
      hub.seen.map((r) => r.path.split('?')[0]!.split('/').pop()),
      ['HEAD', 'a'.repeat(40), 'README.md', 'train.jsonl'],
    );
  });
});
