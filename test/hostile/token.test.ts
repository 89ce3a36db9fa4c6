/**
 * The token goes to HF_ENDPOINT's origin and nowhere else, whatever the Hub's answers point at: a tree
 * Link to another origin, a redirect to a CloudFront-looking CDN, a Xet `rel="xet-auth"` link, a plain
 * redirect of a data file, a caller that sets the header itself. A second loopback server (another
 * port: another origin) records every request that reaches it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { client, dataset, FakeHub, json, README, serveBytes, toBytes, DATASET, SHA, TOKEN } from './fake-hub.ts';

const OPTS = { countRowsMaxBytes: 1 << 30 };
const JSONL = '{"a":1}\n{"a":2}\n';

let hub: FakeHub;
let foreign: FakeHub;
before(async () => {
  hub = await FakeHub.start();
  foreign = await FakeHub.start();
});
after(async () => {
  await hub.close();
  await foreign.close();
});

function assertNoTokenAbroad(): void {
  assert.ok(foreign.seen.length > 0, 'the foreign origin was reached');
  for (const r of foreign.seen) {
    assert.equal(r.headers.authorization, undefined, `authorization sent to ${r.path}`);
    assert.ok(!JSON.stringify(r).includes(TOKEN), `token sent to ${r.path}`);
  }
  assert.ok(hub.seen.every((r) => r.headers.authorization === `Bearer ${TOKEN}`), 'the Hub itself gets the token');
}

describe('hostile Hub: the token stays with HF_ENDPOINT (outcome: no request abroad carries it)', () => {
  it('a tree Link rel="next" to another origin is followed without the token', async () => {
    foreign.reset((_req, res) => json(res, 200, [{ type: 'file', path: 'data/more.jsonl', size: JSONL.length, oid: '0' }]));
    hub.reset(
      dataset([{ path: 'README.md', content: README }, { path: 'data/train.jsonl', content: JSONL }, { path: 'data/more.jsonl', content: JSONL }], (_req, res, url) => {
        if (!url.pathname.includes('/tree/')) return false;
        json(res, 200, [{ type: 'file', path: 'data/train.jsonl', size: JSONL.length, oid: '0' }], { link: `<${foreign.url}/api/datasets/${DATASET}/tree/${SHA}?cursor=x>; rel="next"` });
        return true;
      }),
    );
    await computeSplits(client(hub), DATASET, OPTS);
    assertNoTokenAbroad();
  });

  it('a README redirect to a CloudFront-looking origin (X-Cache) gets no token', async () => {
    foreign.reset((req, res) => serveBytes(req, res, Buffer.from(README)));
    hub.reset(
      dataset([{ path: 'README.md', content: README }, { path: 'data/train.jsonl', content: JSONL }], (_req, res, url) => {
        if (!url.pathname.endsWith('/README.md')) return false;
        res.writeHead(302, { location: `${foreign.url}/readme`, 'x-cache': 'Hit from cloudfront', 'x-linked-size': String(README.length) });
        res.end();
        return true;
      }),
    );
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 2);
    assertNoTokenAbroad();
  });

  it('a Xet file (Link rel="xet-auth" to another origin, redirect to its CAS) gets no token', async () => {
    const file = toBytes(new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: [1, 2, 3], type: 'INT32' }] })));
    foreign.reset((req, res, url) => {
      if (url.pathname.includes('xet-read-token')) return json(res, 200, { accessToken: 'stolen?', casUrl: foreign.url, exp: 0 });
      serveBytes(req, res, file);
    });
    hub.reset(
      dataset([{ path: 'data/train.parquet', content: file }], (_req, res, url) => {
        if (!url.pathname.endsWith('/train.parquet')) return false;
        res.writeHead(302, {
          location: `${foreign.url}/xet-cas/abc`,
          'x-xet-hash': 'abc',
          link: `<${foreign.url}/api/datasets/${DATASET}/xet-read-token/${SHA}>; rel="xet-auth", <${foreign.url}/xet-cas/abc>; rel="xet-reconstruction-info"`,
        });
        res.end();
        return true;
      }),
    );
    const res = await computeSplits(client(hub), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 3);
    assertNoTokenAbroad();
    assert.equal(foreign.requestsTo('xet-read-token').length, 0, 'the xet-auth link is never followed');
  });

  it('a plain redirect of a data file to another origin gets no token', async () => {
    foreign.reset((req, res) => serveBytes(req, res, Buffer.from(JSONL)));
    hub.reset(
      dataset([{ path: 'README.md', content: README }, { path: 'data/train.jsonl', content: JSONL }], (_req, res, url) => {
        if (!url.pathname.endsWith('/train.jsonl')) return false;
        res.writeHead(307, { location: `${foreign.url}/cdn/train.jsonl` });
        res.end();
        return true;
      }),
    );
    await computeSplits(client(hub), DATASET, OPTS);
    assertNoTokenAbroad();
  });

  it('an Authorization header a caller sets itself is dropped for another origin', async () => {
    foreign.reset((_req, res) => json(res, 200, {}));
    hub.reset((_req, res) => json(res, 200, {}));
    const c = client(hub);
    const res = await c.fetch(`${foreign.url}/anything`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await res.body?.cancel();
    await (await c.fetch(`${hub.url}/api/datasets/${DATASET}`)).body?.cancel();
    assertNoTokenAbroad();
  });
});
