import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fencedOutCacheWrites, type Run } from './torture.ts';

const JOB = '6b15f7a90117ff85f265d0b1';
const t0 = Date.parse('2026-12-07T00:00:00.000Z');
const iso = (ms: number) => new Date(t0 + ms).toISOString();
const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, msg: 'splits cached', jobId: JOB, ...fields });

describe("the torture test's checker", () => {
  // Pid 1 ran the job, was frozen past its lease; pid 2 took the job over and died in its turn; pid 1, thawed,
  // found the job expired on its last attempt and gave it up: its give-up write is legitimate.
  const runs: Run[] = [
    { jobId: JOB, dataset: 'org/d1', pid: 1, start: t0, end: t0 + 400 },
    { jobId: JOB, dataset: 'org/d1', pid: 2, start: t0 + 3000, end: t0 + 3100 },
  ];

  it("does not attribute a recovering worker's give-up write to that worker's earlier run of the job", () => {
    const giveUp = line({ pid: 1, cachedAt: iso(6000), lockedAt: iso(5990), giveUp: true, error_code: 'JobManagerCrashedError' });
    assert.deepEqual(fencedOutCacheWrites([giveUp], runs), []);
  });

  it('does not report the give-up of a run stopped at its deadline, written under its own lock', () => {
    const deadline = line({ pid: 2, cachedAt: iso(9000), lockedAt: iso(2990), giveUp: true, error_code: 'JobManagerExceededMaximumDurationError' });
    assert.deepEqual(fencedOutCacheWrites([deadline], runs), []);
  });

  it('still reports a give-up written after a later run had taken the job over', () => {
    const giveUp = line({ pid: 1, cachedAt: iso(6000), lockedAt: iso(2000), giveUp: true });
    assert.equal(fencedOutCacheWrites([giveUp], runs).length, 1);
  });

  it("still reports a fenced-out computation's write", () => {
    const late = line({ pid: 1, cachedAt: iso(3500), lockedAt: iso(0) });
    assert.match(fencedOutCacheWrites([late], runs)[0]!, /pid 1 wrote the cache at .* after pid 2 had taken the job over/);
  });
});
