/** One row of the /splits answer. Sizes are exact or null, never guessed. */
export interface SplitItem {
  dataset: string;
  config: string;
  split: string;
  num_bytes: number | null;
  num_examples: number | null;
}

export interface SplitsResponse {
  splits: SplitItem[];
}

/** What the job is given to compute a dataset's answer; tests pass functions that sleep, fail or crash. */
export type ComputeSplits = (dataset: string, ctx: { signal: AbortSignal; jobId?: string }) => Promise<SplitsResponse>;
