/**
 * The worker's answer version, stored with every `splitsResponse` entry as `job_runner_version` (the name the
 * Hub's dataset-viewer gives it). Bump it with every change that alters answers (a rule of `datasets`
 * followed differently, a new field, a size computed otherwise): entries of an older version are then
 * recomputed by the next job of their dataset, even at an unchanged revision (docs/cache-document.md).
 */
export const JOB_RUNNER_VERSION = 1;

/** What the computation is told about the answer in the cache, and tells back about the revision it reads. */
export interface RevisionCheck {
  /** the revision of the cached final answer of this version: the computation stops when the dataset is still at it */
  current?: string;
  /** called with the commit sha the computation reads, as soon as it is known (from the repo info) */
  read(sha: string): void;
}

/**
 * Thrown by the computation, right after the repo info, when the dataset is still at `RevisionCheck.current`:
 * the answer in the cache stands and nothing else is read. Not a failure (not a WorkerError): the job ends
 * as `skipped`.
 */
export class RevisionUnchanged extends Error {
  readonly revision: string;
  constructor(revision: string) {
    super(`The dataset is still at revision ${revision}: the cached answer stands.`);
    this.name = 'RevisionUnchanged';
    this.revision = revision;
  }
}
