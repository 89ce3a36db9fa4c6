/** Exponential backoff with full jitter: attempt n waits a random time in [0.5, 1] × base × 2^(n-1), capped at 10 min. */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 10 * 60_000);
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
