/** Entry of the parquet footer thread (see parquet-footer.ts): parses `workerData.bytes`, posts the counts or the error message. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFooter } from './parquet-footer.ts';

const { bytes } = workerData as { bytes: Uint8Array };
try {
  parentPort!.postMessage({ ok: parseFooter(bytes) });
} catch (err) {
  parentPort!.postMessage({ error: (err instanceof Error ? err.message : String(err)).slice(0, 500) });
}
