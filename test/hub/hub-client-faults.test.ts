/**
 * The Hub client under a misbehaving Hub: each test breaks one thing with the local Hub's fault injection
 * and checks the typed error the worker gets (transient ones are retried, the others are not).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalHub } from '../../src/local-hub/hub-server.ts';
import { startLocalHub, hubClient, TOKEN_WITH_ACCESS } from '../helpers/local-hub.ts';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { DatasetNotFoundError, HubUnavailableError, SplitsNamesError } from '../../src/splits/errors.ts';
import { createMetrics } from '../../src/metrics/registry.ts';

let hub: LocalHub;
before(async () => {
  hub = await startLocalHub();
});
after(async () => {
  await hub.close();
});
beforeEach(() => {
  hub.faults.length = 0;
  hub.resetStats();
});

const OPTS = { countRowsMaxBytes: 1024 * 1024 };
const infoPath = (p: string) => p.startsWith('/api/datasets/') && p.includes('/revision/');

describe('the Hub client under faults', () => {
  it('retries a 500 and succeeds when the Hub recovers', async () => {
    hub.faults.push({ match: ({ path }) => infoPath(path), status: 500, times: 2 });
    const res = await computeSplits(hubClient(hub, { maxRetries: 3 }), 'acme/split-in-filenames', OPTS);
    assert.equal(res.splits.length, 3);
    assert.equal(hub.stats.byEndpoint.info, 1, 'the third attempt reached the repo');
  });

  it('gives up on a Hub that keeps answering 500, with a transient error, after the retries', async () => {
    hub.faults.push({ match: ({ path }) => infoPath(path), status: 500 });
    await assert.rejects(
      computeSplits(hubClient(hub, { maxRetries: 2 }), 'acme/split-in-filenames', OPTS),
      (e: unknown) => e instanceof HubUnavailableError && e.transient,
    );
    assert.equal(hub.stats.requests, 3);
  });

  it('honours Retry-After on 429', async () => {
    hub.faults.push({ match: ({ path }) => infoPath(path), status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const metrics = createMetrics();
    const res = await computeSplits(hubClient(hub, { maxRetries: 1, retryBaseMs: 60_000, metrics }), 'acme/split-in-filenames', OPTS);
    assert.equal(res.splits.length, 3, 'retried after 1 s, not after the 60 s backoff');
    const counted = await metrics.hubRequests.get();
    assert.ok(counted.values.some((v) => v.labels.status === '429' && v.labels.endpoint === 'dataset_info' && v.value === 1));
  });

  it('does not retry a 404', async () => {
    await assert.rejects(computeSplits(hubClient(hub, { maxRetries: 3 }), 'acme/missing', OPTS), DatasetNotFoundError);
    assert.equal(hub.stats.requests, 1);
  });

  it('times out a Hub that hangs, and reports it as transient', async () => {
    hub.faults.push({ match: ({ path }) => path.includes('/tree/'), delayMs: 2000 });
    await assert.rejects(
      computeSplits(hubClient(hub, { timeoutMs: 200, maxRetries: 1 }), 'acme/split-in-filenames', OPTS),
      (e: unknown) => e instanceof HubUnavailableError && /timed out/.test(e.message),
    );
  });

  it('reports a body cut mid-way as transient', async () => {
    hub.faults.push({ match: ({ path }) => path.endsWith('/dataset.jsonl'), cutAfterBytes: 5 });
    await assert.rejects(computeSplits(hubClient(hub, { maxRetries: 0 }), 'acme/single-jsonl', OPTS), HubUnavailableError);
  });

  it('reports a truncated parquet footer as a SplitsNamesError, not a crash', async () => {
    hub.faults.push({ match: ({ path }) => path.startsWith('/cdn-lfs/'), body: Buffer.from('PAR1 not really a parquet file') });
    await assert.rejects(
      computeSplits(hubClient(hub), 'acme/sharded-parquet', OPTS),
      (e: unknown) => e instanceof SplitsNamesError && /parquet footer/.test(e.message),
    );
  });

  it('never puts the token in an error message', async () => {
    hub.faults.push({ match: ({ path }) => path.startsWith('/cdn-lfs/'), status: 503 });
    const err = await computeSplits(hubClient(hub, { token: TOKEN_WITH_ACCESS, maxRetries: 0 }), 'acme/gated', OPTS).catch((e: unknown) => e);
    assert.ok(err instanceof HubUnavailableError);
    const text = JSON.stringify({ message: err.message, cause: String(err.cause), stack: err.stack });
    assert.ok(!text.includes(TOKEN_WITH_ACCESS));
  });
});
