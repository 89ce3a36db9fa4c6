import type { SplitsResponse } from '../cache/splits-response.ts';
import type { RevisionCheck } from './revision.ts';

// The answer's shape is the cache's (src/cache/splits-response.ts), which stores it.
export type { SplitItem, SplitsResponse } from '../cache/splits-response.ts';

/** What the job is given to compute a dataset's answer; tests pass functions that sleep, fail or crash. */
export type ComputeSplits = ComputeSplitsFn & {
  /** the computation reads a Hub revision and honours `revision` (the Hub's does): only then is the cached revision read first */
  revisionAware?: boolean;
};

type ComputeSplitsFn = (
  dataset: string,
  ctx: {
    signal: AbortSignal;
    jobId?: string;
    /** the revision check (src/splits/revision.ts); a computation that reads no Hub revision ignores it */
    revision?: RevisionCheck;
    /**
     * called with an answer whose counts are still to come (null), and its progress (< 1), when the exact counts
     * need many reads: the two-phase answer (docs/cache-document.md); a throw stops the computation
     */
    partial?: (answer: SplitsResponse, progress: number) => Promise<void>;
  },
) => Promise<SplitsResponse>;
