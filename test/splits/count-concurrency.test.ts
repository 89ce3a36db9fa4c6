/**
 * Counts run a few splits at once, and footer reads share one count of slots: the answer keeps the library's
 * order, and a failure is the one a split-after-split computation would have met first.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inOrder } from '../../src/splits/compute-splits.ts';
import { Slots } from '../../src/splits/count-rows.ts';

/** a task that ends when told to, counting how many run at once */
function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}

describe('splits counted at once', () => {
  it('gives the results in the tasks order, at most `limit` running at once', async () => {
    let running = 0;
    let most = 0;
    const gates = Array.from({ length: 10 }, gate);
    const tasks = gates.map((g, i) => async () => {
      running++;
      most = Math.max(most, running);
      await g.done;
      running--;
      return i;
    });
    const all = inOrder(tasks, 3);
    // finish them last first
    for (const g of [...gates].reverse()) {
      g.open();
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(most, 3);
  });

  it("throws the earliest task's failure, even when a later one failed first, and starts no task after a failure", async () => {
    const gates = Array.from({ length: 6 }, gate);
    const started: number[] = [];
    const tasks = gates.map((g, i) => async () => {
      started.push(i);
      await g.done;
      return i;
    });
    const all = inOrder(tasks, 3);
    gates[2]!.fail(new Error('third'));
    await new Promise((r) => setImmediate(r));
    gates[0]!.fail(new Error('first'));
    gates[1]!.open();
    await assert.rejects(all, /first/);
    assert.deepEqual(started, [0, 1, 2], 'nothing started after the failure');
  });
});

describe('footer read slots', () => {
  it('holds at most `size` at once, and frees a slot when its read fails', async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const read = (i: number) =>
      slots.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setImmediate(r));
        running--;
        if (i % 3 === 0) throw new Error(`read ${i}`);
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => read(i)));
    assert.equal(most, 2);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
  });
});
