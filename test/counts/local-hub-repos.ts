/** Repos served by a local Hub for one test file, and the counts the worker computes for them. */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { hubClient } from '../helpers/local-hub.ts';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import { tempDir, writeFiles } from './local-source.ts';

export class LocalHubRepos {
  readonly dir = tempDir();
  private hub: LocalHub | undefined;

  /** Writes a repo (at one commit) with these files; returns its folder. */
  repo(id: string, files: Record<string, string | Uint8Array>): string {
    const dir = path.join(this.dir, id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.hub-repo.json'), JSON.stringify({ sha: 'c0ffee'.padEnd(40, '0') }));
    writeFiles(dir, files);
    return dir;
  }

  async start(): Promise<void> {
    this.hub = new LocalHub(this.dir);
    await this.hub.listen();
  }

  async close(): Promise<void> {
    await this.hub?.close();
  }

  /** [split, num_examples] of each split of the dataset, as the worker computes them (10 MiB counting bound unless told). */
  async counts(dataset: string, countRowsMaxBytes = 10 << 20): Promise<[string, number | null][]> {
    const res = await computeSplits(hubClient(this.hub!), dataset, { countRowsMaxBytes });
    return res.splits.map((s) => [s.split, s.num_examples]);
  }
}
