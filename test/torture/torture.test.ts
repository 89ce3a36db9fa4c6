import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTorture } from './torture.ts';

describe('the queue under torture', () => {
  it('ends every one of 1,000 jobs exactly once, never runs a dataset or a namespace over its limit, skips only against a current answer and never a forced job, and writes nothing from a fenced-out computation, through kills, freezes, a shifted clock, a poison and an endless dataset', async () => {
    const report = await runTorture({ seed: 20261126, faultSeconds: 75, jobs: 1000, datasets: 30, workers: 4 });
    const { violations, ...figures } = report;
    console.log(`# torture: ${JSON.stringify(figures)}`);
    assert.deepEqual(violations, []);
    assert.ok(report.faults.sigkill! + report.faults.worker_paused! + report.faults.mongo_paused! >= 10, 'faults were injected');
  });
});
