import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files read from the Hub, on disk under HF_DATASETS_CACHE, keyed by dataset and commit sha: a dataset
 * whose commit has not changed is not downloaded again. Layout: `<dir>/datasets--<ns>--<name>/<sha>/<path>`.
 */
export class FileCache {
  constructor(private readonly dir: string) {}

  private location(dataset: string, sha: string, file: string): string | undefined {
    if (!/^[0-9a-zA-Z._-]+$/.test(sha)) return undefined;
    const parts = file.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
    return path.join(this.dir, `datasets--${dataset.replace('/', '--')}`, sha, ...parts);
  }

  async read(dataset: string, sha: string, file: string): Promise<string | undefined> {
    const where = this.location(dataset, sha, file);
    if (!where) return undefined;
    try {
      return await readFile(where, 'utf8');
    } catch {
      return undefined;
    }
  }

  async write(dataset: string, sha: string, file: string, text: string): Promise<void> {
    const where = this.location(dataset, sha, file);
    if (!where) return;
    try {
      await mkdir(path.dirname(where), { recursive: true });
      const tmp = `${where}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, where);
    } catch {
      // a cache that cannot be written only costs a download next time
    }
  }
}
