import { randomUUID } from 'node:crypto';
import { MongoServerError, type Document, type ObjectId, type WithId } from 'mongodb';
import type { HeldLock, JobsCollection } from './job-lock.ts';
import { DATASET_SLOT_INDEX, datasetSlotKey, NAMESPACE_SLOT_INDEX, namespaceSlotKey, RELEASE_SLOT, type SlotField } from './job-lock.ts';
import { counterOf, sameCounter } from './job-counters.ts';
import { BOUNDED_DATA, bounded } from './job-view.ts';

/** A due job as the lock step sees it before it tries to lock it (see job-view.ts: every field at a bounded size). */
export interface Candidate {
  /** an ObjectId for every job Agenda writes; a producer may write any other value (such a job is not run) */
  _id: ObjectId;
  /** `{ dataset }` when the job's data is an object, else its bounded value */
  data: unknown;
  /** the counters as read (any value a producer wrote): the lock sets them from these, fenced on them */
  attempts?: unknown;
  failCount?: unknown;
  /** it runs alone in its worker (see death-charge.ts) */
  runAlone?: boolean;
  /** Agenda's priority as read (a number when Agenda wrote it; higher runs first) */
  priority?: unknown;
  /** when it became due (server time) */
  nextRunAt?: unknown;
}

/**
 * The first `limit` due, unlocked jobs, the highest Agenda priority first, then the oldest: the lock step tries
 * them in its own order (fair-job-repository.ts), so that it knows each job's dataset before it locks it, and
 * takes the dataset's slot in the same write as the lock. One read serves many locks.
 *
 * `excludeNamespaces`: only jobs of other namespaces (a dataset id that does not start with one of them and a `/`,
 * nor equals one of them): the jobs that a flood of a few namespaces keeps out of the first batch.
 */
export async function findDueJobs(
  jobs: JobsCollection,
  args: { name: string; now: Date; limit: number; excludeNamespaces?: readonly string[] },
): Promise<Candidate[]> {
  const exclude = args.excludeNamespaces?.length ? { 'data.dataset': { $not: namespacesPattern(args.excludeNamespaces) } } : {};
  // An aggregation only for its bounded projection: $match, $sort and $limit lead, on the splits_due index, as a find's would.
  return jobs
    .aggregate<Candidate>([
      { $match: { name: args.name, lockedAt: null, disabled: { $ne: true }, nextRunAt: { $lte: args.now }, ...exclude } },
      { $sort: { priority: -1, nextRunAt: 1 } },
      { $limit: args.limit },
      {
        $project: {
          _id: 1,
          data: BOUNDED_DATA,
          attempts: bounded('$attempts'),
          failCount: bounded('$failCount'),
          runAlone: { $eq: ['$runAlone', true] },
          priority: bounded('$priority'),
          nextRunAt: 1,
        },
      },
    ])
    .toArray();
}

/** A dataset id of one of `namespaces`: `ns/…`, or `ns` itself (a dataset without a namespace is its own). */
function namespacesPattern(namespaces: readonly string[]): RegExp {
  const escaped = namespaces.map((n) => n.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})(?:/|$)`);
}

/**
 * The data of the jobs other workers hold locked now, one entry per locked job (at most `limit`), read on the
 * `{name, lockedAt}` prefix of splits_by_state: only locked jobs are read, as many as the workers' places. The lock
 * step counts them per namespace (with its own, which it knows), so that the namespace with the fewest running
 * jobs goes first.
 */
export async function findOthersLockedData(jobs: JobsCollection, args: { name: string; workerId: string; limit: number }): Promise<unknown[]> {
  const rows = await jobs
    .aggregate<{ data: unknown; lockedBy: unknown }>([
      { $match: { name: args.name, lockedAt: { $ne: null } } },
      { $limit: args.limit },
      { $project: { _id: 0, data: BOUNDED_DATA, lockedBy: bounded('$lockedBy') } },
    ])
    .toArray();
  return rows.filter((r) => r.lockedBy !== args.workerId).map((r) => r.data);
}

/**
 * Which of `groups` have more than one due, unlocked job in the whole queue, in one aggregation over the
 * `{name, data.dataset, lockedAt, nextRunAt}` index: when a batch of due jobs did not hold every due job, this
 * says whether a run of one of its datasets has other waiting jobs to answer, without a write per run to find out.
 */
export async function findCrowdedGroups(jobs: JobsCollection, args: { name: string; now: Date; groups: readonly string[] }): Promise<Set<string>> {
  if (args.groups.length === 0) return new Set();
  const rows = await jobs
    .aggregate<{ _id: string }>([
      { $match: { name: args.name, 'data.dataset': { $in: [...new Set(args.groups)] }, lockedAt: null, nextRunAt: { $ne: null, $lte: args.now } } },
      { $group: { _id: '$data.dataset', n: { $sum: 1 } } },
      { $match: { n: { $gt: 1 } } },
    ])
    .toArray();
  return new Set(rows.map((r) => r._id));
}

export interface LockJobArgs {
  name: string;
  /** the server's time now */
  now: Date;
  leaseMs: number;
  maxDurationMs: number;
  workerId: string;
  /** the job's dataset and the per-dataset limit in force: the lock takes slot `<dataset>#n`, n < limit */
  datasetSlot?: { dataset: string; limit: number };
  /** the job's namespace and the per-namespace limit in force: the lock takes slot `<namespace>#n`, n < limit */
  namespaceSlot?: { namespace: string; limit: number };
  /** slots held by unlocked jobs (a producer's write) were freed to lock this one */
  onSquattedSlotsFreed?: (field: SlotField, count: number) => void;
}

/** Which limit left the job waiting: all the slots of its dataset, or of its namespace, are held by running jobs. */
export type BusyLimit = 'dataset' | 'namespace';

export type LockJobResult = { locked: { doc: WithId<Document>; lock: HeldLock } } | { taken: true } | { busy: BusyLimit };

const FIELD_OF: Record<BusyLimit, SlotField> = { dataset: 'datasetSlot', namespace: 'namespaceSlot' };
const INDEX_OF: Record<SlotField, string> = { datasetSlot: DATASET_SLOT_INDEX, namespaceSlot: NAMESPACE_SLOT_INDEX };

/**
 * Frees the slots among `slots` (values of `field`) that unlocked jobs hold. The queue sets a slot only in the write
 * that locks a job and removes it in every write that unlocks one, so an unlocked job holding a slot is a
 * producer's write, which would block the dataset (or namespace) for ever. Returns how many were freed.
 */
export async function freeSquattedSlots(jobs: JobsCollection, field: SlotField, slots: readonly string[]): Promise<number> {
  const res = await jobs.updateMany({ [field]: { $in: [...slots] }, lockedAt: null }, { $unset: { [field]: '' } });
  return res.modifiedCount;
}

/**
 * Ends a due job the queue cannot run (an `_id` that is not an ObjectId: Agenda and every write of the queue
 * identify a job by its ObjectId): in error, with `reason`, never retried. Fenced like a lock (still due,
 * unlocked, the failCount read), so that it ends once.
 */
export async function endMalformedJob(
  jobs: JobsCollection,
  candidate: Pick<Candidate, '_id' | 'failCount'>,
  args: { name: string; now: Date; reason: string },
): Promise<boolean> {
  const res = await jobs.updateOne(
    { _id: candidate._id, name: args.name, lockedAt: null, nextRunAt: { $lte: args.now }, ...sameCounter('failCount', candidate.failCount) },
    {
      $set: { nextRunAt: null, lastFinishedAt: args.now, failedAt: args.now, failReason: args.reason, failCount: counterOf(candidate.failCount) + 1 },
      $unset: RELEASE_SLOT,
    },
  );
  return res.matchedCount === 1;
}

/**
 * Locks one job, if it is still due and unlocked: one atomic findOneAndUpdate that sets a fresh token, the
 * lease and the deadline on the server's clock, counts the attempt, and takes a slot of the job's dataset and
 * one of its namespace when those limits are in force. Each slot is a field under a unique index, so when all
 * the dataset's (or the namespace's) slots are held by running jobs the write fails on that index and nothing
 * changes: the next slot of that kind is tried (at most one try per slot of each kind). Slots held by unlocked
 * jobs are freed and tried again.
 *
 * The counters are set, not incremented (MongoDB refuses `$inc` on Agenda's `failCount: null`, or on whatever
 * else a producer wrote): from the values the candidate read, and only where they still hold, so that every
 * later write under this lock finds numbers. A job whose counters changed since the read is left to the next read.
 */
export async function lockJob(jobs: JobsCollection, candidate: Candidate, args: LockJobArgs): Promise<LockJobResult> {
  const token = randomUUID();
  const { now } = args;
  const deadlineAt = new Date(now.getTime() + args.maxDurationMs);
  const attempt = counterOf(candidate.attempts) + 1;
  const failCount = counterOf(candidate.failCount);
  const fields = {
    attempts: attempt,
    failCount,
    lockedAt: now,
    lockToken: token,
    lockedBy: args.workerId,
    leaseExpiresAt: new Date(Math.min(now.getTime() + args.leaseMs, deadlineAt.getTime())),
    deadlineAt,
    lastRunAt: now,
    lastModifiedBy: args.workerId,
  };
  const slots: Partial<Record<BusyLimit, string[]>> = {};
  if (args.datasetSlot) slots.dataset = Array.from({ length: args.datasetSlot.limit }, (_, n) => datasetSlotKey(args.datasetSlot!.dataset, n));
  if (args.namespaceSlot) slots.namespace = Array.from({ length: args.namespaceSlot.limit }, (_, n) => namespaceSlotKey(args.namespaceSlot!.namespace, n));
  let result = await tryEachSlot(jobs, candidate, args, fields, slots);
  // All the slots of one kind are held: by running jobs (the usual case: the write changed nothing), or by a
  // producer's write on an unlocked job, which would block the dataset or namespace for ever. Such slots are freed,
  // and the slots tried again, once per kind.
  const freedKinds = new Set<BusyLimit>();
  while ('busy' in result && !freedKinds.has(result.busy)) {
    const kind = result.busy;
    freedKinds.add(kind);
    const freed = await freeSquattedSlots(jobs, FIELD_OF[kind], slots[kind]!);
    if (freed === 0) return result;
    args.onSquattedSlotsFreed?.(FIELD_OF[kind], freed);
    result = await tryEachSlot(jobs, candidate, args, fields, slots);
  }
  return result;
}

async function tryEachSlot(
  jobs: JobsCollection,
  candidate: Candidate,
  args: LockJobArgs,
  fields: Document & { lockToken: string; attempts: number; failCount: number; deadlineAt: Date },
  slots: Partial<Record<BusyLimit, string[]>>,
): Promise<LockJobResult> {
  const { now } = args;
  const { lockToken: token, attempts: attempt, failCount, deadlineAt } = fields;
  // the next slot of each kind to try: a write refused on one kind's index moves that kind on, not the other
  const next: Record<BusyLimit, number> = { dataset: 0, namespace: 0 };
  for (;;) {
    const set: Document = { ...fields };
    for (const kind of ['dataset', 'namespace'] as const) {
      const keys = slots[kind];
      if (!keys) continue;
      if (next[kind] >= keys.length) return { busy: kind };
      set[FIELD_OF[kind]] = keys[next[kind]];
    }
    try {
      const before = await jobs.findOneAndUpdate(
        // runAlone as read: a job that must run alone is locked only by a lock step that made room for it
        {
          _id: candidate._id,
          name: args.name,
          disabled: { $ne: true },
          lockedAt: null,
          nextRunAt: { $lte: now },
          ...sameCounter('attempts', candidate.attempts),
          ...sameCounter('failCount', candidate.failCount),
          runAlone: candidate.runAlone === true ? true : { $ne: true },
        },
        { $set: set },
        // Agenda's fields: not `data`, which the candidate read at a bounded size
        { returnDocument: 'before', projection: { data: 0 } },
      );
      if (!before) return { taken: true };
      // The document as the write left it (with the data as read), and whether a run of the job had started before this one.
      const doc = { ...before, ...set, data: candidate.data };
      return { locked: { doc, lock: { jobId: before._id, token, lockedAt: now, deadlineAt, attempt, failCount, ranBefore: before.lastRunAt != null } } };
    } catch (err) {
      if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
      const kind = await heldSlotKind(jobs, err, candidate, set, slots);
      next[kind]++;
    }
  }
}

/**
 * Which of the slots a refused lock tried is held: the duplicate-key error names the index (MongoDB gives its key
 * pattern; every server names it in the message); when it does not, or names neither, the slots are looked up
 * (one read).
 */
async function heldSlotKind(
  jobs: JobsCollection,
  err: MongoServerError,
  candidate: Candidate,
  set: Document,
  slots: Partial<Record<BusyLimit, string[]>>,
): Promise<BusyLimit> {
  const kinds = (['dataset', 'namespace'] as const).filter((k) => slots[k]);
  if (kinds.length === 1) return kinds[0]!;
  const keyPattern: unknown = (err as { keyPattern?: unknown }).keyPattern;
  for (const kind of kinds) {
    const field = FIELD_OF[kind];
    if (keyPattern && typeof keyPattern === 'object' && field in keyPattern) return kind;
    if (new RegExp(`index: ${INDEX_OF[field]}\\b`).test(err.message)) return kind;
  }
  const holder = await jobs.findOne({ _id: { $ne: candidate._id }, datasetSlot: set.datasetSlot as string }, { projection: { _id: 1 } });
  return holder ? 'dataset' : 'namespace';
}
