/** The job data validation: `{ dataset }` with an optional boolean `force`, anything else an InvalidJobDataError. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSplitsJobData } from '../../src/queue/job-data.ts';
import { InvalidJobDataError } from '../../src/errors/worker-error.ts';

describe('splits job data', () => {
  it('accepts force: true or false, and leaves it out when not true', () => {
    assert.deepEqual(parseSplitsJobData({ dataset: 'user/name', force: true }), { dataset: 'user/name', force: true });
    assert.deepEqual(parseSplitsJobData({ dataset: 'user/name', force: false }), { dataset: 'user/name' });
    assert.deepEqual(parseSplitsJobData({ dataset: 'user/name' }), { dataset: 'user/name' });
    // the queue's bounded read gives a missing field as null on some servers
    assert.deepEqual(parseSplitsJobData({ dataset: 'user/name', force: null }), { dataset: 'user/name' });
  });

  it('refuses a force that is not a boolean', () => {
    assert.throws(
      () => parseSplitsJobData({ dataset: 'user/name', force: 'yes' }),
      (err: unknown) => {
        assert.ok(err instanceof InvalidJobDataError);
        assert.match(err.message, /data\.force must be a boolean/);
        return true;
      },
    );
  });
});
