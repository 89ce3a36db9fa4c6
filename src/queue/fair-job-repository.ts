import { MongoJobRepository, type MongoJobRepositoryConfig } from '@agendajs/mongo-backend';
import type { JobId, JobParameters, JobRepositoryOptions } from 'agenda';
import type { Collection, Document, WithId } from 'mongodb';
import type { DatasetSlot } from './dataset-slots.ts';
import { claimDatasetSlot, releaseDatasetSlot } from './dataset-slots.ts';
import type { HeldLocks } from './held-locks.ts';
import { handBackJob } from './hand-back-job.ts';
import type { JobsCollection } from './job-lock.ts';
import { lockNextJob } from './lock-next-job.ts';
import type { ServerClock } from './server-clock.ts';

/** What the lock step asks the worker and the queue before and after it locks a job. */
export interface LockStepDeps {
  /** the job name this repository locks with leases (Agenda's own writes to these jobs are replaced) */
  name: string;
  workerId: string;
  clock: ServerClock;
  held: HeldLocks;
  slots: Collection<DatasetSlot>;
  leaseMs: number;
  maxDurationMs: number;
  /** false while this worker must not lock a job (it holds as many as it can run, preflight over its limits, or stopping) */
  canLock(): boolean | Promise<boolean>;
  /** the dataset of a job's data, when it names a valid one */
  groupOf(data: unknown): string | undefined;
  /** the per-dataset limit in force across live workers; undefined for none */
  datasetLimit(): number | undefined;
  /** a job of a dataset at its limit was left waiting */
  onDatasetBusy(dataset: string): void;
  /** recovers jobs whose lease expired; called once per `recoverEveryMs` from the lock step */
  recoverExpired(now: Date): Promise<void>;
  recoverEveryMs: number;
}

/** Datasets at their limit are skipped this many times per scan before the scan gives up. */
const MAX_BUSY_DATASETS_PER_SCAN = 50;

/**
 * Agenda's MongoDB repository with the lock step and the job's state writes replaced by fenced leases:
 * - nothing is locked while the gate says no (no free capacity, preflight), so waiting jobs stay free for
 *   other workers; lock steps of one process run one at a time, so a worker never holds more than it runs;
 * - only jobs due now on the server's clock are locked, each with a token only this holder knows, and a slot
 *   of its dataset is claimed with the same token; a job whose dataset is at its limit is handed back due,
 *   and the scan moves on to other datasets;
 * - jobs whose lease expired are recovered once per polling period, by their own query;
 * - Agenda's own state saves (start, touch, finish) are not written for these jobs: they would write by `_id`
 *   without checking whose lock it is. The run's fenced writes (src/queue/run-leased-job.ts) replace them.
 */
export class FairJobRepository extends MongoJobRepository {
  private nextRecovery = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();

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

  private async lockNext(): Promise<JobParameters | undefined> {
    if (!(await this.deps.canLock())) return undefined;
    await this.deps.clock.maybeResync();
    const tick = performance.now();
    if (tick >= this.nextRecovery) {
      this.nextRecovery = tick + this.deps.recoverEveryMs;
      await this.deps.recoverExpired(this.deps.clock.now());
    }
    const busy: string[] = [];
    while (busy.length <= MAX_BUSY_DATASETS_PER_SCAN) {
      const now = this.deps.clock.now();
      const locked = await lockNextJob(this.jobs, {
        name: this.deps.name,
        now,
        leaseMs: this.deps.leaseMs,
        maxDurationMs: this.deps.maxDurationMs,
        workerId: this.deps.workerId,
        skipDatasets: busy,
      });
      if (!locked) return undefined;
      const { doc, lock } = locked;
      const group = this.deps.groupOf(doc.data);
      const limit = this.deps.datasetLimit();
      let slot;
      if (group !== undefined && limit !== undefined) {
        slot = await claimDatasetSlot(this.deps.slots, {
          dataset: group,
          jobId: lock.jobId.toHexString(),
          workerId: this.deps.workerId,
          token: lock.token,
          limit,
          now,
          expiresAt: new Date(Math.min(now.getTime() + this.deps.leaseMs, lock.deadlineAt.getTime())),
        });
        if (!slot) {
          // At its limit: the job goes back as it was (due, in its place), and the scan looks at other datasets.
          await handBackJob(this.jobs, lock, { dueAt: doc.nextRunAt as Date, countAttempt: false });
          this.deps.onDatasetBusy(group);
          busy.push(group);
          continue;
        }
      }
      this.deps.held.add({ lock, slot, group, running: false });
      return toJobParameters(doc);
    }
    return undefined;
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
    if (held.slot) await releaseDatasetSlot(this.deps.slots, held.slot);
  }
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
