/**
 * Redirects go only to HF_ENDPOINT's origin and the allowed CDN origins (HF_ALLOWED_REDIRECT_ORIGINS): a hop
 * anywhere else is refused before anything is sent there, with a typed error whose cached text holds nothing
 * from there; and once a hop has left the Hub's origin, the token is not sent again, even when a later hop (or
 * a URL that answer chose) comes back to the Hub. Two more loopback servers: `cdn` stands for an allowed CDN
 * origin, `foreign` for any other.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { errorEntry } from '../../src/cache/write-splits-response.ts';
import { WorkerError } from '../../src/errors/worker-error.ts';
import { loadConfig, ConfigError } from '../../src/config/config.ts';
import { client, dataset, FakeHub, json, README, serveBytes, toBytes, DATASET, SHA, TOKEN } from './fake-hub.ts';

const OPTS = { countRowsMaxBytes: 1 << 30 };
const JSONL = '{"a":1}\n{"a":2}\n';
/** what the foreign origin answers: it must never reach an error, a log or the cache */
const LEAK = 'FOREIGN_PRIVATE_TEXT_4f1c';

let hub: FakeHub;
let cdn: FakeHub;
let foreign: FakeHub;
before(async () => {
  hub = await FakeHub.start();
  cdn = await FakeHub.start();
  foreign = await FakeHub.start();
});
after(async () => {
  await hub.close();
  await cdn.close();
  await foreign.close();
});

/** a client of the fake Hub whose allowed CDN origin is `cdn` (and not `foreign`) */
const cdnClient = () => client(hub, { allowedOrigins: [cdn.url] });

function leakyForeign(): void {
  foreign.reset((_req, res) => {
    res.writeHead(404, { 'x-error-message': `${LEAK} (x-error-message)`, 'content-type': 'text/plain' });
    res.end(`${LEAK} (body)`);
  });
}

async function refused(p: Promise<unknown>): Promise<WorkerError> {
  const err = await p.then(
    () => assert.fail('expected the request to be refused, got an answer'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkerError, `expected a WorkerError, got ${String(err)}`);
  // what the cache would hold for it, cut and all
  const cached = JSON.stringify(errorEntry(err));
  assert.ok(!cached.includes(LEAK), `the cached error holds the foreign text: ${cached}`);
  assert.equal(err.errorCode, 'HubRedirectNotAllowedError', `${err.errorCode}: ${err.message}`);
  assert.equal(err.transient, true);
  assert.match(err.message, new RegExp(foreign.url.replace(/[.]/g, '\\.')));
  assert.equal(foreign.seen.length, 0, 'nothing was sent to the foreign origin');
  return err;
}

describe('redirects: only within the Hub and its CDN origins', () => {
  it('a README redirected to an origin outside the allow-list is refused, and nothing of it is in the error', async () => {
    leakyForeign();
    hub.reset(
      dataset([{ path: 'README.md', content: README }], (_req, res, url) => {
        if (!url.pathname.endsWith('/README.md')) return false;
        res.writeHead(302, { location: `${foreign.url}/leak/README.md` });
        res.end();
        return true;
      }),
    );
    await refused(computeSplits(cdnClient(), DATASET, OPTS));
  });

  it('a CDN hop that redirects on to an origin outside the allow-list is refused too', async () => {
    leakyForeign();
    cdn.reset((_req, res) => {
      res.writeHead(307, { location: `${foreign.url}/leak/train.jsonl` });
      res.end();
    });
    hub.reset(
      dataset(
        [
          { path: 'README.md', content: README },
          { path: 'data/train.jsonl', content: JSONL },
        ],
        (_req, res, url) => {
          if (!url.pathname.endsWith('/train.jsonl')) return false;
          res.writeHead(302, { location: `${cdn.url}/cdn/train.jsonl` });
          res.end();
          return true;
        },
      ),
    );
    await refused(computeSplits(cdnClient(), DATASET, OPTS));
    assert.ok(cdn.seen.length > 0, 'the allowed CDN was reached');
  });

  it('a tree page whose Link rel="next" points outside the allow-list is refused', async () => {
    foreign.reset((_req, res) => json(res, 200, [{ type: 'file', path: `${LEAK}.jsonl`, size: 10, oid: '0' }]));
    hub.reset(
      dataset([{ path: 'README.md', content: README }], (_req, res, url) => {
        if (!url.pathname.includes('/tree/')) return false;
        json(res, 200, [{ type: 'file', path: 'data/train.jsonl', size: JSONL.length, oid: '0' }], {
          link: `<${foreign.url}/api/datasets/${DATASET}/tree/${SHA}?cursor=x>; rel="next"`,
        });
        return true;
      }),
    );
    await refused(computeSplits(cdnClient(), DATASET, OPTS));
  });

  it('once a hop left the Hub, the token is not sent again, even when a later hop comes back to the Hub', async () => {
    cdn.reset((_req, res) => {
      // the CDN sends the worker back to a Hub URL of its choosing (another org's private file, say)
      res.writeHead(302, { location: `${hub.url}/private/other-org/README.md` });
      res.end();
    });
    hub.reset(
      dataset(
        [
          { path: 'README.md', content: README },
          { path: 'data/train.jsonl', content: JSONL },
        ],
        (req, res, url) => {
          if (url.pathname.startsWith('/private/')) {
            serveBytes(req, res, Buffer.from(README));
            return true;
          }
          if (!url.pathname.endsWith('/README.md')) return false;
          res.writeHead(302, { location: `${cdn.url}/cdn/README.md` });
          res.end();
          return true;
        },
      ),
    );
    await computeSplits(cdnClient(), DATASET, OPTS);
    const back = hub.requestsTo('/private/');
    assert.ok(back.length > 0, 'the hop back to the Hub was followed');
    for (const r of [...back, ...cdn.seen]) assert.equal(r.headers.authorization, undefined, `the token was sent to ${r.path}`);
    assert.ok(
      hub.seen.filter((r) => !r.path.startsWith('/private/')).every((r) => r.headers.authorization === `Bearer ${TOKEN}`),
      'the Hub itself gets the token',
    );
  });

  it("a parquet footer's second read, at the URL a hop off the Hub chose, carries no token either", async () => {
    // metadata over 64 KiB (many row groups): the rest of the footer is read by a second request at the first one's final URL
    const n = 6000;
    const file = toBytes(
      new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: Int32Array.from({ length: n }, (_, i) => i), type: 'INT32' }], rowGroupSize: 2 })),
    );
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    assert.ok(view.getUint32(file.byteLength - 8, true) > 64 * 1024, 'the footer needs a second read');
    cdn.reset((_req, res) => {
      res.writeHead(302, { location: `${hub.url}/private/train.parquet` });
      res.end();
    });
    hub.reset(
      dataset([{ path: 'data/train.parquet', content: file }], (req, res, url) => {
        if (url.pathname.startsWith('/private/')) {
          serveBytes(req, res, file);
          return true;
        }
        if (!url.pathname.endsWith('/train.parquet')) return false;
        res.writeHead(302, { location: `${cdn.url}/cdn/train.parquet` });
        res.end();
        return true;
      }),
    );
    const res = await computeSplits(cdnClient(), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, n);
    const back = hub.requestsTo('/private/');
    assert.ok(back.length >= 2, `both reads reached the URL the CDN chose (${back.length})`);
    for (const r of back) assert.equal(r.headers.authorization, undefined, `the token was sent to ${r.path} (${r.headers.range})`);
  });
});

describe('HF_ALLOWED_REDIRECT_ORIGINS', () => {
  it("defaults to the origins the real Hub's resolve answers redirect to", () => {
    const origins = loadConfig({}).hfAllowedRedirectOrigins;
    for (const o of ['https://cdn-lfs.hf.co', 'https://cdn-lfs-us-1.hf.co', 'https://cas-bridge.xethub.hf.co', 'https://cdn-lfs.huggingface.co'])
      assert.ok(origins.includes(o), `${o} in ${origins.join(', ')}`);
    assert.ok(!origins.includes('https://huggingface.co'), "HF_ENDPOINT's origin is added by the client, whatever HF_ENDPOINT is");
  });

  it('takes origins separated by commas and refuses anything with a path', () => {
    assert.deepEqual(loadConfig({ HF_ALLOWED_REDIRECT_ORIGINS: ' https://a.example , http://127.0.0.1:8081/' }).hfAllowedRedirectOrigins, [
      'https://a.example',
      'http://127.0.0.1:8081',
    ]);
    assert.deepEqual(loadConfig({ HF_ALLOWED_REDIRECT_ORIGINS: '' }).hfAllowedRedirectOrigins, []);
    for (const bad of ['https://a.example/path', 'ftp://a.example', 'not a url'])
      assert.throws(() => loadConfig({ HF_ALLOWED_REDIRECT_ORIGINS: bad }), ConfigError, bad);
  });

  it("HF_ENDPOINT's own origin is always allowed, even with an empty list", async () => {
    hub.reset(
      dataset(
        [
          { path: 'README.md', content: README },
          { path: 'data/train.jsonl', content: JSONL },
        ],
        (_req, res, url) => {
          if (!url.pathname.endsWith('/train.jsonl') || url.searchParams.has('moved')) return false;
          res.writeHead(307, { location: `${url.pathname}?moved=1` });
          res.end();
          return true;
        },
      ),
    );
    const res = await computeSplits(client(hub, { allowedOrigins: [] }), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 2);
  });
});
