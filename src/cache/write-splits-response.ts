import { MongoServerError, type Db, type Document } from 'mongodb';
import type { WorkerError } from '../errors/worker-error.ts';
import { splitsResponseCollection, type ErrorDetails, type SplitsResponseDocument } from './splits-response.ts';
import type { SplitsResponse } from './splits-response.ts';
import { scrubSecrets } from '../log/scrub-secrets.ts';

export type CacheWriteResult = 'written' | 'kept_newer';

/** What the entry in place said before a write replaced it: nothing, an error, or an answer with these splits. */
export type PreviousEntry = { kind: 'none' } | { kind: 'error' } | { kind: 'success'; splits: { config: string; split: string }[] };

export type CacheWrite = { result: 'written'; previous: PreviousEntry } | { result: 'kept_newer' };

/**
 * Upserts the entry of one dataset, unless the entry in place comes from a computation that started later
 * (with MAX_JOBS_PER_DATASET > 1 two computations may finish out of order). One atomic upsert: the filter
 * holds the precondition, and the unique index turns "a newer entry exists" into a duplicate-key error. It
 * returns the splits of the entry it replaced (the same command), which is what the first-rows hand-off needs
 * to know which splits vanished.
 *
 * An entry with `progress` below 1 is a partial answer (its counts to come): it does not replace a final
 * success of the same revision either (a recomputation keeps the full answer in place until its own final one).
 * Every other entry is final (`progress` 1).
 */
export async function writeSplitsResponse(
  cacheDb: Db,
  dataset: string,
  startedAt: Date,
  entry: Pick<SplitsResponseDocument, 'http_status' | 'error_code' | 'response' | 'details'> &
    Partial<Pick<SplitsResponseDocument, 'dataset_git_revision' | 'job_runner_version' | 'progress'>>,
): Promise<CacheWrite> {
  const progress = entry.progress ?? 1;
  const notNewer = { $or: [{ computation_started_at: { $lte: startedAt } }, { computation_started_at: { $exists: false } }] };
  // a final success: a 200 whose progress is 1 or absent (`$not: {$lt: 1}` matches both)
  const finalSuccessAtRevision = { http_status: 200, dataset_git_revision: entry.dataset_git_revision ?? null, progress: { $not: { $lt: 1 } } };
  try {
    const before = await retryConflicts(() =>
      splitsResponseCollection(cacheDb).findOneAndUpdate(
        progress < 1 ? { dataset_name: dataset, $and: [notNewer, { $nor: [finalSuccessAtRevision] }] } : { dataset_name: dataset, ...notNewer },
        {
          // an entry without a revision or a version (a give-up, an older caller) is never taken as current
          $set: {
            ...entry,
            dataset_git_revision: entry.dataset_git_revision ?? null,
            job_runner_version: entry.job_runner_version ?? null,
            progress,
            stale: false,
            computation_started_at: startedAt,
          },
          // the server's time, as every time the queue writes
          $currentDate: { updated_at: true },
          $setOnInsert: { dataset_name: dataset },
        },
        { upsert: true, returnDocument: 'before', projection: { _id: 0, http_status: 1, 'response.splits.config': 1, 'response.splits.split': 1 } },
      ),
    );
    return { result: 'written', previous: previousEntry(before) };
  } catch (err) {
    if (err instanceof MongoServerError && err.code === 11000) return { result: 'kept_newer' };
    throw err;
  }
}

/** Tries of a cache write refused by a write conflict before the run fails (a transient: the job is retried). */
const CONFLICT_TRIES = 8;

/**
 * Runs `write` again when the server refused it for a conflict with a concurrent write, which changes nothing:
 * MongoDB's WriteConflict (112), and DocumentDB's PostgreSQL "deadlock detected", which concurrent upserts of one
 * entry meet there (docs/mongodb-rules.md), under whichever code the gateway gives it (1, InternalError, or
 * 16908292, PostgreSQL's SQLSTATE 40P01 as DocumentDB encodes it). After a short random pause, a few times.
 */
async function retryConflicts<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const conflict = err instanceof MongoServerError && (err.code === 112 || /deadlock detected/i.test(err.message));
      if (!conflict || attempt >= CONFLICT_TRIES) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
    }
  }
}

function previousEntry(doc: Document | null): PreviousEntry {
  if (!doc) return { kind: 'none' };
  const splits = (doc.response as { splits?: unknown } | undefined)?.splits;
  if (doc.http_status !== 200 || !Array.isArray(splits)) return { kind: 'error' };
  return { kind: 'success', splits: splits.map((s: { config?: unknown; split?: unknown }) => ({ config: String(s.config), split: String(s.split) })) };
}

export function successEntry(response: SplitsResponse) {
  return { http_status: 200, error_code: null, response, details: null };
}

/**
 * Bounds on the error text of a cache entry: a message built from a dataset's own content (a YAML value,
 * a file name) can be any size, and a document over MongoDB's 16 MB limit could never be written. With
 * these, an error entry stays under 64 KB whatever the error.
 */
export const ERROR_TEXT_LIMITS = {
  /** `response.error`, `details.error`, `details.cause_message` */
  maxMessageChars: 4096,
  /** `details.cause_traceback`: lines kept, and characters per line */
  maxTracebackLines: 30,
  maxTracebackLineChars: 300,
  /** `details.cause_exception` */
  maxNameChars: 200,
} as const;

/**
 * The original's error shape: `response: { error }`, `details` with the cause, each text cut to
 * ERROR_TEXT_LIMITS. `secrets` (the token) are scrubbed from each text BEFORE it is cut: a cut that fell
 * inside a secret would leave its first characters, which no later scrub recognises.
 */
export function errorEntry(error: WorkerError, secrets: readonly string[] = []) {
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const L = ERROR_TEXT_LIMITS;
  const cut = (text: string, max: number) => cutText(scrubSecrets(text, secrets), max);
  const message = cut(error.message, L.maxMessageChars);
  const details: ErrorDetails = {
    error: message,
    cause_exception: cause ? cut(cause.name !== 'Error' ? cause.name : cause.constructor.name, L.maxNameChars) : null,
    cause_message: cause ? cut(cause.message, L.maxMessageChars) : null,
    cause_traceback: cause?.stack ? cutTraceback(scrubSecrets(cause.stack, secrets), L.maxTracebackLines, L.maxTracebackLineChars) : null,
  };
  return { http_status: error.httpStatus, error_code: error.errorCode, response: { error: message }, details };
}

/** `text` if it has at most `max` characters, else its start (cut at a space within the last 200 characters when there is one) and a mark. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const mark = ` … [${text.length - max} more characters cut]`;
  let at = max - mark.length;
  const space = text.lastIndexOf(' ', at);
  if (space > at - 200 && space > 0) at = space;
  return text.slice(0, Math.max(0, at)) + mark;
}

function cutTraceback(stack: string, maxLines: number, maxLineChars: number): string[] {
  const lines: string[] = [];
  let at = 0;
  while (lines.length < maxLines && at <= stack.length) {
    const nl = stack.indexOf('\n', at);
    const line = nl < 0 ? stack.slice(at) : stack.slice(at, nl);
    lines.push(cutText(line, maxLineChars));
    if (nl < 0) return lines;
    at = nl + 1;
  }
  if (at < stack.length) lines.push('… (traceback cut)');
  return lines;
}
