import type { Document, WithId } from 'mongodb';
import type { JobsCollection } from './job-lock.ts';
import { RELEASE_SLOT, UNLOCKED } from './job-lock.ts';
import { sameExpiredLock } from './recover-expired-jobs.ts';
import { counterOf, sameCounter } from './job-counters.ts';

/**
 * Which job a worker's death counts against.
 *
 * A worker holds several jobs at once: up to WORKER_CONCURRENCY computing, as many only writing their answer and
 * their end, some just locked. When its process dies (a computation that runs out of memory, a native abort, a
 * kill), every one of their leases runs out, and the recovery sweep sees only expired documents: it cannot tell
 * the job whose computation killed the process from its neighbours. So a death counts only against a job that
 * ran **alone** in its worker:
 *
 * - a job whose worker died while it ran beside others spends no attempt (its lock's attempt is given back) and
 *   is marked `runAlone`; it is put back after the usual backoff;
 * - a `runAlone` job is locked only by a worker that holds no other job, and while it is held its worker locks
 *   nothing else (the lock step makes room for it: see FairJobRepository.lockNext); a death then has one
 *   suspect, and counts against it as before (an attempt spent, `JobManagerCrashedError` once they are all spent).
 *
 * So a job whose computation kills its process costs at most one death beside other jobs, then dies alone
 * `WORKER_MAX_ATTEMPTS` times; the jobs that shared its worker lose nothing, whether they were computing, writing
 * their answer, or just locked. The flag is written by the recovery's own write and read by the lock step's own
 * read: no command is added to a job's run.
 */
export function deathCounts(doc: WithId<Document>): boolean {
  return doc.runAlone === true;
}

/**
 * Puts back a job whose worker died while it ran beside others: due at `dueAt`, its slot freed, the lock's attempt
 * given back, and marked to run alone from now on. Fenced on the very lock seen expired, as every recovery write.
 */
export async function requeueUnchargedJob(jobs: JobsCollection, doc: WithId<Document>, args: { dueAt: Date }): Promise<boolean> {
  // a lock of this worker's counted an attempt; one without a token (Agenda's, an earlier version's) did not. The
  // attempt is given back by a set of the value read less one, fenced on it (never $inc: see job-counters.ts)
  const attempts = counterOf(doc.attempts);
  const res = await jobs.updateOne(
    { ...sameExpiredLock(doc), ...sameCounter('attempts', doc.attempts) },
    {
      $set: { ...UNLOCKED, nextRunAt: args.dueAt, runAlone: true, attempts: doc.lockToken ? Math.max(0, attempts - 1) : attempts },
      $unset: RELEASE_SLOT,
    },
  );
  return res.matchedCount === 1;
}
