import type { Agenda } from 'agenda';
import { ObjectId, type Document, type WithId } from 'mongodb';
import type { JobsCollection } from '../queue/job-lock.ts';
import { parseSplitsJobData, SPLITS_JOB_NAME } from '../queue/job-data.ts';
import { enqueueSplitsJob } from '../queue/enqueue.ts';
import { InvalidJobDataError } from '../errors/worker-error.ts';
import { DashboardBadRequestError, JobRunningError } from './dashboard-errors.ts';

/** At most this many jobs in one action (Agendash's page shows 50 at a time). */
const MAX_JOB_IDS = 1000;

/**
 * The dashboard's write actions, each kept within the queue's guarantees (docs/queue.md) whatever the request
 * says. A locked job is never touched: retrying it would unlock it under its running computation (a second run
 * of the same job at once, past MAX_JOBS_PER_DATASET), deleting it would free its dataset slot while it still
 * computes, and requeueing it is refused alike so that "running" reads the same for every action. The checks
 * are in the write's own filter too (`lockedAt: null`), so a job a worker locks between the check and the write
 * is left alone. Only `splits` jobs with `{ dataset }` data due now are created or put back: never a repeating
 * or scheduled job, another name, or other data.
 */
export class JobActions {
  constructor(
    private readonly jobs: JobsCollection,
    private readonly agenda: Agenda,
  ) {}

  /** A new job with the same dataset for each job (Agendash's "requeue"). */
  async requeue(body: unknown): Promise<{ requeuedCount: number }> {
    const found = await this.unlockedJobs(body, 'requeue');
    const datasets = found.map((doc) => this.splitsDataset(doc, 'requeue'));
    for (const dataset of datasets) await enqueueSplitsJob(this.agenda, dataset);
    return { requeuedCount: datasets.length };
  }

  /**
   * The same job run again (Agendash's "retry"), due now on the server's clock, with its attempts and failure
   * cleared: a finished or waiting job only.
   */
  async retry(body: unknown): Promise<{ retriedCount: number }> {
    const found = await this.unlockedJobs(body, 'retry');
    for (const doc of found) this.splitsDataset(doc, 'retry');
    if (found.length === 0) return { retriedCount: 0 };
    const res = await this.jobs.updateMany(
      { _id: { $in: found.map((d) => d._id) }, name: SPLITS_JOB_NAME, lockedAt: null },
      { $currentDate: { nextRunAt: true }, $set: { attempts: 0, failCount: 0 }, $unset: { failedAt: '', failReason: '', supersededBy: '', skipped: '' } },
    );
    return { retriedCount: res.modifiedCount };
  }

  /** Removes jobs that are not running. */
  async delete(body: unknown): Promise<{ deleted: boolean; deletedCount: number }> {
    const found = await this.unlockedJobs(body, 'delete');
    if (found.length === 0) return { deleted: false, deletedCount: 0 };
    const res = await this.jobs.deleteMany({ _id: { $in: found.map((d) => d._id) }, lockedAt: null });
    return { deleted: res.deletedCount > 0, deletedCount: res.deletedCount };
  }

  /** Agendash's "new job" form: only `splits` with `{ dataset }`, due now, as a producer enqueues it. */
  async create(body: unknown): Promise<{ created: true; id: string }> {
    const { jobName, jobSchedule, jobRepeatEvery, jobData } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (!isEmpty(jobRepeatEvery))
      throw new DashboardBadRequestError('repeating jobs are refused: a splits job runs once per request (enqueue it again instead)');
    if (!isEmpty(jobSchedule)) throw new DashboardBadRequestError('scheduled jobs are refused: this dashboard enqueues a job due now, as producers do');
    if (jobName !== SPLITS_JOB_NAME) throw new DashboardBadRequestError(`only "${SPLITS_JOB_NAME}" jobs can be created here, not ${JSON.stringify(jobName)}`);
    const data = parseSplitsJobData(jobData);
    const extra = Object.keys(jobData as object).filter((k) => k !== 'dataset');
    if (extra.length > 0) throw new InvalidJobDataError(`job data is { dataset } only; remove ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
    return { created: true, id: await enqueueSplitsJob(this.agenda, data.dataset) };
  }

  /** The jobs named by `{ jobIds }`; refuses the whole action when one of them is locked. */
  private async unlockedJobs(body: unknown, action: string): Promise<WithId<Document>[]> {
    const ids = parseJobIds(body);
    if (ids.length === 0) return [];
    const found = await this.jobs.find({ _id: { $in: ids } }).toArray();
    const running = found.filter((d) => d.lockedAt != null);
    if (running.length > 0)
      throw new JobRunningError(
        `cannot ${action} ${running.length === 1 ? 'a running job' : `${running.length} running jobs`} (${running
          .map((d) => `${String(d._id)}${d.lockedBy ? ` locked by ${String(d.lockedBy)}` : ''}`)
          .join(', ')}): wait until ${running.length === 1 ? 'it ends' : 'they end'}; nothing was changed`,
      );
    return found;
  }

  /** The dataset of a job the dashboard may put back: a `splits` job, not repeating, with valid data. */
  private splitsDataset(doc: WithId<Document>, action: string): string {
    if (doc.name !== SPLITS_JOB_NAME)
      throw new DashboardBadRequestError(`cannot ${action} job ${String(doc._id)}: only "${SPLITS_JOB_NAME}" jobs, not ${JSON.stringify(doc.name)}`);
    if (doc.repeatInterval)
      throw new DashboardBadRequestError(`cannot ${action} job ${String(doc._id)}: it is a repeating job, which the job contract has no place for`);
    return parseSplitsJobData(doc.data).dataset;
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function parseJobIds(body: unknown): ObjectId[] {
  const ids = (body as { jobIds?: unknown } | null)?.jobIds;
  if (!Array.isArray(ids) || ids.length > MAX_JOB_IDS || !ids.every((id) => typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id)))
    throw new DashboardBadRequestError(`the body is { "jobIds": [<job id>, …] } with at most ${MAX_JOB_IDS} ids`);
  return ids.map((id: string) => new ObjectId(id));
}
