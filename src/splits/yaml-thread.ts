import { Worker } from 'node:worker_threads';
import { SplitsNamesError } from './errors.ts';

/**
 * Parses a large YAML text in a worker thread, so that the event loop (heartbeats, metrics, other jobs)
 * never waits on it: `yaml` takes one to several seconds per MB. The thread has its own heap limit and a time limit; a
 * text that exceeds either is the dataset's fault (SplitsNamesError). The thread runs
 * `yaml-thread-main.ts`, which applies the same checks as an inline parse (nesting depth, aliases).
 */
export const YAML_THREAD_LIMITS = {
  /** heap of the parsing thread */
  maxOldGenerationSizeMb: 256,
  /** wall time of one parse */
  timeoutMs: 60_000,
} as const;

type Reply = { ok: Record<string, unknown> } | { error: string };

export function parseYamlInThread(text: string, file: string, limits: { timeoutMs?: number; maxOldGenerationSizeMb?: number } = {}): Promise<Record<string, unknown>> {
  const entry = new URL('./yaml-thread-main.ts', import.meta.url).href;
  // the thread loads TypeScript through tsx, as the process does (workers do not inherit `--import`)
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const timeoutMs = limits.timeoutMs ?? YAML_THREAD_LIMITS.timeoutMs;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { text, file },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb ?? YAML_THREAD_LIMITS.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(new SplitsNamesError(`The YAML metadata of ${file} could not be parsed within ${timeoutMs / 1000} s`))), timeoutMs);
    worker.on('message', (reply: Reply) => settle(() => ('ok' in reply ? resolve(reply.ok) : reject(new SplitsNamesError(reply.error)))));
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new SplitsNamesError(`The YAML metadata of ${file} needs more than ${limits.maxOldGenerationSizeMb ?? YAML_THREAD_LIMITS.maxOldGenerationSizeMb} MB to parse`, { cause: err })
            : err,
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new Error(`the YAML parsing thread exited with code ${code}`))));
  });
}
