import type { Db, Document, Filter } from 'mongodb';
import type { Logger } from '../log/logger.ts';
import { JOBS_COLLECTION } from '../queue/queue-backend.ts';
import { SPLITS_JOB_NAME } from '../queue/job-data.ts';

export const FINISHED_JOBS_TTL_INDEX = 'splits_finished_jobs_ttl';

/**
 * A finished job: lastFinishedAt set and no next run (a job waiting for a retry, or running, has a nextRunAt;
 * jobs answered by another computation are finished too). Exactly what the TTL index expires: the filter implies
 * its partialFilterExpression (`nextRunAt` null, not merely unset), so the purge is served by that index
 * (lastFinishedAt, a range) on MongoDB as the TTL monitor is.
 */
function finishedBefore(cutoff: Date): Filter<Document> {
  return { name: SPLITS_JOB_NAME, nextRunAt: { $type: 'null' }, lastFinishedAt: { $lt: cutoff } };
}

/**
 * The TTL index that lets MongoDB delete finished jobs `retentionSeconds` after lastFinishedAt. It is partial
 * (`nextRunAt` null), so a job put back in the queue is never expired. A changed retention is applied with
 * collMod; 0 drops the index. Servers without TTL expiry (the tests' mongo-java-server) accept the index and
 * never expire anything: purgeFinishedJobs covers them.
 */
export async function ensureFinishedJobsTtlIndex(queueDb: Db, retentionSeconds: number): Promise<void> {
  const jobs = queueDb.collection(JOBS_COLLECTION);
  const existing = (await jobs.indexes().catch(() => [])).find((i) => i.name === FINISHED_JOBS_TTL_INDEX);
  if (retentionSeconds === 0) {
    if (existing) await jobs.dropIndex(FINISHED_JOBS_TTL_INDEX);
    return;
  }
  if (existing && existing.expireAfterSeconds !== retentionSeconds) {
    await queueDb.command({ collMod: JOBS_COLLECTION, index: { name: FINISHED_JOBS_TTL_INDEX, expireAfterSeconds: retentionSeconds } });
    return;
  }
  if (existing) return;
  await jobs.createIndex(
    { lastFinishedAt: 1 },
    {
      name: FINISHED_JOBS_TTL_INDEX,
      expireAfterSeconds: retentionSeconds,
      partialFilterExpression: { name: SPLITS_JOB_NAME, nextRunAt: { $type: 'null' } },
    },
  );
}

/**
 * Deletes finished jobs older than the retention, in batches of `batchSize` ids (at most `maxBatches` per
 * call), so one purge never holds a huge delete; what is left goes with the next call.
 */
export async function purgeFinishedJobs(queueDb: Db, args: { retentionSeconds: number; now?: Date; batchSize?: number; maxBatches?: number }): Promise<number> {
  if (args.retentionSeconds === 0) return 0;
  const cutoff = new Date((args.now ?? new Date()).getTime() - args.retentionSeconds * 1000);
  const jobs = queueDb.collection(JOBS_COLLECTION);
  const batchSize = args.batchSize ?? 10_000;
  let deleted = 0;
  for (let i = 0; i < (args.maxBatches ?? 10); i++) {
    const ids = (
      await jobs
        .find(finishedBefore(cutoff), { projection: { _id: 1 } })
        .limit(batchSize)
        .toArray()
    ).map((d) => d._id);
    if (ids.length === 0) break;
    // The filter again: a job requeued between the find and the delete stays.
    deleted += (await jobs.deleteMany({ _id: { $in: ids }, ...finishedBefore(cutoff) })).deletedCount;
    if (ids.length < batchSize) break;
  }
  return deleted;
}

/** The TTL index at start, then a purge now and every `everyMs`: what holds on a server without TTL expiry. */
export function startFinishedJobsRetention(queueDb: Db, args: { retentionSeconds: number; everyMs?: number; logger: Logger }): { stop: () => void } {
  if (args.retentionSeconds === 0) {
    void ensureFinishedJobsTtlIndex(queueDb, 0).catch(() => {});
    return { stop: () => {} };
  }
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const deleted = await purgeFinishedJobs(queueDb, { retentionSeconds: args.retentionSeconds });
      if (deleted > 0) args.logger.info({ deleted, retentionSeconds: args.retentionSeconds }, 'finished jobs purged');
    } catch (err) {
      args.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'finished jobs not purged; next try later');
    } finally {
      running = false;
    }
  };
  void ensureFinishedJobsTtlIndex(queueDb, args.retentionSeconds)
    .catch((err: unknown) =>
      args.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'TTL index of finished jobs not created; the periodic purge still runs'),
    )
    .then(run);
  const timer = setInterval(() => void run(), args.everyMs ?? 10 * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
