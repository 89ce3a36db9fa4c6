import { MongoJobRepository, type MongoJobRepositoryConfig } from '@agendajs/mongo-backend';
import type { JobId, JobParameters, JobRepositoryOptions } from 'agenda';
import { ObjectId, type Document, type WithId } from 'mongodb';
import type { HeldLocks } from './held-locks.ts';
import { handBackJob } from './hand-back-job.ts';
import { namespaceOf, type JobsCollection } from './job-lock.ts';
import { endMalformedJob, findCrowdedGroups, findDueJobs, findOthersLockedData, lockJob, type Candidate } from './lock-next-job.ts';
import { MalformedJobError } from './queue-errors.ts';
import { describeJobId, idKind } from './job-view.ts';
import type { ServerClock } from './server-clock.ts';

/** What the lock step asks the worker and the queue before and after it locks a job. */
export interface LockStepDeps {
  /** the job name this repository locks with leases (Agenda's own writes to these jobs are replaced) */
  name: string;
  workerId: string;
  clock: ServerClock;
  held: HeldLocks;
  leaseMs: number;
  maxDurationMs: number;
  /** false while this worker must not lock a job (no free place of its concurrency, preflight over its limits, or stopping) */
  canLock(): boolean | Promise<boolean>;
  /** the dataset of a job's data, when it names a valid one */
  groupOf(data: unknown): string | undefined;
  /** the per-dataset limit in force across live workers; undefined for none */
  datasetLimit(): number | undefined;
  /** the per-namespace limit in force across live workers (MAX_JOBS_PER_NAMESPACE); undefined for none */
  namespaceLimit?(): number | undefined;
  /** a job of a dataset at its limit was left waiting */
  onDatasetBusy(dataset: string): void;
  /** a job of a namespace at its limit was left waiting */
  onNamespaceBusy?(namespace: string): void;
  /** a due job of the batch had been locked by another worker first: the try cost a command */
  onLockLost?(): void;
  /** a job the queue cannot run (see endMalformedJob) was ended in error */
  onMalformedJob(jobId: string, reason: string): void;
  /** slots of the dataset (or of its namespace) that unlocked jobs held (a producer's write) were freed */
  onSquattedSlotsFreed(group: string, count: number): void;
  /** Agenda's polling period (WORKER_SLEEP_SECONDS): how stale a batch of due jobs may get (see lockNext) */
  pollMs?: number;
  /** recovers jobs whose lease expired; called once per `recoverEveryMs` from the lock step */
  recoverExpired(now: Date): Promise<void>;
  recoverEveryMs: number;
  /**
   * This worker's share of the due jobs: the live workers in the registry (`count`) and this worker's place
   * among them (`index`, from 0). Without it, or with a count of 1, every due job is this worker's.
   */
  stripe?(): Stripe;
}

/** A worker's share of the queue: the due jobs whose `_id` hashes to `index` modulo `count` are its own. */
export interface Stripe {
  index: number;
  count: number;
}

/** Due jobs read at once per live worker (a worker's own share of a read is about this many); the lock step tries them in turn. */
const CANDIDATES_PER_READ = 64;
/**
 * With several live workers a read is this many times their shares together: the other workers' jobs not yet taken
 * sit at the head of the queue, so a read of exactly n shares held a half to all of this worker's 64, and n workers
 * each read about twice as often as one alone (113–177 reads of due jobs in a drain of 2,000 jobs by 4 processes,
 * against 83–92 by one; with it, 75–94, as one). On a server that scans (the test server) a read costs about the
 * same whatever its limit (docs/benchmarks.md, Many worker processes).
 */
const SHARED_READ_SLACK = 2;
/** the most live workers a read is sized for: past it, a worker's share of a read is smaller */
const MAX_STRIPES = 16;
/**
 * A full batch of due jobs from at most this many namespaces is followed by a read of the due jobs of every other
 * namespace (up to CANDIDATES_PER_READ): a flood from a few namespaces must not hide the others' jobs. A batch of
 * more namespaces is fair enough as it is (each is in it; the fewest running go first).
 */
const MAX_FLOOD_NAMESPACES = 16;
/**
 * Looks past a flood per poll period, all live workers together: another namespace's job is seen within half a
 * poll (at most 1 s), plus the read.
 */
const BEYOND_LOOKS_PER_POLL = 2;
/** ...and one worker looks no more often than this many times what its look cost (a tenth of its time at most) */
const BEYOND_AGE_PER_READ_COST = 10;
/** locked jobs read at most to count the running jobs of each namespace (the workers' places, with room to spare) */
const MAX_LOCKED_READ = 10_000;
/** reads of due jobs a lock step makes at most when locks are lost to other workers */
const MAX_READS_PER_STEP = 3;
/** a batch older than this (times the live workers) is read again, to see jobs that became due meanwhile */
const CANDIDATES_MAX_AGE_MS = 1000;
/**
 * ...unless its read took longer than a twentieth of that: a batch is kept at least this many times what its read
 * cost, so that a slow read (a collection scanned, a loaded server) is paid once a batch, not once a take
 */
const CANDIDATES_AGE_PER_READ_COST = 20;

/**
 * Agenda's MongoDB repository with the lock step and the job's state writes replaced by fenced leases:
 * - nothing is locked while the gate says no (no free capacity, preflight), so waiting jobs stay free for
 *   other workers; lock steps of one process run one at a time (the gate is the consumer's canLock);
 * - the due jobs are read a batch at a time (the highest priority, then the oldest first, on the server's clock),
 *   and tried fairly: the highest priority first, then the namespace with the fewest running jobs across all
 *   workers, then the oldest; each worker's own share of the batch first (see stripeOf: workers seldom race for
 *   one job); a full batch from a few namespaces (a flood) is followed by a read of the other namespaces' due
 *   jobs, so that a user's single job does not wait behind another's thousands. Each
 *   lock is one atomic write that takes a token only this holder knows and a slot of the job's dataset (and of
 *   its namespace, under MAX_JOBS_PER_NAMESPACE), or fails when another worker took the job or the dataset or
 *   namespace is at its limit, and the step moves on to the next; a dataset or namespace at its limit is skipped
 *   for the rest of the batch, so other jobs run meanwhile;
 * - jobs whose lease expired are recovered once per polling period, by their own query;
 * - Agenda's own state saves (start, touch, finish) are not written for these jobs: they would write by `_id`
 *   without checking whose lock it is. The run's fenced writes (src/queue/run-leased-job.ts) replace them.
 */
export class FairJobRepository extends MongoJobRepository {
  private nextRecovery = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();
  /** due jobs of the last read that are this worker's own (see stripeOf), not tried yet, oldest first */
  private mine: Candidate[] = [];
  /** due jobs of the last read that are other workers' own, not tried yet, newest first */
  private others: Candidate[] = [];
  /** the last read was full: more due jobs wait beyond it */
  private batchFull = false;
  /** a lock was lost to another worker since the last read */
  private lostSinceRead = false;
  private candidatesReadAt = Number.NEGATIVE_INFINITY;
  /** when the due jobs past a flood were last read, and the ids of those read then (they stay candidates until tried) */
  private beyondReadAt = Number.NEGATIVE_INFINITY;
  private lastBeyondMs = 0;
  private beyondSlot = -1;
  private beyondIds = new Set<string>();
  /** the namespaces of the last batch read */
  private batchNamespaces = new Set<string>();
  /** what the last read of a batch took (the due jobs, and the crowded datasets when the batch was full) */
  private lastReadMs = 0;
  /** datasets of the batch with other due jobs beyond it (read only when the batch was full) */
  private crowded = new Set<string>();
  /** datasets found at their limit since the batch was read */
  private busy = new Set<string>();
  /** namespaces found at their limit since the batch was read */
  private busyNamespaces = new Set<string>();
  /** other workers' running jobs per namespace, as read with the batch (this worker's own are counted from its held locks) */
  private othersRunning = new Map<string, number>();
  /** each candidate's dataset and namespace, worked out once (a pick looks at every candidate of the batch) */
  private readonly groups = new WeakMap<Candidate, { group: string; namespace: string } | null>();

  constructor(
    config: MongoJobRepositoryConfig,
    private readonly deps: LockStepDeps,
  ) {
    super(config);
  }

  private get jobs(): JobsCollection {
    return this.collection as unknown as JobsCollection;
  }

  override async getNextJobToRun(
    jobName: string,
    _nextScanAt: Date,
    _lockDeadline: Date,
    _now: Date | undefined,
    _options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    if (jobName !== this.deps.name) return undefined;
    const run = this.queue.then(() => this.lockNext());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once the lock steps under way are over: a stop waits for them before it hands back what it holds. */
  async lockStepsSettled(): Promise<void> {
    await this.queue;
  }

  private async lockNext(): Promise<JobParameters | undefined> {
    if (!(await this.deps.canLock())) return undefined;
    await this.deps.clock.maybeResync();
    const tick = performance.now();
    // n live workers each sweep every n periods: together they sweep about once per period, as one worker would.
    const { count } = this.currentStripe();
    if (tick >= this.nextRecovery) {
      this.nextRecovery = tick + this.deps.recoverEveryMs * Math.min(count, MAX_STRIPES);
      await this.deps.recoverExpired(this.deps.clock.now());
    }
    // A job that must run alone, found while this worker held others: nothing else is locked until the worker
    // holds nothing; then it is tried first (see death-charge.ts).
    let first = this.deps.held.wantedAlone;
    if (first) {
      if (this.deps.held.size > 0) return undefined;
      this.deps.held.wantedAlone = undefined;
    }
    // A worker tries its own jobs of the batch first (oldest first); once they are done it reads again while the
    // queue has more due jobs than a batch (the fresh read holds more of its own), and otherwise helps with the
    // other workers' jobs, in an order of its own. A batch is read at most once per step when it is stale or used
    // up (a batch that other workers emptied meanwhile is read again once), and again after a lock lost to
    // another worker, which says the batch is stale (a read costs what a lost lock costs; up to MAX_READS_PER_STEP).
    let reads = 0;
    for (;;) {
      let candidate = first;
      first = undefined;
      if (!candidate) {
        // A worker's own jobs are not taken by the others: n live workers each read every n periods, so that
        // together they read the queue about as often as one worker does.
        const periodMs = Math.min(this.deps.pollMs ?? this.deps.recoverEveryMs, CANDIDATES_MAX_AGE_MS) * Math.min(count, MAX_STRIPES);
        const maxAgeMs = Math.max(periodMs, CANDIDATES_AGE_PER_READ_COST * this.lastReadMs);
        const stale = performance.now() - this.candidatesReadAt > maxAgeMs;
        const usedUp = this.mine.length === 0 && (this.batchFull || this.others.length === 0);
        if ((reads === 0 && (stale || usedUp)) || (this.lostSinceRead && reads < MAX_READS_PER_STEP)) {
          await this.readCandidates();
          reads++;
        }
        // Past a flood, on a cadence of its own (a batch kept long, its read slow, must not keep another namespace's
        // job out of sight as long): the live workers take turns, one slot of half min(WORKER_SLEEP_SECONDS, 1 s)
        // each on the wall clock, so that together they look twice a poll, not all at once every n polls.
        if (reads <= 1 && this.beyondTurn()) await this.lookBeyond();
        candidate = this.pick(this.mine, false) ?? this.pick(this.others, true);
        if (!candidate) return undefined;
      }
      if (!(candidate._id instanceof ObjectId)) {
        await this.endMalformed(candidate);
        continue;
      }
      const { group, namespace } = this.groupOf(candidate) ?? {};
      if (group !== undefined && (this.busy.has(group) || this.busyNamespaces.has(namespace!))) continue;
      if (candidate.runAlone === true && this.deps.held.size > 0) {
        this.deps.held.wantedAlone = candidate;
        return undefined;
      }
      const limit = this.deps.datasetLimit();
      const namespaceLimit = this.deps.namespaceLimit?.();
      const result = await lockJob(this.jobs, candidate, {
        name: this.deps.name,
        now: this.deps.clock.now(),
        leaseMs: this.deps.leaseMs,
        maxDurationMs: this.deps.maxDurationMs,
        workerId: this.deps.workerId,
        ...(group !== undefined && limit !== undefined ? { datasetSlot: { dataset: group, limit } } : {}),
        ...(namespace !== undefined && namespaceLimit !== undefined ? { namespaceSlot: { namespace, limit: namespaceLimit } } : {}),
        onSquattedSlotsFreed: (field, count) => this.deps.onSquattedSlotsFreed(field === 'datasetSlot' ? group! : namespace!, count),
      });
      if ('taken' in result) {
        // Another worker locked it since the read: the rest of the batch is stale too; read again before the next try.
        this.deps.onLockLost?.();
        this.lostSinceRead = true;
        continue;
      }
      if ('busy' in result) {
        // At its limit: the job stays as it was (due, in its place); this step looks at other datasets or namespaces.
        if (result.busy === 'dataset') {
          this.busy.add(group!);
          this.deps.onDatasetBusy(group!);
        } else {
          this.busyNamespaces.add(namespace!);
          this.deps.onNamespaceBusy?.(namespace!);
        }
        continue;
      }
      const { doc, lock } = result.locked;
      // Other due jobs of the dataset wait (in the rest of the batch, or beyond a full batch): this run answers them.
      const othersWaiting =
        group !== undefined &&
        (this.crowded.has(group) || this.mine.some((c) => this.groupOf(c)?.group === group) || this.others.some((c) => this.groupOf(c)?.group === group));
      this.deps.held.add({ lock, group, othersWaiting, running: false, ...(candidate.runAlone === true ? { alone: true } : {}) });
      return toJobParameters(doc);
    }
  }

  /** Ends a due job whose `_id` is not an ObjectId: Agenda, the held locks and every fenced write name a job by one. */
  private async endMalformed(candidate: Candidate): Promise<void> {
    const id: unknown = candidate._id;
    const error = new MalformedJobError(
      `The job's _id is ${idKind(id)}, not an ObjectId: the queue runs only jobs with an ObjectId _id, as Agenda writes them.`,
    );
    const reason = `${error.errorCode}: ${error.message}`;
    if (await endMalformedJob(this.jobs, candidate, { name: this.deps.name, now: this.deps.clock.now(), reason }))
      this.deps.onMalformedJob(describeJobId(id), reason);
  }

  /**
   * The next job to try from `list` (removed from it): the highest priority, then the namespace with the fewest
   * running jobs, then the oldest (`loose`: in the list's own order, for other workers' jobs, so that two workers
   * helping out seldom try the same job). Jobs of a dataset or namespace found at its limit are dropped on the way.
   */
  private pick(list: Candidate[], loose: boolean): Candidate | undefined {
    const running = new Map(this.othersRunning);
    for (const group of this.deps.held.groups()) {
      const ns = namespaceOf(group);
      running.set(ns, (running.get(ns) ?? 0) + 1);
    }
    let best = -1;
    let bestKey: [number, number, number] | undefined;
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      const { group, namespace } = this.groupOf(c) ?? {};
      if (group !== undefined && (this.busy.has(group) || this.busyNamespaces.has(namespace!))) {
        list.splice(i--, 1);
        continue;
      }
      const key: [number, number, number] = [
        -(typeof c.priority === 'number' && Number.isFinite(c.priority) ? c.priority : 0),
        namespace === undefined ? 0 : (running.get(namespace) ?? 0),
        loose ? i : c.nextRunAt instanceof Date ? c.nextRunAt.getTime() : 0,
      ];
      if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
        best = i;
        bestKey = key;
      }
    }
    return best === -1 ? undefined : list.splice(best, 1)[0];
  }

  /**
   * Reads the next batch of due jobs: the highest priority and oldest, 128 per live worker (64 alone). Every worker reads the
   * same jobs; each job is one worker's own (its `_id` hashed over the live workers, see stripeOf), so that
   * workers seldom try the same job: a lock lost to another worker costs a command. When the jobs read belong to
   * more than one namespace, the running jobs are counted per namespace (one read of the locked jobs), for the fair
   * order. The jobs read past a flood (lookBeyond) and not tried yet stay candidates.
   */
  private async readCandidates(): Promise<void> {
    const started = performance.now();
    const stripe = this.currentStripe();
    const limit = CANDIDATES_PER_READ * Math.min(stripe.count, MAX_STRIPES) * (stripe.count > 1 ? SHARED_READ_SLACK : 1);
    const now = this.deps.clock.now();
    const found = await findDueJobs(this.jobs, { name: this.deps.name, now, limit });
    const inBatch = new Set(found.map((c) => String(c._id)));
    const beyondLeft = this.mine.filter((c) => this.beyondIds.has(String(c._id)) && !inBatch.has(String(c._id)));
    this.mine = [];
    this.others = [];
    for (const c of found) {
      const owner = stripe.count > 1 ? stripeOf(c._id, stripe.count) : undefined;
      (owner === undefined || owner === stripe.index ? this.mine : this.others).push(c);
    }
    // Other workers' jobs, for when this worker's own are done, in an order of its own (their owners take them
    // oldest first): two workers helping out seldom try the same job.
    shuffle(this.others);
    this.mine.push(...beyondLeft);
    this.lostSinceRead = false;
    this.batchFull = found.length >= limit;
    this.batchNamespaces = new Set(this.groupsOf(found).map(namespaceOf));
    // A full batch may not hold every due job: ask once which of this worker's own datasets of the batch have more
    // due jobs than one (the ones it will lock: a job of another's share that it helps with is told apart only from
    // the batch; the read costs the server in proportion to the datasets asked about); and, when more than one
    // namespace is in sight, count the running jobs per namespace (both reads at once).
    const namespaces = new Set([...this.batchNamespaces, ...this.groupsOf(beyondLeft).map(namespaceOf)]);
    this.othersRunning = new Map();
    const [crowded] = await Promise.all([
      this.batchFull ? findCrowdedGroups(this.jobs, { name: this.deps.name, now, groups: this.groupsOf(this.mine) }) : new Set<string>(),
      namespaces.size > 1 ? this.readRunning() : undefined,
    ]);
    this.crowded = crowded;
    this.candidatesReadAt = performance.now();
    this.lastReadMs = this.candidatesReadAt - started;
    this.busy = new Set();
    this.busyNamespaces = new Set();
  }

  /**
   * When the batch is a full one of a few namespaces (a flood), reads the oldest due jobs of every other namespace:
   * every worker's to take (they are few, and the first worker with a free place should run them). Their
   * namespaces are new to the batch: when there are some, the running jobs are counted again.
   */
  private async lookBeyond(): Promise<void> {
    if (!this.batchFull || this.batchNamespaces.size === 0 || this.batchNamespaces.size > MAX_FLOOD_NAMESPACES) return;
    const started = performance.now();
    const beyond = await findDueJobs(this.jobs, {
      name: this.deps.name,
      now: this.deps.clock.now(),
      limit: CANDIDATES_PER_READ,
      excludeNamespaces: [...this.batchNamespaces],
    });
    this.mine = this.mine.filter((c) => !this.beyondIds.has(String(c._id)));
    this.beyondIds = new Set(beyond.map((c) => String(c._id)));
    this.mine.push(...beyond);
    if (beyond.length > 0) await this.readRunning();
    this.beyondReadAt = performance.now();
    this.lastBeyondMs = this.beyondReadAt - started;
  }

  /**
   * Whether this lock step looks past a flood: in this worker's turn (slot k of min(WORKER_SLEEP_SECONDS, 1 s) /
   * BEYOND_LOOKS_PER_POLL on the wall clock is worker k mod n's), once per turn, and no more often than 10 times
   * what such a read cost.
   */
  private beyondTurn(): boolean {
    const { index, count } = this.currentStripe();
    const slotMs = Math.min(this.deps.pollMs ?? this.deps.recoverEveryMs, CANDIDATES_MAX_AGE_MS) / BEYOND_LOOKS_PER_POLL;
    const slot = Math.floor(Date.now() / slotMs);
    if (slot % Math.min(count, MAX_STRIPES) !== index % MAX_STRIPES || slot === this.beyondSlot) return false;
    if (performance.now() - this.beyondReadAt < BEYOND_AGE_PER_READ_COST * this.lastBeyondMs) return false;
    this.beyondSlot = slot;
    return true;
  }

  /** Counts other workers' running jobs per namespace (this worker's own are counted from its held locks, at each pick). */
  private async readRunning(): Promise<void> {
    this.othersRunning = new Map();
    for (const data of await findOthersLockedData(this.jobs, { name: this.deps.name, workerId: this.deps.workerId, limit: MAX_LOCKED_READ })) {
      const group = this.deps.groupOf(data);
      if (group === undefined) continue;
      const ns = namespaceOf(group);
      this.othersRunning.set(ns, (this.othersRunning.get(ns) ?? 0) + 1);
    }
  }

  private currentStripe(): Stripe {
    const s = this.deps.stripe?.();
    if (!s || !Number.isInteger(s.count) || s.count < 1 || !Number.isInteger(s.index) || s.index < 0 || s.index >= s.count) return { index: 0, count: 1 };
    return s;
  }

  private groupsOf(candidates: readonly Candidate[]): string[] {
    const groups: string[] = [];
    for (const c of candidates) {
      const g = this.groupOf(c)?.group;
      if (g !== undefined) groups.push(g);
    }
    return groups;
  }

  /** A candidate's dataset and namespace (null when its data names no valid dataset), validated once per candidate. */
  private groupOf(c: Candidate): { group: string; namespace: string } | null {
    let known = this.groups.get(c);
    if (known === undefined) {
      const group = this.deps.groupOf(c.data);
      known = group === undefined ? null : { group, namespace: namespaceOf(group) };
      this.groups.set(c, known);
    }
    return known;
  }

  /** Agenda's start and finish saves, and touch(): the run's fenced writes replace them for leased jobs. */
  override async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    if (job.name === this.deps.name) return;
    await super.saveJobState(job, options);
  }

  /** Agenda gives back a job it locked but will not run (its lock limit was reached meanwhile). */
  override async unlockJob(job: JobParameters): Promise<void> {
    if (job._id) await this.handBack(String(job._id));
  }

  /** Agenda gives back the jobs it locked and has not started (agenda.stop()). */
  override async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    for (const id of jobIds) await this.handBack(String(id));
  }

  /** Gives back a lock this worker holds and has not run: due now, no attempt spent, its slot freed. */
  async handBack(jobId: string): Promise<void> {
    const held = this.deps.held.take(jobId);
    if (!held) return;
    await handBackJob(this.jobs, held.lock, { dueAt: this.deps.clock.now(), countAttempt: false });
  }
}

function shuffle<T>(xs: T[]): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}

/**
 * Which of `count` workers a due job belongs to: a hash (FNV-1a) of all the bytes of its `_id`, so that the jobs of
 * one producer, whose ObjectIds differ only in their counter, and those of several producers spread evenly. A job
 * whose `_id` is not an ObjectId belongs to every worker (the first to read it ends it, see endMalformed).
 */
export function stripeOf(id: unknown, count: number): number | undefined {
  if (!(id instanceof ObjectId)) return undefined;
  let h = 0x811c9dc5;
  for (const byte of id.id) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

/**
 * What Agenda gets of a locked job. Agenda's own time checks run on this process's clock, which may be
 * off: it is told the job is due (`nextRunAt` unset) and locked just now, so that it runs the job at once and
 * never takes it for expired; the lease decides when the lock ends.
 */
function toJobParameters(doc: WithId<Document>): JobParameters {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) out[k] = v ?? undefined;
  out._id = doc._id.toHexString();
  out.nextRunAt = undefined;
  out.lockedAt = new Date();
  delete out.lockToken;
  return out as unknown as JobParameters;
}
