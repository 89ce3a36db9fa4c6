import assert from 'node:assert/strict';
import { WorkerError } from '../../src/errors/worker-error.ts';

/**
 * The two outcomes a hostile case may have. Transient: a WorkerError with `transient: true`, which the
 * job turns into a retry and never writes to the cache (jobs/splits.ts). Cached: a named, non-transient
 * WorkerError, written to the cache as the dataset's answer.
 */
export async function expectTransient(p: Promise<unknown>, message?: RegExp): Promise<WorkerError> {
  const err = await p.then(
    () => assert.fail('expected a transient error, got an answer'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkerError, `expected a WorkerError, got ${String(err)}`);
  assert.equal(err.transient, true, `expected transient, got ${err.errorCode}: ${err.message}`);
  assert.equal(err.errorCode, 'HubUnavailableError');
  if (message) assert.match(err.message, message);
  return err;
}

export async function expectCached(p: Promise<unknown>, errorCode: string, message?: RegExp): Promise<WorkerError> {
  const err = await p.then(
    () => assert.fail(`expected ${errorCode}, got an answer`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkerError, `expected a WorkerError, got ${String(err)}`);
  assert.equal(err.errorCode, errorCode, `expected ${errorCode}, got ${err.errorCode}: ${err.message}`);
  assert.equal(err.transient, false);
  if (message) assert.match(err.message, message);
  return err;
}
