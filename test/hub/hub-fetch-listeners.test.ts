/**
 * Many requests of one job at once (a row count reads 16 files at a time) put no listener on the job's
 * long-lived signal: each request listens to a signal of its own, which the job's signal aborts. One listener
 * per request in flight on the job's signal made Node warn `MaxListenersExceededWarning … abort listeners`
 * past 10 requests on a cold compute of a dataset of many files.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHubFetch } from '../../src/hub/hub-fetch.ts';

const IN_FLIGHT = 30;

let server: http.Server;
let url: string;
/** the requests the server holds until told to answer */
let held: http.ServerResponse[] = [];
let onRequest: () => void = () => {};
before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    held.push(res);
    onRequest();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe("the Hub fetch and the job's signal", () => {
  it(`keeps no listener on the job's signal with ${IN_FLIGHT} requests in flight, waiting for heads then bodies, and prints no warning`, async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const job = new AbortController();
      const hubFetch = createHubFetch({ endpoint: url, timeoutMs: 10_000, maxRetries: 0, signal: job.signal });
      const samples: number[] = [];
      const allHeld = new Promise<void>((resolve) => {
        onRequest = () => {
          samples.push(abortListeners(job.signal));
          if (held.length === IN_FLIGHT) resolve();
        };
      });
      const bodies = Array.from({ length: IN_FLIGHT }, async (_, i) => {
        const res = await hubFetch(`${url}/file-${i}`);
        let text = '';
        for (let chunk = await res.body!.read(); chunk; chunk = await res.body!.read()) text += Buffer.from(chunk).toString();
        return text;
      });
      await allHeld;
      samples.push(abortListeners(job.signal));
      // the heads, then half of each body: every read now waits for the rest
      const answering = held;
      held = [];
      for (const res of answering) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('half ');
      }
      await new Promise((r) => setTimeout(r, 200));
      samples.push(abortListeners(job.signal));
      for (const res of answering) res.end('and the rest');
      assert.deepEqual(
        await Promise.all(bodies),
        Array.from({ length: IN_FLIGHT }, () => 'half and the rest'),
      );
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(
        samples.filter((n) => n > 0),
        [],
        `abort listeners on the job's signal while requests were in flight (peak ${Math.max(...samples)})`,
      );
      assert.equal(abortListeners(job.signal), 0, 'none left once the requests are done');
      assert.deepEqual(
        warnings.map((w) => `${w.name}: ${w.message}`),
        [],
      );

      // the job's signal still ends every request in flight
      const waiting = Array.from({ length: 5 }, (_, i) => hubFetch(`${url}/stuck-${i}`));
      while (held.length < 5) await new Promise((r) => setTimeout(r, 10));
      job.abort(new Error('the lease is lost'));
      for (const r of await Promise.allSettled(waiting)) assert.equal(r.status === 'rejected' && (r.reason as Error).message, 'the lease is lost');
    } finally {
      process.off('warning', onWarning);
      onRequest = () => {};
    }
  });
});
