/**
 * The queue torture test: worker processes on one queue, jobs of many datasets in several namespaces with random
 * durations, and random faults while they run (SIGKILL of a worker, a worker frozen past its lease, the MongoDB
 * server frozen, a worker whose clock is minutes ahead, a dataset whose computation kills its process, one whose
 * computation never ends). Datasets change revision now and then (each change followed by a job, as the Hub's
 * webhook would); other jobs re-enqueue unchanged datasets (they may skip), some are forced. Invariants are
 * checked from what the computations recorded themselves (start and end, on the server's clock, and the revision
 * read), the workers' logs, the jobs' documents and the cache.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestMongo, type TestMongo } from '../helpers/mongo.ts';
import { producer, spawnWorker, workerEnv, type WorkerHandle } from '../helpers/workers.ts';
import { readRecords, type RecordLine } from '../helpers/records.ts';
import { countJobsByState, stateOf } from '../../src/queue/count-jobs-by-state.ts';
import { splitsResponseCollection } from '../../src/cache/splits-response.ts';
import { ServerClock } from '../../src/queue/server-clock.ts';
import { JOB_RUNNER_VERSION } from '../../src/splits/revision.ts';
import type { Collection } from 'mongodb';
import {
  cacheWritesFromRecords,
  namespaceOf,
  overLimit,
  skipViolations,
  staleAnswers,
  type Interval,
  type JobEnd,
  type RevisionChange,
  type Run,
} from './checker.ts';

export type { Run } from './checker.ts';

export interface TortureOptions {
  seed: number;
  /** how long faults are injected and jobs enqueued */
  faultSeconds: number;
  jobs: number;
  datasets: number;
  workers: number;
  log?: (line: string) => void;
}

export interface TortureReport {
  seed: number;
  jobs: number;
  counts: Record<string, number>;
  faults: Record<string, number>;
  workerDeaths: number;
  computations: number;
  maxOverlap: number;
  limit: number;
  /** the most computations of one namespace at once, and MAX_JOBS_PER_NAMESPACE */
  maxNamespaceOverlap: number;
  namespaceLimit: number;
  /** the revision workload: changes made (each followed by a job), forced jobs, computations that skipped */
  revisions: { changes: number; forced: number; skippedRuns: number };
  poison: { attempts: number; runs: number; errorCode: string | null };
  endless: { errorCode: string | null; ranSeconds: number | null };
  crashedJobPickupMs: number[];
  /** the longest a computation went on after its frozen process was thawed (its lease aborts it) */
  longestZombieMs: number;
  /** the producer's transient errors it tried again after, and what it could not do (jobs it could not enqueue) */
  producer: { retries: number; failures: string[] };
  /** recoveries of dead workers' jobs: charged (an attempt spent: the job ran alone) or not (it ran beside others) */
  recoveries: { charged: number; uncharged: number };
  violations: string[];
  seconds: number;
}

const LIMIT = 2;
/**
 * MAX_JOBS_PER_NAMESPACE: above the per-dataset limit, so that each limit is reached on its own (two runs of one
 * dataset leave room in their namespace); the workers' 12 places are more than the namespaces' room.
 */
const NAMESPACE_LIMIT = 3;
/** the share of enqueues that follow a revision change of their dataset, and of forced ones; the rest may skip */
const CHANGE_SHARE = 0.15;
const FORCE_SHARE = 0.1;
const LEASE_SECONDS = 2;
const MAX_ATTEMPTS = 4;
const MAX_DURATION_SECONDS = 6;
const POISON = 'org/poison';
const ENDLESS = 'org/endless';

/** A small seeded PRNG (mulberry32): the same seed gives the same schedule of jobs and faults. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function libfaketime(): string | undefined {
  return ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1'].find((p) => existsSync(p));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runTorture(opts: TortureOptions): Promise<TortureReport> {
  const t0 = performance.now();
  const faultLog: string[] = [];
  const log = (line: string) => {
    faultLog.push(`${new Date().toISOString()} ${line}`);
    opts.log?.(line);
  };
  const random = prng(opts.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const violations: string[] = [];
  const faults: Record<string, number> = { sigkill: 0, worker_paused: 0, mongo_paused: 0 };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'splits-torture-'));
  const record = path.join(dir, 'records.jsonl');
  // The Hub's repo info, as the computations read it: each dataset's sha, changed now and then (see the producer).
  const revisionsFile = path.join(dir, 'revisions.json');
  // Every cache write, recorded by the workers at the driver's call (what a skip may have found in the cache).
  const cacheWritesRecord = path.join(dir, 'cache-writes.jsonl');
  const mongo: TestMongo = await startTestMongo();
  const names = mongo.names();
  const clock = new ServerClock(mongo.client.db('admin'));
  await clock.sync();
  const faketime = libfaketime();
  if (!faketime) violations.push('libfaketime is not installed (apt-get install faketime): the worker with a shifted clock cannot run');

  const environment = (k: number) => ({
    ...workerEnv(mongo, names, {
      WORKER_LOCK_SECONDS: String(LEASE_SECONDS),
      WORKER_CONCURRENCY: '3',
      MAX_JOBS_PER_DATASET: String(LIMIT),
      MAX_JOBS_PER_NAMESPACE: String(NAMESPACE_LIMIT),
      WORKER_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WORKER_RETRY_BASE_SECONDS: '0.3',
      WORKER_MAX_JOB_DURATION_SECONDS: String(MAX_DURATION_SECONDS),
      WORKER_GRACE_SECONDS: '5',
      TEST_COMPUTE: JSON.stringify({
        sleepMsRange: [30, 700],
        record,
        crash: [POISON],
        hang: [ENDLESS],
        revisionsFile,
        revisionReadMs: [10, 60],
        cacheWritesRecord,
      }),
    }),
    // The last worker runs with its wall clock 3 minutes ahead (libfaketime); its monotonic clock is left alone.
    ...(k === opts.workers - 1 && faketime ? { LD_PRELOAD: faketime, FAKETIME: '+3m', FAKETIME_DONT_FAKE_MONOTONIC: '1' } : {}),
  });
  const workers: WorkerHandle[] = [];
  const allWorkers: WorkerHandle[] = [];
  const spawn = (k: number) => {
    const w = spawnWorker(environment(k));
    workers[k] = w;
    allWorkers.push(w);
  };
  for (let k = 0; k < opts.workers; k++) spawn(k);

  // Pause windows of each worker process, on the server's clock: a computation frozen past its lease is cut
  // there (it was fenced out; its later writes are checked separately).
  const pauses = new Map<number, { from: number; to: number }[]>();
  const paused = new Set<number>();
  const mongoPauses: { from: number; to: number }[] = [];
  let workerDeaths = 0;
  let supervising = true;
  const killedAt = new Map<number, number>();
  const supervise = (async () => {
    while (supervising) {
      for (let k = 0; k < workers.length; k++) {
        const w = workers[k]!;
        if (w.child.exitCode !== null || w.child.signalCode !== null) {
          workerDeaths++;
          spawn(k);
        }
      }
      await sleep(100);
    }
  })();

  const agenda = await producer(mongo.client, names.queue);
  // Two namespaces, and a dataset without one (its own namespace); the poison and the endless one are in `org`.
  const datasets = Array.from({ length: opts.datasets - 2 }, (_, i) => (i === 0 ? 'solo' : i % 2 === 0 ? `org/d${i}` : `other/d${i}`));
  const revisionHistory: RevisionChange[] = [];
  const revisionNow = new Map<string, RevisionChange>();
  const lastEnqueuedAt = new Map<string, number>();
  const forcedJobs = new Set<string>();
  const setRevision = (dataset: string) => {
    const n = revisionHistory.filter((c) => c.dataset === dataset).length;
    const change = { dataset, sha: createHash('sha1').update(`${dataset}@${n}`).digest('hex'), at: 0 };
    revisionNow.set(dataset, change);
    // Written whole, then renamed: a computation reads the file before or after, never half of it.
    writeFileSync(`${revisionsFile}.tmp`, JSON.stringify(Object.fromEntries([...revisionNow].map(([d, c]) => [d, c.sha]))));
    renameSync(`${revisionsFile}.tmp`, revisionsFile);
    change.at = clock.nowMs();
    revisionHistory.push(change);
  };
  for (const d of datasets) setRevision(d);
  const jobIds: string[] = [];
  // The producer meets the faults too (MongoDB frozen, the test server's transient errors): it tries again (never
  // doubling a job), and reports what it could not do instead of ending the run without a report.
  const producerReport = { retries: 0, failures: [] as string[] };
  await ensureProducerIndex(mongo.client.db(names.queue).collection('agendaJobs'));
  const enqueueOne = async (dataset: string, seq: number, force = false) => {
    const id = await enqueueWithRetries(
      agenda,
      mongo.client.db(names.queue).collection('agendaJobs'),
      { dataset, seq, ...(force ? { force } : {}) },
      producerReport,
      log,
    );
    if (id) lastEnqueuedAt.set(dataset, clock.nowMs());
    if (id && force) forcedJobs.add(id);
    return id;
  };
  const enqueue = (async () => {
    for (const [seq, dataset] of [POISON, ENDLESS].entries()) {
      const id = await enqueueOne(dataset, seq);
      // The checks below find the poison and the endless job at these places.
      jobIds.push(id ?? 'not enqueued');
    }
    const rest = opts.jobs - 2;
    const spacing = (opts.faultSeconds * 1000 * 0.8) / rest;
    for (let i = 0; i < rest; i++) {
      const dataset = pick(datasets);
      const roll = random();
      // A change, then its job (the Hub's webhook); a forced job; or a re-enqueue of whatever the dataset is at.
      if (roll < CHANGE_SHARE) setRevision(dataset);
      const id = await enqueueOne(dataset, i + 2, roll >= CHANGE_SHARE && roll < CHANGE_SHARE + FORCE_SHARE);
      if (id) jobIds.push(id);
      if (i % 10 === 9) await sleep(spacing * 10);
    }
  })().catch((err: unknown) => {
    producerReport.failures.push(`the producer stopped: ${err instanceof Error ? err.message : String(err)}`);
  });

  // Faults, until the fault phase ends.
  const faultsEnd = performance.now() + opts.faultSeconds * 1000;
  while (performance.now() < faultsEnd) {
    await sleep(1500 + random() * 3000);
    const roll = random();
    const k = Math.floor(random() * workers.length);
    const w = workers[k]!;
    const pid = w.child.pid!;
    if (roll < 0.4) {
      if (paused.has(pid) || w.child.exitCode !== null) continue;
      faults.sigkill!++;
      killedAt.set(pid, clock.nowMs());
      w.child.kill('SIGKILL');
      log(`fault: SIGKILL worker ${k} (pid ${pid})`);
    } else if (roll < 0.75) {
      if (paused.has(pid) || w.child.exitCode !== null) continue;
      faults.worker_paused!++;
      const ms = LEASE_SECONDS * 1000 * (1.2 + random());
      const from = clock.nowMs();
      paused.add(pid);
      w.child.kill('SIGSTOP');
      log(`fault: SIGSTOP worker ${k} (pid ${pid}) for ${Math.round(ms)} ms`);
      await sleep(ms);
      w.child.kill('SIGCONT');
      paused.delete(pid);
      pauses.set(pid, [...(pauses.get(pid) ?? []), { from, to: clock.nowMs() }]);
    } else {
      faults.mongo_paused!++;
      const ms = 500 + random() * 3000;
      log(`fault: SIGSTOP MongoDB for ${Math.round(ms)} ms`);
      const from = clock.nowMs();
      mongo.pauseServer();
      await sleep(ms);
      mongo.resumeServer();
      mongoPauses.push({ from, to: clock.nowMs() });
    }
  }
  await enqueue;
  log(`faults over; ${jobIds.length} jobs enqueued; waiting for every job to end`);

  // Every job ends: nothing waiting or started.
  const queueDb = mongo.client.db(names.queue);
  const drainUntil = performance.now() + 120_000;
  let counts = await countJobsByState(queueDb);
  while (performance.now() < drainUntil && (counts.waiting > 0 || counts.started > 0)) {
    await sleep(500);
    counts = await countJobsByState(queueDb);
  }
  if (counts.waiting > 0 || counts.started > 0) violations.push(`jobs never ended: ${JSON.stringify(counts)}`);
  await sleep(LEASE_SECONDS * 1000);
  supervising = false;
  await supervise;
  // A worker the supervisor just restarted has no signal handler yet: let every one start before SIGTERM.
  for (const w of workers) {
    const until = performance.now() + 20_000;
    while (!w.logs().includes('"msg":"worker started"') && w.child.exitCode === null && performance.now() < until) await sleep(50);
  }
  for (const w of workers) w.child.kill('SIGTERM');
  const exits = await Promise.all(workers.map((w) => w.exited));
  if (exits.some((c) => c !== 0)) violations.push(`workers did not exit 0 on SIGTERM: ${JSON.stringify(exits)}`);

  // ---- invariants ----
  const docs = await queueDb.collection('agendaJobs').find().toArray();
  const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
  if (docs.length !== jobIds.filter((id) => id !== 'not enqueued').length) violations.push(`${docs.length} job documents for ${jobIds.length} jobs enqueued`);
  if (jobIds.slice(0, 2).includes('not enqueued'))
    violations.push(`the poison or the endless job could not be enqueued: ${producerReport.failures.join('; ')}`);
  const records = readRecords(record);
  const starts = records.filter((r) => r.event === 'start');

  // 1. Every job ends exactly once, in a final state, and every answered job leads to an answer.
  for (const id of jobIds) {
    const d = byId.get(id);
    if (!d) {
      violations.push(`job ${id} is gone`);
      continue;
    }
    if (d.lockedAt || d.nextRunAt) violations.push(`job ${id} is not in a final state`);
    if (!d.lastFinishedAt) violations.push(`job ${id} never finished`);
    let cur = d;
    for (let hops = 0; cur?.supersededBy; hops++) {
      if (hops > docs.length) {
        violations.push(`job ${id}: a cycle of supersededBy links`);
        break;
      }
      cur = byId.get(cur.supersededBy as string)!;
    }
    if (!cur) violations.push(`job ${id} links to a job that does not exist`);
  }
  // A run that starts after its job ended (a finished job locked again) would start at least a poll later;
  // the tolerance covers the error of two processes' estimates of the server's time.
  for (const s of starts) {
    const d = byId.get(s.jobId);
    if (d?.lastFinishedAt && s.t > (d.lastFinishedAt as Date).getTime() + 250) {
      const all = starts.filter((o) => o.jobId === s.jobId).map((o) => `pid ${o.pid} at ${new Date(o.t).toISOString()}`);
      violations.push(
        `job ${s.jobId} ran again (pid ${s.pid}, ${new Date(s.t).toISOString()}) after it had finished at ${(d.lastFinishedAt as Date).toISOString()}` +
          ` (supersededBy ${String(d.supersededBy)}, attempts ${String(d.attempts)}, failCount ${String(d.failCount)}; runs: ${all.join(', ')})`,
      );
    }
  }

  // 2. At no instant more than LIMIT computations of one dataset, on the server's clock. A frozen process
  // computes nothing: a computation whose process was frozen longer than its lease lost its lock (and its slot)
  // during the freeze, so it counts until the freeze began; once thawed it must stop at once (its lease aborts
  // it), which is checked here too, and it must write nothing, which is checked below.
  const runs = pairRuns(records, killedAt);
  let longestZombieMs = 0;
  const byDataset = new Map<string, Interval[]>();
  const byNamespace = new Map<string, Interval[]>();
  for (const run of runs) {
    let end = run.end;
    const freeze = (pauses.get(run.pid) ?? []).find((p) => p.from >= run.start && p.from < run.end && p.to - p.from > LEASE_SECONDS * 1000 * 0.8);
    if (freeze) {
      end = freeze.from;
      const zombieMs = run.end - freeze.to;
      longestZombieMs = Math.max(longestZombieMs, zombieMs);
      if (zombieMs > 1000)
        violations.push(`job ${run.jobId}: the computation of pid ${run.pid} went on ${Math.round(zombieMs)} ms after its process was thawed, past its lease`);
    }
    const interval = { from: run.start, to: end, run };
    byDataset.set(run.dataset, [...(byDataset.get(run.dataset) ?? []), interval]);
    const namespace = namespaceOf(run.dataset);
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), interval]);
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const freezes = () =>
    `; ${[...pauses.entries()].flatMap(([pid, ws]) => ws.map((w) => `pid ${pid} frozen ${iso(w.from)}..${iso(w.to)}`)).join('; ')}` +
    `; mongo frozen: ${mongoPauses.map((w) => `${iso(w.from)}..${iso(w.to)}`).join('; ')}`;
  const perDataset = overLimit(byDataset, LIMIT, (dataset) => `of ${dataset}`, freezes);
  violations.push(...perDataset.violations);
  const maxOverlap = perDataset.maxOverlap;
  // 2b. At no instant more than NAMESPACE_LIMIT computations of one namespace, counted the same way.
  const perNamespace = overLimit(byNamespace, NAMESPACE_LIMIT, (namespace) => `in namespace ${namespace}`, freezes);
  violations.push(...perNamespace.violations);

  // 3. No fenced-out computation writes the cache (see fencedOutCacheWrites).
  violations.push(
    ...fencedOutCacheWrites(
      allWorkers.flatMap((w) => w.logs().split('\n')),
      runs,
    ),
  );

  // 4. The poison job ends in error after exactly MAX_ATTEMPTS locks; the endless job ends at its deadline.
  const cache = splitsResponseCollection(mongo.client.db(names.cache));
  const poisonDoc: Record<string, unknown> = byId.get(jobIds[0]!) ?? {};
  const poisonEntry = await cache.findOne({ dataset_name: POISON });
  const poison = { attempts: Number(poisonDoc.attempts), runs: starts.filter((s) => s.dataset === POISON).length, errorCode: poisonEntry?.error_code ?? null };
  if (poison.attempts !== MAX_ATTEMPTS) violations.push(`the poison job was locked ${poison.attempts} times, not ${MAX_ATTEMPTS}`);
  if (!String(poisonDoc.failReason).startsWith('JobManagerCrashedError')) violations.push(`the poison job ended with ${String(poisonDoc.failReason)}`);
  if (poison.errorCode !== 'JobManagerCrashedError') violations.push(`the poison dataset's cache entry is ${poison.errorCode}`);
  const endlessDoc: Record<string, unknown> = byId.get(jobIds[1]!) ?? {};
  const endlessEntry = await cache.findOne({ dataset_name: ENDLESS });
  const endlessRuns = runs.filter((r) => r.dataset === ENDLESS);
  const lastEndless = endlessRuns.sort((a, b) => b.start - a.start)[0];
  const endless = { errorCode: endlessEntry?.error_code ?? null, ranSeconds: lastEndless ? Math.round(lastEndless.end - lastEndless.start) / 1000 : null };
  // Its deadline ends it, unless faults cut off every one of its attempts (its worker killed or frozen, or
  // MongoDB frozen past the lease, during the run): then it ends as crashed, as any job whose runs all died. Its
  // first death counts against no job (see death-charge.ts): it takes one run more.
  const overlaps = (w: { from: number; to: number }, r: Run) => w.from <= r.end + 50 && w.to >= r.start;
  const cutOff = (r: Run) =>
    mongoPauses.some((w) => w.to - w.from > LEASE_SECONDS * 1000 && overlaps(w, r)) ||
    (pauses.get(r.pid) ?? []).some((w) => overlaps(w, r)) ||
    (killedAt.has(r.pid) && Math.abs(killedAt.get(r.pid)! - r.end) < 1000);
  const endsAs = endlessRuns.length >= MAX_ATTEMPTS + 1 && endlessRuns.every(cutOff) ? 'JobManagerCrashedError' : 'JobManagerExceededMaximumDurationError';
  if (endless.errorCode !== endsAs) violations.push(`the endless dataset's cache entry is ${endless.errorCode}, not ${endsAs}`);
  if (!String(endlessDoc.failReason).startsWith(endsAs)) violations.push(`the endless job ended with ${String(endlessDoc.failReason)}, not ${endsAs}`);
  if (endless.ranSeconds !== null && endless.ranSeconds > MAX_DURATION_SECONDS)
    violations.push(`the endless computation ran ${endless.ranSeconds} s, past its ${MAX_DURATION_SECONDS} s deadline`);

  // 5. A death counts only against the job that caused it: no job is charged an attempt for a death of a process
  // the poison killed (a poison run started there, and the harness did not kill or freeze it then), and the
  // poison's deaths beside other jobs are charged to none of them.
  const poisonDeaths = new Map<number, number>();
  for (const s of starts) if (s.dataset === POISON) poisonDeaths.set(s.pid, s.t);
  const recoveries = { charged: 0, uncharged: 0 };
  for (const w of allWorkers) {
    for (const line of w.logs().split('\n')) {
      if (!line.includes('"charged":')) continue;
      let entry: { jobId?: string; lockedBy?: string; charged?: boolean; msg?: string; time?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue;
      }
      if (entry.charged === undefined || !entry.jobId) continue;
      if (entry.charged) recoveries.charged++;
      else recoveries.uncharged++;
      if (!entry.charged || entry.jobId === jobIds[0]) continue;
      const deadPid = Number(entry.lockedBy?.split(':')[1]);
      const poisonedAt = poisonDeaths.get(deadPid);
      if (poisonedAt === undefined) continue;
      // A recovery before the poison ran there is not of its doing (a lease lost while MongoDB was frozen, the
      // process alive and recovering its own job). The line's time is the recovering worker's clock: the one
      // shifted ahead only makes a recovery look later, never excuses one.
      if (entry.time && Date.parse(entry.time) < poisonedAt) continue;
      const byHarness =
        (killedAt.has(deadPid) && Math.abs(killedAt.get(deadPid)! - poisonedAt) < 1000) || (pauses.get(deadPid) ?? []).some((p) => p.to >= poisonedAt - 1000);
      if (!byHarness) violations.push(`job ${entry.jobId} was charged an attempt for the death of pid ${deadPid}, which the poison killed: "${entry.msg}"`);
    }
  }

  // 6. Every other dataset enqueued has its answer.
  const wanted = new Set(
    jobIds
      .slice(2)
      .map((id) => (byId.get(id)?.data as { dataset: string } | undefined)?.dataset)
      .filter(Boolean),
  );
  const entries = new Map<string, { http_status: number; dataset_git_revision: string | null; job_runner_version: number | null } | null>();
  for (const dataset of wanted) {
    const e = await cache.findOne({ dataset_name: dataset! });
    entries.set(dataset!, e);
    if (!e || e.http_status !== 200) violations.push(`${dataset} has no answer (${e?.error_code ?? 'no cache entry'})`);
  }

  // 7. Skips and forced jobs (see skipViolations): every skip against a current answer at the revision read, every
  // forced job computed; and no answer left behind its dataset's last change (see staleAnswers).
  const jobEnds: JobEnd[] = docs.map((d) => ({
    id: d._id.toHexString(),
    dataset: String((d.data as { dataset?: unknown } | undefined)?.dataset),
    force: (d.data as { force?: unknown } | undefined)?.force === true,
    skipped: d.skipped === true,
    ...(d.supersededBy ? { supersededBy: String(d.supersededBy) } : {}),
    state: stateOf({
      locked: d.lockedAt != null,
      next: d.nextRunAt != null,
      failed: Number(d.failCount) > 0,
      superseded: d.supersededBy != null,
      finished: d.lastFinishedAt != null,
      skipped: d.skipped === true,
    }),
  }));
  const cacheWrites = existsSync(cacheWritesRecord) ? cacheWritesFromRecords(readFileSync(cacheWritesRecord, 'utf8').split('\n')) : [];
  violations.push(...skipViolations({ jobs: jobEnds, records, cacheWrites, revisions: revisionHistory, version: JOB_RUNNER_VERSION }));
  const enqueuedAfterChange = new Map([...revisionNow].filter(([dataset, change]) => (lastEnqueuedAt.get(dataset) ?? 0) > change.at));
  violations.push(...staleAnswers(enqueuedAfterChange, entries, JOB_RUNNER_VERSION));

  // The pick-up delay of a killed worker's jobs: from the SIGKILL to the next start of a job it was running.
  const crashedJobPickupMs: number[] = [];
  for (const [pid, at] of killedAt) {
    for (const run of runs.filter((r) => r.pid === pid && r.start <= at && r.end >= at - 1)) {
      const next = starts.filter((s) => s.jobId === run.jobId && s.t > at).sort((a, b) => a.t - b.t)[0];
      if (next) crashedJobPickupMs.push(Math.round(next.t - at));
    }
  }

  // On a violation, every worker's log and the fault log are kept for the post-mortem.
  if (violations.length > 0) {
    const dir = path.join('.cache', 'test-artifacts', `torture-${opts.seed}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    for (const w of allWorkers) writeFileSync(path.join(dir, `worker-${w.child.pid}.log`), w.logs());
    writeFileSync(path.join(dir, 'faults.log'), faultLog.join('\n'));
    writeFileSync(path.join(dir, 'violations.txt'), violations.join('\n'));
    // what the checks read: the computations' records, the cache writes, the revision history
    for (const file of [record, cacheWritesRecord]) if (existsSync(file)) copyFileSync(file, path.join(dir, path.basename(file)));
    writeFileSync(path.join(dir, 'revisions.json'), JSON.stringify(revisionHistory));
    log(`logs kept in ${dir}`);
  }

  const report: TortureReport = {
    seed: opts.seed,
    jobs: jobIds.length,
    counts: { ...counts },
    faults,
    workerDeaths,
    computations: starts.length,
    maxOverlap,
    limit: LIMIT,
    maxNamespaceOverlap: perNamespace.maxOverlap,
    namespaceLimit: NAMESPACE_LIMIT,
    revisions: { changes: revisionHistory.length - datasets.length, forced: forcedJobs.size, skippedRuns: records.filter((r) => r.skipped).length },
    poison,
    endless,
    crashedJobPickupMs: crashedJobPickupMs.sort((a, b) => a - b),
    longestZombieMs: Math.round(longestZombieMs),
    producer: producerReport,
    recoveries,
    violations,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
  await mongo.close();
  rmSync(dir, { recursive: true, force: true });
  return report;
}

/** The index that makes the producer's retries idempotent: one job per sequence number (see enqueueWithRetries). */
export async function ensureProducerIndex(jobs: Collection): Promise<void> {
  await jobs.createIndex({ 'data.seq': 1 }, { unique: true, sparse: true, name: 'torture_producer_seq' });
}

/**
 * Enqueues one job as the producer service would (Agenda's `now`), trying again after a transient error (MongoDB
 * frozen by the harness, the test server's `Unknown error: null`). An error may come while the insert is still
 * on its way (it can land after a look-up that did not find it): the job carries its sequence number, unique in
 * the queue (ensureProducerIndex), so a retry never doubles it; a retry refused as a duplicate finds the job that
 * landed. Returns the job's id, or undefined (and a line in `report.failures`) when it could not be enqueued.
 */
export async function enqueueWithRetries(
  agenda: Awaited<ReturnType<typeof producer>>,
  jobs: Collection,
  data: { dataset: string; seq: number; force?: boolean },
  report: { retries: number; failures: string[] },
  log: (line: string) => void,
): Promise<string | undefined> {
  let lastError = '';
  for (let attempt = 1; attempt <= PRODUCER_TRIES; attempt++) {
    try {
      return String((await agenda.now('splits', data)).attrs._id);
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      if (isDuplicateKey(err)) {
        // An earlier try landed: that job is this one.
        const found = await jobs.findOne({ 'data.seq': data.seq }, { projection: { _id: 1 } }).catch(() => null);
        if (found) return found._id.toHexString();
      }
      report.retries++;
      log(`producer: enqueue of job ${data.seq} (${data.dataset}) failed (${lastError}); trying again`);
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
  report.failures.push(`job ${data.seq} (${data.dataset}) not enqueued after ${PRODUCER_TRIES} tries: ${lastError}`);
  return undefined;
}

function isDuplicateKey(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 11000 || /E11000|duplicate key/i.test(String((e as { message?: unknown }).message))) return true;
  }
  return false;
}

/** tries of one enqueue */
const PRODUCER_TRIES = 8;

/**
 * The cache writes of a run that had been fenced out: a run that wrote found no other run of its job started
 * between its own start and its write (both on the server's clock). A give-up writes under its own lock (taken
 * over from a dead one, or its run's at the deadline): only another process's run started after that lock,
 * before the write, makes it fenced out. (It used to be attributed, as a computation's write, to the last run of its
 * process, which blamed a recovering worker for a run it had made itself before the job was taken over.)
 */
export function fencedOutCacheWrites(logLines: readonly string[], runs: readonly Run[]): string[] {
  const violations: string[] = [];
  for (const line of logLines) {
    if (!line.includes('"msg":"splits cached"')) continue;
    let entry: { jobId?: string; cachedAt?: string; pid?: number; lockedAt?: string; giveUp?: boolean };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (!entry.jobId || !entry.cachedAt) continue;
    const at = Date.parse(entry.cachedAt);
    if (entry.giveUp) {
      const lockedAt = entry.lockedAt ? Date.parse(entry.lockedAt) : at;
      // Another process's run: the writer's own run under that lock (a give-up at the deadline) is no takeover.
      const later = runs.find((r) => r.jobId === entry.jobId && r.pid !== entry.pid && r.start > lockedAt + 5 && r.start < at - 5);
      if (later) violations.push(`job ${entry.jobId}: pid ${entry.pid} wrote its give-up at ${entry.cachedAt} after pid ${later.pid} had taken the job over`);
      continue;
    }
    const mine = runs.filter((r) => r.jobId === entry.jobId && r.pid === entry.pid && r.start <= at).sort((a, b) => b.start - a.start)[0];
    if (!mine) continue;
    const other = runs.find((r) => r !== mine && r.jobId === entry.jobId && r.start > mine.start && r.start < at - 5);
    if (other) violations.push(`job ${entry.jobId}: pid ${entry.pid} wrote the cache at ${entry.cachedAt} after pid ${other.pid} had taken the job over`);
  }
  return violations;
}

/**
 * Pairs each computation's start with its end (same job, same process, in order). A computation without an
 * end died with its process: killed by the harness (it ran until then), or by its own doing (the poison: at
 * once).
 */
function pairRuns(records: RecordLine[], killedAt: Map<number, number>): Run[] {
  const open = new Map<string, RecordLine[]>();
  const runs: Run[] = [];
  for (const r of records) {
    const key = `${r.pid}:${r.jobId}`;
    if (r.event === 'start') open.set(key, [...(open.get(key) ?? []), r]);
    else {
      const s = open.get(key)?.shift();
      if (s) runs.push({ jobId: r.jobId, dataset: r.dataset, pid: r.pid, start: s.t, end: r.t });
    }
  }
  for (const list of open.values()) {
    for (const s of list) runs.push({ jobId: s.jobId, dataset: s.dataset, pid: s.pid, start: s.t, end: Math.max(s.t + 1, killedAt.get(s.pid) ?? 0) });
  }
  return runs;
}
