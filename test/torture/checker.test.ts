import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fencedOutCacheWrites, type Run } from './torture.ts';
import {
  cacheWritesFromRecords,
  namespaceOf,
  overLimit,
  skipViolations,
  staleAnswers,
  type CacheWrite,
  type Interval,
  type JobEnd,
  type RevisionChange,
} from './checker.ts';
import type { RecordLine } from '../helpers/records.ts';
import { JOB_RUNNER_VERSION } from '../../src/splits/revision.ts';

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

describe("the torture test's checker of limits", () => {
  const run = (jobId: string, dataset: string, pid: number, from: number, to: number): Interval => ({
    from: t0 + from,
    to: t0 + to,
    run: { jobId, dataset, pid, start: t0 + from, end: t0 + to },
  });
  const byNamespace = (intervals: Interval[]) => {
    const m = new Map<string, Interval[]>();
    for (const i of intervals) m.set(namespaceOf(i.run.dataset), [...(m.get(namespaceOf(i.run.dataset)) ?? []), i]);
    return m;
  };

  it('takes the part before "/" as the namespace, and a dataset without one as its own', () => {
    assert.equal(namespaceOf('org/d1'), 'org');
    assert.equal(namespaceOf('solo'), 'solo');
  });

  it('names the namespace that ran more computations at once than its limit, and the runs open then', () => {
    const intervals = [run('a', 'org/d1', 1, 0, 500), run('b', 'org/d2', 2, 100, 600), run('c', 'org/d3', 3, 200, 300), run('d', 'other/d4', 1, 0, 900)];
    const { violations, maxOverlap } = overLimit(byNamespace(intervals), 2, (ns) => `in namespace ${ns}`);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!, /^3 computations in namespace org at once at 2026-12-07T00:00:00\.200Z \(limit 2\): job a .*; job b .*; job c /);
    assert.equal(maxOverlap, 2);
  });

  it('does not count runs back to back, nor runs of other namespaces, as overlapping', () => {
    const intervals = [run('a', 'org/d1', 1, 0, 100), run('b', 'org/d1', 2, 100, 200), run('c', 'other/d2', 3, 50, 150), run('d', 'solo', 4, 50, 150)];
    assert.deepEqual(overLimit(byNamespace(intervals), 1, (ns) => `in namespace ${ns}`).violations, []);
  });
});

describe("the torture test's checker of skips and forced jobs", () => {
  const D = 'other/d3';
  const R1 = 'a'.repeat(40);
  const R2 = 'b'.repeat(40);
  const revisions: RevisionChange[] = [
    { dataset: D, sha: R1, at: t0 },
    { dataset: D, sha: R2, at: t0 + 20_000 },
  ];
  const rec = (jobId: string, event: 'start' | 'end', ms: number, extra: Partial<RecordLine> = {}): RecordLine => ({
    event,
    dataset: D,
    jobId,
    pid: 7,
    t: t0 + ms,
    ...extra,
  });
  const write = (pid: number, ms: number, extra: Partial<CacheWrite> = {}): CacheWrite => ({
    write: `${pid}:1`,
    dataset: D,
    pid,
    sentAt: t0 + ms,
    startedAt: t0 + ms - 300,
    revision: R1,
    version: JOB_RUNNER_VERSION,
    httpStatus: 200,
    errorCode: null,
    result: 'written',
    ...extra,
  });
  const giveUp = { revision: null, version: null, httpStatus: 500, errorCode: 'JobManagerCrashedError' };
  const check = (jobs: JobEnd[], records: RecordLine[], cacheWrites: CacheWrite[]) =>
    skipViolations({ jobs, records, cacheWrites, revisions, version: JOB_RUNNER_VERSION });
  const skippedAt = (jobId: string, ms: number, read: string) => [rec(jobId, 'start', ms), rec(jobId, 'end', ms + 40, { read, cached: read, skipped: true })];

  it('accepts a skip against an answer of this version at the revision read', () => {
    assert.deepEqual(check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), [write(81, 1000)]), []);
  });

  it('accepts a skip against an answer whose write was sent just before the job started (it may have been read)', () => {
    const writes = [write(81, 1000, giveUp), write(82, 9000)];
    assert.deepEqual(check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), writes), []);
  });

  it('reports a skip when the cache held an answer at another revision', () => {
    const v = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 25_000, R2), [write(81, 1000)]);
    assert.equal(v.length, 1);
    assert.match(
      v[0]!,
      /job S \(other\/d3\) ended skipped at revision b{40} .* the cache held no current answer at that revision: pid 81's entry \(200\) at revision a{40}, version 1, sent .* \(written\)$/,
    );
  });

  it("reports a skip against a give-up, against another version's answer, and with no entry at all", () => {
    const gaveUp = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), [write(81, 1000, giveUp)]);
    assert.match(gaveUp[0]!, /no current answer at that revision: pid 81's give-up \(JobManagerCrashedError\)/);
    const older = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), [
      write(81, 1000, { version: JOB_RUNNER_VERSION - 1 }),
    ]);
    assert.match(older[0]!, /no current answer at that revision: .*version 0/);
    const none = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), []);
    assert.match(none[0]!, /no current answer at that revision: no entry/);
  });

  it('reports a skip against an answer a later one had replaced, and accepts it when the later write may not have landed', () => {
    const job: JobEnd[] = [{ id: 'S', dataset: D, force: false, skipped: true }];
    const replaced = check(job, skippedAt('S', 10_000, R1), [write(81, 1000), write(82, 2000, { revision: 'c'.repeat(40) })]);
    assert.match(replaced[0]!, /no current answer at that revision: pid 82's entry \(200\) at revision c{40}/);
    // its process died before the answer came, or the write failed: it may not have landed
    assert.deepEqual(check(job, skippedAt('S', 10_000, R1), [write(81, 1000), write(82, 2000, { revision: 'c'.repeat(40), result: 'unknown' })]), []);
    assert.deepEqual(check(job, skippedAt('S', 10_000, R1), [write(81, 1000), write(82, 2000, { revision: 'c'.repeat(40), result: 'failed' })]), []);
    // a write refused because a later computation's entry stood changed nothing
    const kept = check(job, skippedAt('S', 10_000, R1), [write(82, 1000, { revision: 'c'.repeat(40) }), write(81, 2000, { result: 'kept_newer' })]);
    assert.match(kept[0]!, /no current answer at that revision: pid 82's entry/);
  });

  it('reports a skip at a revision the dataset had left before the computation started', () => {
    const v = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 25_000, R1), [write(81, 1000)]);
    assert.deepEqual(v, [
      `job S (${D}) skipped at revision ${R1}, which was not the dataset's during its computation (2026-12-07T00:00:25.000Z..2026-12-07T00:00:25.040Z: ${R2})`,
    ]);
  });

  it('reports a job ended skipped that no computation of it skipped, one both skipped and superseded, and one the status does not count as skipped', () => {
    const records = [rec('S', 'start', 10_000), rec('S', 'end', 10_300, { read: R1 })];
    assert.match(
      check([{ id: 'S', dataset: D, force: false, skipped: true }], records, [write(81, 1000)])[0]!,
      /job S .* ended skipped, but none of its computations skipped \(1 ended\)/,
    );
    const both = check([{ id: 'S', dataset: D, force: false, skipped: true, supersededBy: 'A' }], skippedAt('S', 10_000, R1), [write(81, 1000)]);
    assert.deepEqual(both, [`job S (${D}) ended both skipped and superseded by A`]);
    const counted = check([{ id: 'S', dataset: D, force: false, skipped: true, state: 'error' }], skippedAt('S', 10_000, R1), [write(81, 1000)]);
    assert.deepEqual(counted, [`job S (${D}) ended skipped, but the queue's status counts it as error`]);
  });

  it('reports a forced job skipped, offered the cached revision, or answered by a job that is not forced', () => {
    const skipped = check([{ id: 'F', dataset: D, force: true, skipped: true }], skippedAt('F', 10_000, R1), [write(81, 1000)]);
    assert.ok(skipped.includes(`forced job F (${D}) ended skipped`));
    assert.ok(skipped.some((v) => /forced job F .* was offered the cached revision a{40}/.test(v)));
    const answered = check(
      [
        { id: 'F', dataset: D, force: true, skipped: false, supersededBy: 'P' },
        { id: 'P', dataset: D, force: false, skipped: false },
      ],
      [],
      [],
    );
    assert.deepEqual(answered, [`forced job F (${D}) was answered by job P, which is not forced (its run may skip)`]);
    assert.deepEqual(
      check(
        [
          { id: 'F', dataset: D, force: true, skipped: false, supersededBy: 'G' },
          { id: 'G', dataset: D, force: true, skipped: false },
        ],
        [],
        [],
      ),
      [],
    );
  });

  it("reports an answer left behind its dataset's last change", () => {
    const latest = new Map([[D, revisions[1]!]]);
    assert.deepEqual(
      staleAnswers(latest, new Map([[D, { http_status: 200, dataset_git_revision: R2, job_runner_version: JOB_RUNNER_VERSION }]]), JOB_RUNNER_VERSION),
      [],
    );
    const stale = staleAnswers(
      latest,
      new Map([[D, { http_status: 200, dataset_git_revision: R1, job_runner_version: JOB_RUNNER_VERSION }]]),
      JOB_RUNNER_VERSION,
    );
    assert.deepEqual(stale, [
      `${D}'s answer is at revision ${R1} (version 1), but the dataset has been at ${R2} since 2026-12-07T00:00:20.000Z and was enqueued after`,
    ]);
  });

  it("rebuilds the cache writes from the test worker's records, a write without an answer as unknown", () => {
    const lines = [
      { write: '8:1', pid: 8, t: t0 + 1000, phase: 'sent', dataset: D, revision: R1, version: 1, http_status: 200, error_code: null, startedAt: t0 + 700 },
      {
        write: '9:1',
        pid: 9,
        t: t0 + 1100,
        phase: 'sent',
        dataset: D,
        revision: null,
        version: null,
        http_status: 500,
        error_code: 'JobManagerCrashedError',
        startedAt: t0 + 600,
      },
      { write: '8:1', pid: 8, t: t0 + 1010, phase: 'done', result: 'written' },
      { write: '8:2', pid: 8, t: t0 + 2000, phase: 'sent', dataset: D, revision: R2, version: 1, http_status: 200, error_code: null, startedAt: t0 + 1900 },
    ].map((r) => JSON.stringify(r));
    assert.deepEqual(cacheWritesFromRecords([...lines, '']), [
      {
        write: '8:1',
        dataset: D,
        pid: 8,
        sentAt: t0 + 1000,
        startedAt: t0 + 700,
        revision: R1,
        version: 1,
        httpStatus: 200,
        errorCode: null,
        result: 'written',
      },
      {
        write: '9:1',
        dataset: D,
        pid: 9,
        sentAt: t0 + 1100,
        startedAt: t0 + 600,
        revision: null,
        version: null,
        httpStatus: 500,
        errorCode: 'JobManagerCrashedError',
        result: 'unknown',
      },
      {
        write: '8:2',
        dataset: D,
        pid: 8,
        sentAt: t0 + 2000,
        startedAt: t0 + 1900,
        revision: R2,
        version: 1,
        httpStatus: 200,
        errorCode: null,
        result: 'unknown',
      },
    ]);
  });
});
