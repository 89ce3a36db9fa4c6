/**
 * A repository of 200,000 files in one split, listed by the fake Hub page by page: the worker answers it (one row
 * per image, from the listing alone), where a split's files gathered with `push(...spread)` ended in an untyped
 * RangeError past about 150,000 files, cached as UnexpectedError.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { client, FakeHub, DATASET } from './fake-hub.ts';
import { syntheticTreeHandler } from './synthetic-tree.ts';

let hub: FakeHub;
before(async () => {
  hub = await FakeHub.start();
});
after(() => hub.close());

describe('hostile Hub: a huge tree (outcome: an answer)', () => {
  it('200,000 files in one split are counted, with no RangeError', async () => {
    hub.reset(syntheticTreeHandler({ files: 200_000 }));
    const res = await computeSplits(client(hub, { timeoutMs: 30_000, idleTimeoutMs: 30_000 }), DATASET, { countRowsMaxBytes: 100 * 1024 * 1024 });
    assert.deepEqual(res.splits, [{ dataset: DATASET, config: 'default', split: 'train', num_bytes: null, num_examples: 200_000 }]);
    assert.equal(hub.requestsTo('/tree/').length, 20, 'the tree was read in its 20 pages');
  });
});
