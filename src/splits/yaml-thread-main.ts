/** Entry of the YAML parsing thread (see yaml-thread.ts): parses `workerData.text`, posts the data or the error message. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseYamlObject } from './readme-metadata.ts';
import { SplitsNamesError } from './errors.ts';

const { text, file } = workerData as { text: string; file: string };
try {
  parentPort!.postMessage({ ok: parseYamlObject(text, file) });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof SplitsNamesError ? err.message : `The YAML metadata of ${file} could not be parsed: ${String(err).slice(0, 500)}` });
}
