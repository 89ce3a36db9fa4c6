import { runBoundedThread } from '../threads/bounded-thread.ts';
import { SplitsNamesError } from './errors.ts';

/**
 * Parses a large YAML text in a worker thread, so that the event loop (heartbeats, metrics, other jobs)
 * never waits on it: `yaml` takes one to several seconds per MB. The thread has its own heap limit and a time limit; a
 * text that exceeds either is the dataset's fault (SplitsNamesError). The thread runs
 * `yaml-thread-main`, which applies the same checks as an inline parse (nesting depth, aliases).
 */
export const YAML_THREAD_LIMITS = {
  /** heap of the parsing thread */
  maxOldGenerationSizeMb: 256,
  /** wall time of one parse */
  timeoutMs: 60_000,
} as const;

export function parseYamlInThread(
  text: string,
  file: string,
  limits: { timeoutMs?: number; maxOldGenerationSizeMb?: number } = {},
): Promise<Record<string, unknown>> {
  const timeoutMs = limits.timeoutMs ?? YAML_THREAD_LIMITS.timeoutMs;
  const heapMb = limits.maxOldGenerationSizeMb ?? YAML_THREAD_LIMITS.maxOldGenerationSizeMb;
  return runBoundedThread<Record<string, unknown>>({
    owner: import.meta.url,
    entry: 'yaml-thread-main',
    workerData: { text, file },
    maxOldGenerationSizeMb: heapMb,
    maxYoungGenerationSizeMb: 8,
    timeoutMs,
    errors: {
      timeout: () => new SplitsNamesError(`The YAML metadata of ${file} could not be parsed within ${timeoutMs / 1000} s`),
      outOfMemory: (cause) => new SplitsNamesError(`The YAML metadata of ${file} needs more than ${heapMb} MB to parse`, { cause }),
      reply: (message) => new SplitsNamesError(message),
      exit: (code) => new Error(`the YAML parsing thread exited with code ${code}`),
    },
  });
}
