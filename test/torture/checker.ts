/**
 * The torture test's checks of what the queue must guarantee, as pure functions of what was recorded (the
 * computations' own start and end records, the workers' log lines, the jobs' documents, the harness's revision
 * changes): each one can be fed a violating record set in checker.test.ts and must name the violation.
 */
import type { RecordLine } from '../helpers/records.ts';

export interface Run {
  jobId: string;
  dataset: string;
  pid: number;
  start: number;
  end: number;
}

/** A computation's time in a slot: from its start to its end (or to its process's freeze, see torture.ts). */
export interface Interval {
  from: number;
  to: number;
  run: Run;
}

/** The namespace of a dataset id, as the queue counts it: the part before `/`; a dataset without one is its own. */
export function namespaceOf(dataset: string): string {
  const slash = dataset.indexOf('/');
  return slash < 0 ? dataset : dataset.slice(0, slash);
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * More than `limit` computations of one key (a dataset, a namespace) at one instant, on the server's clock; runs
 * back to back (one's end at the other's start) do not overlap. One violation per key, at its first such instant,
 * naming the runs open then; `context` adds what the harness did around (freezes) to the message.
 */
export function overLimit(
  byKey: ReadonlyMap<string, readonly Interval[]>,
  limit: number,
  label: (key: string) => string,
  context: () => string = () => '',
): { violations: string[]; maxOverlap: number } {
  const violations: string[] = [];
  let maxOverlap = 0;
  for (const [key, intervals] of byKey) {
    const events = intervals
      .flatMap((i) => [
        { t: i.from, d: 1 },
        { t: i.to, d: -1 },
      ])
      .sort((a, b) => a.t - b.t || a.d - b.d);
    let cur = 0;
    for (const e of events) {
      cur += e.d;
      if (cur > limit) {
        const at = intervals
          .filter((i) => i.from <= e.t && i.to > e.t)
          .map((i) => `job ${i.run.jobId} (${i.run.dataset}) pid ${i.run.pid} ${iso(i.from)}..${iso(i.to)} (recorded end ${iso(i.run.end)})`);
        violations.push(`${cur} computations ${label(key)} at once at ${iso(e.t)} (limit ${limit}): ${at.join('; ')}${context()}`);
        break;
      }
      maxOverlap = Math.max(maxOverlap, cur);
    }
  }
  return { violations, maxOverlap };
}

/**
 * One write of a dataset's /splits entry, as the test worker recorded it at the driver's call (TEST_COMPUTE
 * cacheWritesRecord): sent, then answered (`written`, `kept_newer`: a later computation's entry stood, `failed`),
 * or `unknown` when its process died before the answer (it may have landed).
 */
export interface CacheWrite {
  write: string;
  dataset: string;
  pid: number;
  /** on the server's clock, as the write was sent */
  sentAt: number;
  /** the computation's start (the entry's `computation_started_at`): an entry never replaces one that started later */
  startedAt: number;
  revision: string | null;
  version: number | null;
  httpStatus: number;
  errorCode: string | null;
  result: 'written' | 'kept_newer' | 'failed' | 'unknown';
}

/** The cache writes, from the lines of the test worker's cacheWritesRecord file (a `sent` line, then a `done` one). */
export function cacheWritesFromRecords(lines: readonly string[]): CacheWrite[] {
  const writes = new Map<string, CacheWrite>();
  for (const text of lines) {
    if (!text.trim()) continue;
    const r = JSON.parse(text) as {
      write: string;
      pid: number;
      t: number;
      phase: 'sent' | 'done';
      dataset?: string;
      revision?: string | null;
      version?: number | null;
      http_status?: number;
      error_code?: string | null;
      startedAt?: number | null;
      result?: CacheWrite['result'];
    };
    if (r.phase === 'sent')
      writes.set(r.write, {
        write: r.write,
        dataset: String(r.dataset),
        pid: r.pid,
        sentAt: r.t,
        startedAt: r.startedAt ?? r.t,
        revision: r.revision ?? null,
        version: r.version ?? null,
        httpStatus: Number(r.http_status),
        errorCode: r.error_code ?? null,
        result: 'unknown',
      });
    else {
      const w = writes.get(r.write);
      if (w && r.result) w.result = r.result;
    }
  }
  return [...writes.values()];
}

/** How a job ended, from its document. */
export interface JobEnd {
  id: string;
  dataset: string;
  force: boolean;
  skipped: boolean;
  supersededBy?: string;
  /** as `status` and `queue_jobs_total` count it (stateOf, src/queue/count-jobs-by-state.ts) */
  state?: string;
}

/** The harness's history of each dataset's revision (its first one included), on the server's clock. */
export interface RevisionChange {
  dataset: string;
  sha: string;
  at: number;
}

/**
 * How long before a computation's start record its job may have read the cache: a write sent that long before may
 * not have landed yet (MongoDB frozen by the harness), so either the entry it replaced or it may have been read.
 */
export const CACHE_READ_WINDOW_MS = 5000;
/** the error of two processes' estimates of the server's time, and of a revision change's recorded instant */
const CLOCK_TOLERANCE_MS = 250;

/**
 * The revision skip and `force`, from the jobs' documents, the computations' records, the cache writes recorded
 * and the harness's revision history:
 * - a job that ended `skipped` was skipped by one of its computations, which read a revision equal to the cached
 *   one; the cache then held a final answer (a computation's: a give-up records no revision nor version) of this
 *   version at that revision; and that revision was the dataset's during the computation;
 * - no job ends both skipped and superseded, and a skipped job is counted as skipped (status, queue_jobs_total);
 * - a forced job is never skipped, its computations are never offered a cached revision, and it is answered only by
 *   a forced job's computation (a run that may skip does not answer it).
 */
export function skipViolations(args: {
  jobs: readonly JobEnd[];
  records: readonly RecordLine[];
  cacheWrites: readonly CacheWrite[];
  revisions: readonly RevisionChange[];
  version: number;
}): string[] {
  const violations: string[] = [];
  const byId = new Map(args.jobs.map((j) => [j.id, j]));
  const ends = args.records.filter((r) => r.event === 'end');
  for (const job of args.jobs) {
    const mine = ends.filter((r) => r.jobId === job.id);
    if (job.skipped && job.supersededBy) violations.push(`job ${job.id} (${job.dataset}) ended both skipped and superseded by ${job.supersededBy}`);
    else if (job.skipped && job.state !== undefined && job.state !== 'skipped')
      violations.push(`job ${job.id} (${job.dataset}) ended skipped, but the queue's status counts it as ${job.state}`);
    if (job.force) {
      if (job.skipped) violations.push(`forced job ${job.id} (${job.dataset}) ended skipped`);
      for (const r of mine.filter((r) => r.cached !== undefined || r.skipped))
        violations.push(
          `forced job ${job.id} (${job.dataset}): its computation (pid ${r.pid}, ${iso(r.t)}) was offered the cached revision ${String(r.cached)}`,
        );
      const by = job.supersededBy ? byId.get(job.supersededBy) : undefined;
      if (by && !by.force) violations.push(`forced job ${job.id} (${job.dataset}) was answered by job ${by.id}, which is not forced (its run may skip)`);
    }
    if (!job.skipped) continue;
    const skip = mine.filter((r) => r.skipped).sort((a, b) => b.t - a.t)[0];
    if (!skip) {
      violations.push(`job ${job.id} (${job.dataset}) ended skipped, but none of its computations skipped (${mine.length} ended)`);
      continue;
    }
    if (skip.read === undefined) {
      violations.push(`job ${job.id} (${job.dataset}) skipped without reading a revision (pid ${skip.pid}, ${iso(skip.t)})`);
      continue;
    }
    const start = args.records.filter((r) => r.event === 'start' && r.jobId === job.id && r.pid === skip.pid && r.t <= skip.t).sort((a, b) => b.t - a.t)[0];
    const startedAt = start?.t ?? skip.t;
    // The entry the job read: one sent shortly before its computation started (it may have landed before the read),
    // or the one in place before those: the latest-started among the older writes that may have landed, down to
    // one known to have landed (a write whose answer never came, or failed, may have landed or not).
    const sent = args.cacheWrites.filter((w) => w.dataset === job.dataset && w.sentAt <= startedAt && w.result !== 'kept_newer');
    const older = sent.filter((w) => w.sentAt <= startedAt - CACHE_READ_WINDOW_MS).sort((a, b) => b.startedAt - a.startedAt || b.sentAt - a.sentAt);
    const landed = older.findIndex((w) => w.result === 'written');
    const candidates = [...older.slice(0, landed + 1 || older.length), ...sent.filter((w) => w.sentAt > startedAt - CACHE_READ_WINDOW_MS)];
    const current = (w: CacheWrite) => w.revision === skip.read && w.version === args.version;
    if (!candidates.some(current)) {
      const held = candidates.map(
        (w) =>
          `pid ${w.pid}'s ${w.version === null ? 'give-up' : 'entry'} (${w.errorCode ?? w.httpStatus}) at revision ${String(w.revision)}, version ${String(w.version)}, sent ${iso(w.sentAt)} (${w.result})`,
      );
      violations.push(
        `job ${job.id} (${job.dataset}) ended skipped at revision ${skip.read} (pid ${skip.pid}, started ${iso(startedAt)}), but the cache held no current answer at that revision: ${held.length ? held.join('; ') : 'no entry'}`,
      );
    }
    const history = args.revisions.filter((c) => c.dataset === job.dataset).sort((a, b) => a.at - b.at);
    const from = startedAt - CLOCK_TOLERANCE_MS;
    const to = skip.t + CLOCK_TOLERANCE_MS;
    const during = [...history.filter((c) => c.at <= from).slice(-1), ...history.filter((c) => c.at > from && c.at <= to)].map((c) => c.sha);
    if (history.length > 0 && !during.includes(skip.read))
      violations.push(
        `job ${job.id} (${job.dataset}) skipped at revision ${skip.read}, which was not the dataset's during its computation (${iso(startedAt)}..${iso(skip.t)}: ${during.join(', ') || 'none'})`,
      );
  }
  return violations;
}

/**
 * Answers left behind a dataset's last change: every dataset enqueued after its last revision change ends with its
 * answer at that revision and of this version (a job enqueued after a change is answered by a computation that read
 * it, or skipped against an entry at it). Entries that are errors are reported elsewhere (every dataset has its answer).
 */
export function staleAnswers(
  latest: ReadonlyMap<string, RevisionChange>,
  entries: ReadonlyMap<string, { http_status: number; dataset_git_revision: string | null; job_runner_version: number | null } | null>,
  version: number,
): string[] {
  const violations: string[] = [];
  for (const [dataset, change] of latest) {
    const e = entries.get(dataset);
    if (!e || e.http_status !== 200) continue;
    if (e.dataset_git_revision !== change.sha || e.job_runner_version !== version)
      violations.push(
        `${dataset}'s answer is at revision ${String(e.dataset_git_revision)} (version ${String(e.job_runner_version)}), but the dataset has been at ${change.sha} since ${iso(change.at)} and was enqueued after`,
      );
  }
  return violations;
}
