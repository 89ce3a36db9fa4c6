import { InvalidJobDataError } from '../errors/worker-error.ts';

/** The data of a `splits` job, as other services enqueue it: `agenda.now('splits', { dataset })`. */
export interface SplitsJobData {
  dataset: string;
  /** recompute even when the cached answer is current (same revision, same JOB_RUNNER_VERSION) */
  force?: boolean;
}

export const SPLITS_JOB_NAME = 'splits';

// The Hub's rules for a repo id: optional namespace, name of [\w.-] up to 96 characters,
// no "--" or "..", not starting or ending with "-" or ".".
const PART = /^(?!.*(?:--|\.\.))[A-Za-z0-9_](?:[\w.-]{0,94}[A-Za-z0-9_])?$/;

export function isHubRepoId(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2 || value.length > 96 * 2 + 1) return false;
  return parts.every((p) => PART.test(p));
}

/** Validates a job's data; the message says what was wrong without echoing huge inputs. */
export function parseSplitsJobData(data: unknown): SplitsJobData {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidJobDataError(`job data must be an object { dataset: "<namespace>/<name>" }, got ${describe(data)}`);
  }
  const dataset = (data as Record<string, unknown>).dataset;
  if (typeof dataset !== 'string') {
    throw new InvalidJobDataError(`job data.dataset must be a string, got ${describe(dataset)}`);
  }
  if (!isHubRepoId(dataset)) {
    throw new InvalidJobDataError(`job data.dataset is not a Hub dataset id: ${JSON.stringify(truncate(dataset))}`);
  }
  const force = (data as Record<string, unknown>).force;
  // null is "not set": the queue's bounded read of a job (job-view.ts) may give a missing field as null
  if (force !== undefined && force !== null && typeof force !== 'boolean') {
    throw new InvalidJobDataError(`job data.force must be a boolean when set, got ${describe(force)}`);
  }
  return force === true ? { dataset, force } : { dataset };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `a string ${JSON.stringify(truncate(v))}` : typeof v;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}… (${s.length} characters)` : s;
}
