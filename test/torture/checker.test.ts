import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fencedOutCacheWrites, type Run } from './torture.ts';
import {
  cacheWritesFromLogs,
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
  const write = (jobId: string, ms: number, extra: Partial<CacheWrite> = {}): CacheWrite => ({
    jobId,
    dataset: D,
    pid: 8,
    cachedAt: t0 + ms,
    lockedAt: t0 + ms - 300,
    revision: R1,
    version: JOB_RUNNER_VERSION,
    httpStatus: 200,
    errorCode: null,
    giveUp: false,
    ...extra,
  });
  const check = (jobs: JobEnd[], records: RecordLine[], cacheWrites: CacheWrite[]) =>
    skipViolations({ jobs, records, cacheWrites, revisions, version: JOB_RUNNER_VERSION });
  const skippedAt = (jobId: string, ms: number, read: string) => [rec(jobId, 'start', ms), rec(jobId, 'end', ms + 40, { read, cached: read, skipped: true })];

  it('accepts a skip against an answer of this version at the revision read', () => {
    assert.deepEqual(check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), [write('A', 1000)]), []);
  });

  it('accepts a skip against an answer whose write was sent just before the job started (it may have been read)', () => {
    const writes = [write('A', 1000, { revision: null, giveUp: true, httpStatus: 500, errorCode: 'JobManagerCrashedError' }), write('B', 9000)];
    assert.deepEqual(check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), writes), []);
  });

  it('reports a skip when the cache held an answer at another revision', () => {
    const v = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 25_000, R2), [write('A', 1000)]);
    assert.equal(v.length, 1);
    assert.match(
      v[0]!,
      /job S \(other\/d3\) ended skipped at revision b{40} .* the cache held no current answer at that revision: job A's answer \(200\) at revision a{40}/,
    );
  });

  it("reports a skip against a give-up, against another version's answer, and with no entry at all", () => {
    const giveUp = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), [write('A', 1000, { giveUp: true })]);
    assert.match(giveUp[0]!, /no current answer at that revision: job A's give-up/);
    const older = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), [
      write('A', 1000, { version: JOB_RUNNER_VERSION - 1 }),
    ]);
    assert.match(older[0]!, /no current answer at that revision: .*version 0/);
    const none = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 10_000, R1), []);
    assert.match(none[0]!, /no current answer at that revision: no entry/);
  });

  it('reports a skip at a revision the dataset had left before the computation started', () => {
    const v = check([{ id: 'S', dataset: D, force: false, skipped: true }], skippedAt('S', 25_000, R1), [write('A', 1000)]);
    assert.deepEqual(v, [
      `job S (${D}) skipped at revision ${R1}, which was not the dataset's during its computation (2026-12-07T00:00:25.000Z..2026-12-07T00:00:25.040Z: ${R2})`,
    ]);
  });

  it('reports a job ended skipped that no computation of it skipped, one both skipped and superseded, and one the status does not count as skipped', () => {
    const records = [rec('S', 'start', 10_000), rec('S', 'end', 10_300, { read: R1 })];
    assert.match(
      check([{ id: 'S', dataset: D, force: false, skipped: true }], records, [write('A', 1000)])[0]!,
      /job S .* ended skipped, but none of its computations skipped \(1 ended\)/,
    );
    const both = check([{ id: 'S', dataset: D, force: false, skipped: true, supersededBy: 'A' }], skippedAt('S', 10_000, R1), [write('A', 1000)]);
    assert.deepEqual(both, [`job S (${D}) ended both skipped and superseded by A`]);
    const counted = check([{ id: 'S', dataset: D, force: false, skipped: true, state: 'error' }], skippedAt('S', 10_000, R1), [write('A', 1000)]);
    assert.deepEqual(counted, [`job S (${D}) ended skipped, but the queue's status counts it as error`]);
  });

  it('reports a forced job skipped, offered the cached revision, or answered by a job that is not forced', () => {
    const skipped = check([{ id: 'F', dataset: D, force: true, skipped: true }], skippedAt('F', 10_000, R1), [write('A', 1000)]);
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

  it('rebuilds the cache writes that landed from the workers\' "splits cached" lines', () => {
    const lines = [
      line({
        dataset: D,
        pid: 8,
        cachedAt: iso(1000),
        lockedAt: iso(700),
        cache: 'written',
        http_status: 200,
        error_code: null,
        dataset_git_revision: R1,
        job_runner_version: 1,
      }),
      line({
        dataset: D,
        pid: 9,
        cachedAt: iso(1100),
        lockedAt: iso(600),
        cache: 'kept_newer',
        http_status: 200,
        error_code: null,
        dataset_git_revision: R1,
        job_runner_version: 1,
      }),
      line({
        dataset: D,
        pid: 9,
        cachedAt: iso(2000),
        lockedAt: iso(1900),
        cache: 'written',
        http_status: 500,
        error_code: 'JobManagerCrashedError',
        giveUp: true,
      }),
    ];
    assert.deepEqual(cacheWritesFromLogs(lines), [
      { jobId: JOB, dataset: D, pid: 8, cachedAt: t0 + 1000, lockedAt: t0 + 700, revision: R1, version: 1, httpStatus: 200, errorCode: null, giveUp: false },
      {
        jobId: JOB,
        dataset: D,
        pid: 9,
        cachedAt: t0 + 2000,
        lockedAt: t0 + 1900,
        revision: null,
        version: null,
        httpStatus: 500,
        errorCode: 'JobManagerCrashedError',
        giveUp: true,
      },
    ]);
  });
});
