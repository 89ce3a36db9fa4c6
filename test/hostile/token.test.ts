/**
 * The token goes to HF_ENDPOINT's origin and nowhere else, whatever the Hub's answers point at: a tree
 * Link to another origin, a redirect to a CloudFront-looking CDN, a Xet `rel="xet-auth"` link, a plain
 * redirect of a data file, a caller that sets the header itself. A second loopback server (another
 * port: another origin, allowed as a CDN origin would be: HF_ALLOWED_REDIRECT_ORIGINS) records every request
 * that reaches it; redirects to an origin not allowed are in redirects.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { createSplitsJob } from '../../jobs/splits.ts';
import { readSplitsResponse } from '../../src/cache/read-splits-response.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { LeasedJobContext } from '../../src/queue/run-leased-job.ts';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
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
  assert.ok(
    hub.seen.every((r) => r.headers.authorization === `Bearer ${TOKEN}`),
    'the Hub itself gets the token',
  );
}

describe('hostile Hub: the token stays with HF_ENDPOINT (outcome: no request abroad carries it)', () => {
  it('a tree Link rel="next" to another origin is followed without the token', async () => {
    foreign.reset((_req, res) => json(res, 200, [{ type: 'file', path: 'data/more.jsonl', size: JSONL.length, oid: '0' }]));
    hub.reset(
      dataset(
        [
          { path: 'README.md', content: README },
          { path: 'data/train.jsonl', content: JSONL },
          { path: 'data/more.jsonl', content: JSONL },
        ],
        (_req, res, url) => {
          if (!url.pathname.includes('/tree/')) return false;
          json(res, 200, [{ type: 'file', path: 'data/train.jsonl', size: JSONL.length, oid: '0' }], {
            link: `<${foreign.url}/api/datasets/${DATASET}/tree/${SHA}?cursor=x>; rel="next"`,
          });
          return true;
        },
      ),
    );
    await computeSplits(client(hub, { allowedOrigins: [foreign.url] }), DATASET, OPTS);
    assertNoTokenAbroad();
  });

  it('a README redirect to a CloudFront-looking origin (X-Cache) gets no token', async () => {
    foreign.reset((req, res) => serveBytes(req, res, Buffer.from(README)));
    hub.reset(
      dataset(
        [
          { path: 'README.md', content: README },
          { path: 'data/train.jsonl', content: JSONL },
        ],
        (_req, res, url) => {
          if (!url.pathname.endsWith('/README.md')) return false;
          res.writeHead(302, { location: `${foreign.url}/readme`, 'x-cache': 'Hit from cloudfront', 'x-linked-size': String(README.length) });
          res.end();
          return true;
        },
      ),
    );
    const res = await computeSplits(client(hub, { allowedOrigins: [foreign.url] }), DATASET, OPTS);
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
    const res = await computeSplits(client(hub, { allowedOrigins: [foreign.url] }), DATASET, OPTS);
    assert.equal(res.splits[0]?.num_examples, 3);
    assertNoTokenAbroad();
    assert.equal(foreign.requestsTo('xet-read-token').length, 0, 'the xet-auth link is never followed');
  });

  it('a plain redirect of a data file to another origin gets no token', async () => {
    foreign.reset((req, res) => serveBytes(req, res, Buffer.from(JSONL)));
    hub.reset(
      dataset(
        [
          { path: 'README.md', content: README },
          { path: 'data/train.jsonl', content: JSONL },
        ],
        (_req, res, url) => {
          if (!url.pathname.endsWith('/train.jsonl')) return false;
          res.writeHead(307, { location: `${foreign.url}/cdn/train.jsonl` });
          res.end();
          return true;
        },
      ),
    );
    await computeSplits(client(hub, { allowedOrigins: [foreign.url] }), DATASET, OPTS);
    assertNoTokenAbroad();
  });

  it('an Authorization header a caller sets itself is dropped for another origin', async () => {
    foreign.reset((_req, res) => json(res, 200, {}));
    hub.reset((_req, res) => json(res, 200, {}));
    const c = client(hub, { allowedOrigins: [foreign.url] });
    const res = await c.fetch(`${foreign.url}/anything`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await res.body?.cancel();
    await (await c.fetch(`${hub.url}/api/datasets/${DATASET}`)).body?.cancel();
    assertNoTokenAbroad();
  });
});

describe('hostile Hub: a message that quotes the token (outcome: no piece of it in the cached entry)', () => {
  let mongo: TestMongo;
  before(async () => {
    mongo = await startTestMongo();
  });
  after(async () => {
    await mongo.close();
  });

  /** The splits job itself (jobs/splits.ts) computes the dataset and writes its error to a real cache; returns that entry as JSON. */
  async function cachedEntry(secret: string): Promise<string> {
    const cacheDb = mongo.client.db(mongo.names().cache);
    const job = createSplitsJob({ cacheDb, compute: (ds, { signal }) => computeSplits(client(hub, { token: secret, signal }), ds, OPTS), secrets: [secret] });
    const ctx: LeasedJobContext = {
      jobId: 'j',
      data: { dataset: DATASET },
      attempt: 1,
      ranBefore: false,
      maxAttempts: 1,
      startedAt: new Date(),
      signal: new AbortController().signal,
      guard: (write) => write(),
      assertHeld: () => {},
      setProgress: () => {},
      computationDone: () => {},
      now: () => new Date(),
      groupRunsMayOverlap: false,
      logger: createLogger('CRITICAL'),
    };
    const result = await job.run(ctx);
    assert.equal(result.state, 'error');
    const doc = await readSplitsResponse(cacheDb, DATASET);
    assert.equal(doc?.error_code, 'DatasetNotFoundError');
    return JSON.stringify(doc);
  }

  it("is scrubbed before any cut: not one 6-character piece of the token stays, wherever the Hub's message puts it", async () => {
    // a token of 41 characters, as the Hub's are; random, so that no piece of it is in a file path of the traceback
    const secret = `hf_${randomBytes(19).toString('hex')}`;
    // around each cut the Hub's message goes through: 500 characters (HubHttpError), 300 (a traceback line)
    const offsets = [...Array.from({ length: 45 }, (_, i) => 460 + i), ...Array.from({ length: 45 }, (_, i) => 255 + i)];
    let position = 0;
    hub.reset(
      dataset([{ path: 'README.md', content: README }], (_req, res, url) => {
        if (!url.pathname.endsWith('/README.md')) return false;
        res.writeHead(403, { 'x-error-message': `${'x'.repeat(position)}${secret} and more words after it` });
        res.end();
        return true;
      }),
    );
    for (const at of offsets) {
      position = at;
      const entry = await cachedEntry(secret);
      for (let i = 0; i + 6 <= secret.length; i++) {
        const piece = secret.slice(i, i + 6);
        assert.ok(!entry.includes(piece), `with the token at ${at}: "${piece}" (characters ${i}-${i + 6} of the token) is in the cached entry ${entry}`);
      }
    }
  });
});
