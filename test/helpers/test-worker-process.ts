/**
 * A worker process for the tests: the real lifecycle (runWorkerProcess), with a computation whose behaviour
 * the test sets in TEST_COMPUTE (JSON): sleep, fail with a typed error, crash, and record every start and end
 * as a JSON line in `record` so that a test can rebuild what ran when.
 */
import { appendFileSync } from 'node:fs';
import { runWorkerProcess } from '../../src/worker/run-worker-process.ts';
import { HubUnavailableError, DatasetNotFoundError } from '../../src/splits/errors.ts';

interface Behaviour {
  sleepMs?: number;
  record?: string;
  /** datasets whose computation throws this kind of error */
  fail?: Record<string, 'not_found' | 'transient' | 'bug'>;
}

const behaviour = JSON.parse(process.env.TEST_COMPUTE ?? '{}') as Behaviour;

await runWorkerProcess(() => async (dataset, { signal, jobId }) => {
  const record = (event: string) => {
    if (behaviour.record) appendFileSync(behaviour.record, `${JSON.stringify({ event, dataset, jobId, pid: process.pid, t: Date.now() })}\n`);
  };
  record('start');
  try {
    if (behaviour.sleepMs) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        };
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, behaviour.sleepMs);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    const failure = behaviour.fail?.[dataset];
    if (failure === 'not_found') throw new DatasetNotFoundError(`The dataset does not exist on the Hub: ${dataset}`);
    if (failure === 'transient') throw new HubUnavailableError('The Hub answered 503 after every retry');
    if (failure === 'bug') throw new TypeError('cannot read properties of undefined');
    return { splits: [{ dataset, config: 'default', split: 'train', num_bytes: null, num_examples: 1 }] };
  } finally {
    record('end');
  }
});
