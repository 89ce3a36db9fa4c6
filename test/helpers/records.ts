import { existsSync, readFileSync } from 'node:fs';

export interface RecordLine {
  event: 'start' | 'end';
  aborted?: boolean;
  dataset: string;
  jobId: string;
  pid: number;
  t: number;
  /** on an end, with a revision-aware computation (TEST_COMPUTE revisionsFile): the sha it read */
  read?: string;
  /** on an end: the revision of the cached answer the job told the computation, when it had one */
  cached?: string;
  /** on an end: the computation stopped at the revision read, the cached answer standing (the job ends skipped) */
  skipped?: boolean;
}

export function readRecords(file: string): RecordLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RecordLine);
}

/** The largest number of computations of one dataset that were running at the same time. */
export function maxOverlapPerDataset(records: RecordLine[]): Map<string, number> {
  const byDataset = new Map<string, RecordLine[]>();
  for (const r of records) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  return new Map([...byDataset].map(([dataset, list]) => [dataset, maxOverlap(list)]));
}

/** The largest number of computations that were running at the same time. */
export function maxOverlap(records: RecordLine[]): number {
  // at equal times, count the end before the start: back-to-back runs do not overlap
  const events = records.map((r) => ({ t: r.t, d: r.event === 'start' ? 1 : -1 })).sort((a, b) => a.t - b.t || a.d - b.d);
  let cur = 0;
  let max = 0;
  for (const e of events) {
    cur += e.d;
    max = Math.max(max, cur);
  }
  return max;
}
