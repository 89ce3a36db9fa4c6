import { MongoJobRepository, type MongoJobRepositoryConfig } from '@agendajs/mongo-backend';
import type { JobParameters, JobRepositoryOptions } from 'agenda';
import type { Document, Filter, WithId } from 'mongodb';

/** What the repository asks the worker before and after it locks a job. */
export interface LockGate {
  /** false while this worker must not lock a job (it holds as many as it can run, preflight over its limits, or stopping) */
  canLock(): boolean | Promise<boolean>;
  /** takes a slot of the job's dataset; false when the dataset is at its limit */
  claimSlot(job: { jobId: string; dataset: unknown }): Promise<boolean>;
  /** a job was locked and handed to Agenda */
  onLocked(jobId: string): void;
  /** a job of a dataset at its limit was left waiting */
  onDatasetBusy(dataset: string): void;
  /**
   * Agenda gives back a job it locked without running it: its slot must be freed. Called synchronously,
   * before anything is awaited, so that the claim it frees is the one of this lock and not of a later one.
   */
  onUnlocked(jobId: string): Promise<void>;
}

export interface FairLockOptions {
  /** how often the lock step looks for jobs whose lock expired (their worker died); the polling period */
  expiredLockSweepMs: number;
}

/** Datasets at their limit are skipped this many times per scan before the scan gives up. */
const MAX_BUSY_DATASETS_PER_SCAN = 50;

/**
 * Agenda's MongoDB repository, with the lock step made fair and bounded:
 * - nothing is locked while the gate says no (no free capacity, preflight), so waiting jobs stay free for
 *   other workers; lock steps of one process run one at a time, so a worker never holds more than it runs;
 * - only jobs due now are locked (Agenda looks one polling interval ahead, which would hold slots idle);
 * - a job whose dataset is at its limit is given back at once and the scan moves on to other datasets;
 * - jobs whose lock expired are looked for once per polling period, by their own indexed query, instead of
 *   in an `$or` with every take (which no index serves in sorted order).
 */
export class FairJobRepository extends MongoJobRepository {
  private nextExpiredSweep = 0;
  /** lock steps of this process run one at a time, so two fills cannot both pass the gate's capacity check */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    config: MongoJobRepositoryConfig,
    private readonly gate: LockGate,
    private readonly options: FairLockOptions,
  ) {
    super(config);
  }

  override async getNextJobToRun(
    jobName: string,
    _nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    const run = this.queue.then(() => this.lockNext(jobName, lockDeadline, now, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async lockNext(jobName: string, lockDeadline: Date, now: Date | undefined, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    if (!(await this.gate.canLock())) return undefined;
    const lockTime = now ?? new Date();
    if (lockTime.getTime() >= this.nextExpiredSweep) {
      this.nextExpiredSweep = lockTime.getTime() + this.options.expiredLockSweepMs;
      const expired = await this.lockFirst({ name: jobName, disabled: { $ne: true }, lockedAt: { $lte: lockDeadline } }, lockTime, options);
      if (expired) return expired;
    }
    return this.lockFirst({ name: jobName, disabled: { $ne: true }, lockedAt: null, nextRunAt: { $lte: lockTime } }, lockTime, options);
  }

  /** Locks the first job the filter selects whose dataset has a free slot. */
  private async lockFirst(filter: Filter<Document>, lockTime: Date, options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    const busy: string[] = [];
    while (busy.length <= MAX_BUSY_DATASETS_PER_SCAN) {
      const doc = await this.collection.findOneAndUpdate(
        busy.length > 0 ? { ...filter, 'data.dataset': { $nin: busy } } : filter,
        { $set: { lockedAt: lockTime, lastModifiedBy: options?.lastModifiedBy ?? null } },
        { returnDocument: 'after', sort: { nextRunAt: 1, priority: -1 } },
      );
      if (!doc) return undefined;
      const jobId = doc._id.toHexString();
      const dataset: unknown = (doc.data as { dataset?: unknown } | undefined)?.dataset;
      if (await this.gate.claimSlot({ jobId, dataset })) {
        this.gate.onLocked(jobId);
        return toJobParameters(doc);
      }
      // At its limit: hand the job back (its nextRunAt is kept) and look at other datasets.
      await this.collection.updateOne({ _id: doc._id, lockedAt: lockTime }, { $set: { lockedAt: null } });
      this.gate.onDatasetBusy(String(dataset));
      busy.push(String(dataset));
    }
    return undefined;
  }

  /** Agenda unlocks a job it locked but will not run (its lock limit was reached meanwhile). */
  override async unlockJob(job: JobParameters): Promise<void> {
    const released = job._id ? this.gate.onUnlocked(String(job._id)) : Promise.resolve();
    await super.unlockJob(job);
    await released;
  }
}

/** Same conversion as the parent's (private) one: string id, nulls as undefined. */
function toJobParameters(doc: WithId<Document>): JobParameters {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) out[k] = v ?? undefined;
  out._id = doc._id.toHexString();
  return out as unknown as JobParameters;
}
