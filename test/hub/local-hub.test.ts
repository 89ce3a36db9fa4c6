/**
 * The local Hub answers the official client (@huggingface/hub) as huggingface.co does, and follows the
 * Hub's rules for auth, revisions, pagination, redirects and Range requests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datasetInfo, downloadFile, fileDownloadInfo, listFiles, pathsInfo, HubApiError } from '@huggingface/hub';
import type { LocalHub } from '../../src/local-hub/hub-server.ts';
import { startLocalHub, TOKEN_WITH_ACCESS, TOKEN_WITHOUT_ACCESS } from '../helpers/local-hub.ts';
import { MANY_FILES_COUNT } from '../fixtures/build-fixtures.ts';

let hub: LocalHub;
before(async () => {
  hub = await startLocalHub();
});
after(async () => {
  await hub.close();
});

const repo = (name: string) => ({ type: 'dataset' as const, name });

async function status(path: string, init: RequestInit = {}) {
  const res = await fetch(`${hub.url}${path}`, { redirect: 'manual', ...init });
  await res.arrayBuffer();
  return { status: res.status, code: res.headers.get('x-error-code'), message: res.headers.get('x-error-message'), headers: res.headers };
}

describe('the official client against the local Hub', () => {
  it('datasetInfo returns the repo id, sha, privacy and gating', async () => {
    const info = await datasetInfo({ name: 'acme/sharded-parquet', hubUrl: hub.url, additionalFields: ['sha', 'cardData'] });
    assert.equal(info.name, 'acme/sharded-parquet');
    assert.match(info.sha, /^[0-9a-f]{40}$/);
    assert.equal(info.private, false);
    assert.equal(info.gated, false);
    assert.deepEqual(info.cardData, { license: 'cc-by-4.0', task_categories: ['text-classification'] });
  });

  it(`listFiles follows Link pagination over the ${MANY_FILES_COUNT + 1} files of a repo`, async () => {
    hub.resetStats();
    const paths: string[] = [];
    for await (const e of listFiles({ repo: repo('acme/many-files'), recursive: true, hubUrl: hub.url })) if (e.type === 'file') paths.push(e.path);
    assert.equal(paths.length, MANY_FILES_COUNT + 1, 'every data file, the settings file never served');
    assert.ok(!paths.includes('.hub-repo.json'));
    assert.ok((hub.stats.byEndpoint.tree ?? 0) > 1, 'several pages');
  });

  it('listFiles describes LFS files with their sha256 and size', async () => {
    const entries = [];
    for await (const e of listFiles({ repo: repo('acme/sharded-parquet'), recursive: true, hubUrl: hub.url })) entries.push(e);
    const parquet = entries.find((e) => e.path === 'data/test-00000-of-00001.parquet')!;
    assert.equal(parquet.type, 'file');
    assert.match(parquet.oid!, /^[0-9a-f]{40}$/);
    assert.match(parquet.lfs!.oid, /^[0-9a-f]{64}$/);
    assert.equal(parquet.lfs!.size, parquet.size);
    assert.ok(entries.some((e) => e.type === 'directory' && e.path === 'data'));
  });

  it('downloadFile reads a README and an LFS file through the redirect to the CDN', async () => {
    const readme = await downloadFile({ repo: repo('acme/sharded-parquet'), path: 'README.md', hubUrl: hub.url });
    assert.match(await readme!.text(), /^---\nlicense: cc-by-4.0/);
    const parquet = await downloadFile({ repo: repo('acme/sharded-parquet'), path: 'data/random-00000-of-00001.parquet', hubUrl: hub.url });
    const bytes = new Uint8Array(await parquet!.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 4)), 'PAR1');
    assert.equal(new TextDecoder().decode(bytes.slice(-4)), 'PAR1');
  });

  it('fileDownloadInfo gets the size from a Range answer, and null for a missing file', async () => {
    const info = await fileDownloadInfo({ repo: repo('acme/sharded-parquet'), path: 'data/test-00000-of-00001.parquet', hubUrl: hub.url });
    assert.ok(info && info.size > 100);
    assert.equal(await fileDownloadInfo({ repo: repo('acme/sharded-parquet'), path: 'nope.parquet', hubUrl: hub.url }), null);
  });

  it('pathsInfo answers for the paths that exist', async () => {
    const infos = await pathsInfo({ repo: repo('acme/sharded-parquet'), paths: ['README.md', 'data', 'missing'], hubUrl: hub.url });
    assert.deepEqual(
      infos.map((i) => [i.path, i.type]),
      [
        ['README.md', 'file'],
        ['data', 'directory'],
      ],
    );
  });

  it('serves the refs/convert/parquet branch: the parquet listing, the tree and the files', async () => {
    const listing = (await (await fetch(`${hub.url}/api/datasets/acme/sharded-parquet/parquet`)).json()) as Record<string, Record<string, string[]>>;
    assert.deepEqual(Object.keys(listing), ['default']);
    assert.deepEqual(Object.keys(listing.default!).sort(), ['random', 'test', 'train']);
    assert.match(listing.default!.train![0]!, /\/datasets\/acme\/sharded-parquet\/resolve\/refs%2Fconvert%2Fparquet\/default\/train\/0000\.parquet$/);
    const paths: string[] = [];
    for await (const e of listFiles({ repo: repo('acme/sharded-parquet'), revision: 'refs/convert/parquet', recursive: true, hubUrl: hub.url }))
      if (e.type === 'file') paths.push(e.path);
    assert.deepEqual(paths.sort(), ['default/random/0000.parquet', 'default/test/0000.parquet', 'default/train/0000.parquet']);
    const blob = await downloadFile({
      repo: repo('acme/sharded-parquet'),
      path: 'default/train/0000.parquet',
      revision: 'refs/convert/parquet',
      hubUrl: hub.url,
    });
    assert.equal(new TextDecoder().decode(new Uint8Array(await blob!.arrayBuffer()).slice(-4)), 'PAR1');
    const main: string[] = [];
    for await (const e of listFiles({ repo: repo('acme/sharded-parquet'), recursive: true, hubUrl: hub.url })) main.push(e.path);
    assert.ok(!main.some((p) => p.startsWith('.hub-refs')), 'the branch is not part of main');
    assert.equal((await status('/api/datasets/acme/split-in-filenames/parquet')).code, 'RevisionNotFound');
  });

  it('gives private repos to a token with access only', async () => {
    const info = await datasetInfo({ name: 'acme/private', hubUrl: hub.url, accessToken: TOKEN_WITH_ACCESS });
    assert.equal(info.private, true);
    await assert.rejects(datasetInfo({ name: 'acme/private', hubUrl: hub.url }), (e: unknown) => e instanceof HubApiError && e.statusCode === 401);
    await assert.rejects(
      datasetInfo({ name: 'acme/private', hubUrl: hub.url, accessToken: TOKEN_WITHOUT_ACCESS }),
      (e: unknown) => e instanceof HubApiError && e.statusCode === 404,
    );
  });
});

describe("the Hub's status codes and error headers", () => {
  const auth = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });
  it('a missing repo without a token: 401 RepoNotFound, on the API and on resolve', async () => {
    const r = await status('/api/datasets/acme/nope');
    assert.deepEqual([r.status, r.code, r.message], [401, 'RepoNotFound', 'Invalid username or password.']);
    const f = await status('/datasets/acme/nope/resolve/main/README.md');
    assert.deepEqual([f.status, f.code], [401, 'RepoNotFound']);
  });
  it('a private repo without a token: 401 RepoNotFound, as a missing one', async () => {
    const r = await status('/api/datasets/acme/private');
    assert.deepEqual([r.status, r.code], [401, 'RepoNotFound']);
  });
  it('a missing file: 404 EntryNotFound', async () => {
    const r = await status('/datasets/acme/sharded-parquet/resolve/main/nope.txt');
    assert.deepEqual([r.status, r.code], [404, 'EntryNotFound']);
  });
  it('a missing repo with a token: 404 RepoNotFound', async () => {
    const r = await status('/api/datasets/acme/nope', auth(TOKEN_WITHOUT_ACCESS));
    assert.deepEqual([r.status, r.code], [404, 'RepoNotFound']);
  });
  it('a bad token: 401 Invalid credentials', async () => {
    const r = await status('/api/datasets/acme/sharded-parquet', auth('hf_not_a_real_token'));
    assert.deepEqual([r.status, r.message], [401, 'Invalid credentials in Authorization header']);
  });
  it('a gated repo: info, tree and README open; other files 401 without token, 403 with a token lacking access', async () => {
    assert.equal((await status('/api/datasets/acme/gated')).status, 200);
    assert.equal((await status('/api/datasets/acme/gated/tree/main')).status, 200);
    assert.equal((await status('/datasets/acme/gated/resolve/main/README.md')).status, 200);
    const anon = await status('/datasets/acme/gated/resolve/main/data/train-00000-of-00001.parquet');
    assert.deepEqual([anon.status, anon.code], [401, 'GatedRepo']);
    const bob = await status('/datasets/acme/gated/resolve/main/data/train-00000-of-00001.parquet', auth(TOKEN_WITHOUT_ACCESS));
    assert.deepEqual([bob.status, bob.code], [403, 'GatedRepo']);
    const alice = await status('/datasets/acme/gated/resolve/main/data/train-00000-of-00001.parquet', auth(TOKEN_WITH_ACCESS));
    assert.equal(alice.status, 302);
  });
  it('a disabled repo: 403', async () => {
    const r = await status('/api/datasets/acme/disabled');
    assert.deepEqual([r.status, r.message], [403, 'Access to this resource is disabled.']);
  });
  it('an unknown revision: 404 RevisionNotFound; a URL-encoded revision is one path segment', async () => {
    assert.deepEqual([(await status('/api/datasets/acme/empty/revision/nope')).code], ['RevisionNotFound']);
    assert.equal((await status('/api/datasets/acme/empty/tree/refs%2Fconvert%2Fparquet')).code, 'RevisionNotFound');
  });
  it('a missing folder in the tree: 404 EntryNotFound', async () => {
    assert.equal((await status('/api/datasets/acme/empty/tree/main/nope')).code, 'EntryNotFound');
  });
  it('resolve sends X-Repo-Commit and ETag; LFS answers 302 with X-Linked-Etag and X-Linked-Size', async () => {
    const small = await status('/datasets/acme/split-in-filenames/resolve/main/train.csv', { method: 'HEAD' });
    assert.equal(small.status, 200);
    assert.match(small.headers.get('x-repo-commit')!, /^[0-9a-f]{40}$/);
    assert.match(small.headers.get('etag')!, /^"[0-9a-f]{40}"$/);
    const lfs = await status('/datasets/acme/sharded-parquet/resolve/main/data/test-00000-of-00001.parquet', { method: 'HEAD' });
    assert.equal(lfs.status, 302);
    assert.match(lfs.headers.get('x-linked-etag')!, /^"[0-9a-f]{64}"$/);
    assert.ok(Number(lfs.headers.get('x-linked-size')) > 0);
    assert.ok(lfs.headers.get('location'));
  });
  it('the CDN answers Range requests with 206 and Content-Range, including a suffix range', async () => {
    const r = await fetch(`${hub.url}/datasets/acme/sharded-parquet/resolve/main/data/test-00000-of-00001.parquet`, { headers: { range: 'bytes=-4' } });
    assert.equal(r.status, 206);
    assert.match(r.headers.get('content-range')!, /^bytes \d+-\d+\/\d+$/);
    assert.equal(await r.text(), 'PAR1');
  });
  it('a renamed repo answers 307 with a relative Location', async () => {
    const r = await status('/api/datasets/acme/old-name');
    assert.equal(r.status, 307);
    assert.equal(r.headers.get('location'), '/api/datasets/acme/split-in-filenames');
  });
});

describe('the network it plays: latency of the Hub and of its CDN, bandwidth cap', () => {
  // lower bounds only: a loaded machine adds time, never takes it away; less a margin for Node's timers, which
  // count whole milliseconds of a loop time read before the request began (a 300 ms timer may end 299.4 ms later)
  const MARGIN_MS = 10;
  const timed = async (url: string, init: RequestInit = {}) => {
    const t0 = performance.now();
    const res = await fetch(url, { redirect: 'manual', ...init });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { res, bytes, ms: performance.now() - t0 };
  };
  const lfsFile = '/datasets/acme/sharded-parquet/resolve/main/data/train-00000-of-00002.parquet';
  const reset = () => Object.assign(hub.network, { latencyMs: 0, cdnLatencyMs: 0, bandwidth: 0 });

  it('--latency-ms: each answer of the Hub (API, resolve) waits that long', async () => {
    try {
      hub.network.latencyMs = 300;
      const info = await timed(`${hub.url}/api/datasets/acme/sharded-parquet`);
      assert.equal(info.res.status, 200);
      assert.ok(info.ms >= 300 - MARGIN_MS, `the repo info came after ${info.ms} ms`);
      const resolve = await timed(`${hub.url}${lfsFile}`);
      assert.equal(resolve.res.status, 302);
      assert.ok(resolve.ms >= 300 - MARGIN_MS, `the resolve came after ${resolve.ms} ms`);
    } finally {
      reset();
    }
  });

  it('--cdn-latency-ms: each answer of the CDN (the target of the redirect) waits that long', async () => {
    try {
      hub.network.cdnLatencyMs = 300;
      const resolve = await timed(`${hub.url}${lfsFile}`);
      const location = resolve.res.headers.get('location')!;
      assert.match(location, /\/cdn-lfs\//);
      const cdn = await timed(location, { headers: { range: 'bytes=0-3' } });
      assert.equal(cdn.res.status, 206);
      assert.equal(new TextDecoder().decode(cdn.bytes), 'PAR1');
      assert.ok(cdn.ms >= 300 - MARGIN_MS, `the CDN answered after ${cdn.ms} ms`);
    } finally {
      reset();
    }
  });

  it('--bandwidth: a body of N bytes takes at least N ÷ bandwidth seconds, and arrives whole', async () => {
    const location = (await timed(`${hub.url}${lfsFile}`)).res.headers.get('location')!;
    const whole = await timed(location);
    const size = whole.bytes.byteLength;
    assert.ok(size > 1000, `a file of ${size} bytes`);
    try {
      // half the file per second (several paced slices): 2 s at least
      hub.network.bandwidth = Math.ceil(size / 2);
      const capped = await timed(location);
      assert.deepEqual(capped.bytes, whole.bytes);
      assert.ok(capped.ms >= 2000 - MARGIN_MS, `${size} bytes at ${hub.network.bandwidth} bytes/s came in ${capped.ms} ms`);
      // the API's answers are paced too
      const info = await timed(`${hub.url}/api/datasets/acme/sharded-parquet`);
      const expected = (info.bytes.byteLength / hub.network.bandwidth) * 1000;
      assert.ok(info.ms >= expected - MARGIN_MS, `${info.bytes.byteLength} bytes of repo info came in ${info.ms} ms, under ${expected} ms`);
    } finally {
      reset();
    }
  });
});
