import path from 'node:path';
import { Worker } from 'node:worker_threads';
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

/**
 * The thread's entry module, beside this one and of its kind: `yaml-thread-main.js` in the build (dist/, what
 * `npm start` and the image run, where no tsx is installed), `yaml-thread-main.ts` when this module itself runs as
 * TypeScript through tsx (`npm run start:dev`, tests in process). Only then does the thread load tsx, which a
 * worker thread does not inherit from its process's `--import`.
 */
function threadEntry(): { source: string | URL; evaluate: boolean } {
  const entry = new URL(`./yaml-thread-main${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return { source: entry, evaluate: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  return {
    source: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`,
    evaluate: true,
  };
}

type Reply = { ok: Record<string, unknown> } | { error: string };

export function parseYamlInThread(
  text: string,
  file: string,
  limits: { timeoutMs?: number; maxOldGenerationSizeMb?: number } = {},
): Promise<Record<string, unknown>> {
  const { source, evaluate } = threadEntry();
  const timeoutMs = limits.timeoutMs ?? YAML_THREAD_LIMITS.timeoutMs;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, {
      eval: evaluate,
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
    const timer = setTimeout(
      () => settle(() => reject(new SplitsNamesError(`The YAML metadata of ${file} could not be parsed within ${timeoutMs / 1000} s`))),
      timeoutMs,
    );
    worker.on('message', (reply: Reply) => settle(() => ('ok' in reply ? resolve(reply.ok) : reject(new SplitsNamesError(reply.error)))));
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new SplitsNamesError(
                `The YAML metadata of ${file} needs more than ${limits.maxOldGenerationSizeMb ?? YAML_THREAD_LIMITS.maxOldGenerationSizeMb} MB to parse`,
                { cause: err },
              )
            : err,
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new Error(`the YAML parsing thread exited with code ${code}`))));
  });
}
