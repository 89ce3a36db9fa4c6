/**
 * Requests the Hub gets to compute a few small fixture datasets from a cold disk cache, per endpoint:
 * `node --import tsx test/hostile/request-counts.ts [<checkout root>]` (default: this checkout), so that
 * two versions of src/ can be compared against the same local Hub.
 */
import { startLocalHub, TOKEN_WITH_ACCESS } from '../helpers/local-hub.ts';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../..'));
const { computeSplits } = (await import(path.join(root, 'src/splits/compute-splits.ts'))) as typeof import('../../src/splits/compute-splits.ts');
const { HubClient } = (await import(path.join(root, 'src/hub/hub-client.ts'))) as typeof import('../../src/hub/hub-client.ts');
const hub = await startLocalHub();
for (const dataset of ['acme/single-jsonl', 'acme/split-in-filenames', 'acme/dataset-info-sizes', 'acme/sharded-parquet', 'acme/gated']) {
  hub.resetStats();
  const client = new HubClient({ endpoint: hub.url, token: TOKEN_WITH_ACCESS, timeoutMs: 5000, maxRetries: 0, cacheDir: mkdtempSync(path.join(os.tmpdir(), 'splits-counts-')) });
  await computeSplits(client, dataset, { countRowsMaxBytes: 1 << 20 });
  console.log(`${dataset}: ${hub.stats.requests} requests ${JSON.stringify(hub.stats.byEndpoint)}`);
}
await hub.close();
