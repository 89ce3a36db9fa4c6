import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { parseSplitsJobData, SPLITS_JOB_NAME } from '../queue/job-data.ts';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';
import { ServiceUnavailableError } from '../errors/service-unavailable.ts';
import { cancelDatasetJobs } from '../queue/cancel-dataset-jobs.ts';
import { deleteDatasetEntries } from '../cache/delete-dataset-entries.ts';

/** Agenda's priorities: a number or one of its names; among jobs due at the same time, higher is taken first. */
export type SplitsJobPriority = 'lowest' | 'low' | 'normal' | 'high' | 'highest' | number;

export interface SplitsQueueOptions {
  /** the worker's MONGO_QUEUE_DATABASE; defaults to its default, `datasets_server_queue` */
  queueDatabase?: string;
  /** how long connect() waits for MongoDB; 10 s by default */
  connectTimeoutMs?: number;
  /** passed to the MongoDB driver as they are */
  mongoClientOptions?: MongoClientOptions;
}

/**
 * The producer side of the queue, for services that request /splits computations: one `splits` job per
 * dataset, as `agenda.now('splits', { dataset })` adds it, on a connection this object owns. It never starts
 * Agenda's processing loop, and close() closes the connection, so a script that uses it exits.
 *
 *     const queue = await SplitsQueue.connect('mongodb://localhost:27017');
 *     await queue.enqueue(['user/a', 'user/b'], { priority: 'high' });
 *     await queue.close();
 */
export class SplitsQueue {
  private closed = false;

  private constructor(
    private readonly client: MongoClient,
    private readonly agenda: Agenda,
    private readonly queueDatabase: string,
  ) {}

  /** Connects to MongoDB; a ServiceUnavailableError (MongoUnavailableError) when it does not answer. */
  static async connect(url: string, options: SplitsQueueOptions = {}): Promise<SplitsQueue> {
    const client = new MongoClient(url, {
      serverSelectionTimeoutMS: options.connectTimeoutMs ?? 10_000,
      appName: 'splits-producer',
      ...options.mongoClientOptions,
    });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
    } catch (err) {
      await client.close().catch(() => {});
      throw new ServiceUnavailableError('MongoDB', url, err);
    }
    const queueDatabase = options.queueDatabase ?? 'datasets_server_queue';
    const db = client.db(queueDatabase);
    // The backend borrows the connection (ownsConnection is false): close() below is what ends it.
    const agenda = new Agenda({ backend: new MongoBackend({ mongo: db, collection: JOBS_COLLECTION }) });
    await agenda.ready;
    return new SplitsQueue(client, agenda, queueDatabase);
  }

  /**
   * Adds one `splits` job per dataset (in order) and returns their job ids. Every dataset is checked first
   * (InvalidJobDataError for one that is not a Hub dataset id), so a bad id in a list enqueues nothing.
   * With a priority this is `agenda.now` plus `job.priority(p)`: due jobs are taken by nextRunAt, then priority.
   * With `force` the jobs recompute even when the cached answer is current (data `{ dataset, force: true }`).
   */
  async enqueue(datasets: string | readonly string[], options: { priority?: SplitsJobPriority; force?: boolean } = {}): Promise<string[]> {
    if (this.closed) throw new Error('SplitsQueue is closed');
    const list = (typeof datasets === 'string' ? [datasets] : [...datasets]).map((dataset) =>
      parseSplitsJobData(options.force ? { dataset, force: true } : { dataset }),
    );
    const ids: string[] = [];
    for (const data of list) {
      if (options.priority === undefined) {
        ids.push(String((await this.agenda.now(SPLITS_JOB_NAME, data)).attrs._id));
      } else {
        const job = this.agenda.create(SPLITS_JOB_NAME, data).priority(options.priority).schedule(new Date());
        await job.save();
        ids.push(String(job.attrs._id));
      }
    }
    return ids;
  }

  /**
   * Removes the dataset's waiting `splits` and `first-rows` jobs (not the running ones) and its cached answers
   * (`splitsResponse`, `firstRowsResponse` in `cacheDatabase`): what a deleted or renamed repo leaves behind.
   */
  async removeDataset(dataset: string, cacheDatabase: string): Promise<{ jobs: number; splits: number; firstRows: number }> {
    if (this.closed) throw new Error('SplitsQueue is closed');
    const { dataset: checked } = parseSplitsJobData({ dataset });
    const jobs = await cancelDatasetJobs(this.client.db(this.queueDatabase), checked);
    const entries = await deleteDatasetEntries(this.client.db(cacheDatabase), checked);
    return { jobs, ...entries };
  }

  /** MongoDB answers a ping (a readiness probe). */
  async ping(): Promise<boolean> {
    await this.client.db('admin').command({ ping: 1 });
    return true;
  }

  /** Closes the connection. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}
