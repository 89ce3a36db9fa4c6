import path from 'node:path';
import { Worker, type Transferable } from 'node:worker_threads';

/**
 * A parse that may take seconds or hundreds of megabytes (a parquet footer, a large YAML front matter) runs in a
 * worker thread with its own heap limit and a wall-time limit, so that the event loop (leases, /metrics,
 * /healthz, other jobs) never waits on it and a hostile input costs at most those limits. The thread's entry
 * posts one reply, `{ ok }` or `{ error }` (see `replyFromThread`); every other end (a time-out, the heap limit,
 * an exit) is turned into the caller's typed error.
 */
export interface BoundedThreadOptions {
  /** `import.meta.url` of the module that owns the entry, which sits beside it */
  owner: string;
  /** the entry's file name without its extension (`yaml-thread-main`) */
  entry: string;
  workerData: unknown;
  transferList?: readonly Transferable[];
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  timeoutMs: number;
  /** the errors the caller raises for each way the thread can fail */
  errors: {
    timeout(): Error;
    outOfMemory(cause: Error): Error;
    reply(message: string): Error;
    exit(code: number): Error;
  };
}

export type ThreadReply<T> = { ok: T } | { error: string };

export function runBoundedThread<T>(opts: BoundedThreadOptions): Promise<T> {
  const { source, evaluate } = threadEntry(opts.owner, opts.entry);
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(source, {
      eval: evaluate,
      workerData: opts.workerData,
      ...(opts.transferList ? { transferList: [...opts.transferList] } : {}),
      resourceLimits: { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: opts.maxYoungGenerationSizeMb },
      // the thread's output is not the process's
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
    const timer = setTimeout(() => settle(() => reject(opts.errors.timeout())), opts.timeoutMs);
    worker.on('message', (reply: ThreadReply<T>) => settle(() => ('ok' in reply ? resolve(reply.ok) : reject(opts.errors.reply(reply.error)))));
    worker.on('error', (err: Error & { code?: string }) => settle(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? opts.errors.outOfMemory(err) : err)));
    worker.on('exit', (code) => settle(() => reject(opts.errors.exit(code))));
  });
}

/**
 * The thread's entry module, beside its owner and of its kind: `<entry>.js` in the build (dist/, what `npm
 * start` and the image run, where no tsx is installed), `<entry>.ts` when the owner itself runs as TypeScript
 * through tsx (`npm run start:dev`, tests in process). Only then does the thread load tsx, which a worker thread
 * does not inherit from its process's `--import`.
 */
function threadEntry(owner: string, entry: string): { source: string | URL; evaluate: boolean } {
  const url = new URL(`./${entry}${path.extname(new URL(owner).pathname)}`, owner);
  if (!url.pathname.endsWith('.ts')) return { source: url, evaluate: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  return { source: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`, evaluate: true };
}
