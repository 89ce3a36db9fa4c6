import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Dataset repositories laid out as folders: `<root>/<namespace>/<name>/...` (or `<root>/<name>/...` for a
 * canonical dataset). A repo's settings live in `.hub-repo.json` beside its files (never served):
 * `{ "sha": "<40 hex>", "private": false, "gated": false | "auto" | "manual", "disabled": false }`.
 * Tokens are in `<root>/.hub-tokens.json`: `{ "hf_…": { "user": "alice", "access": ["org/private-ds"] } }`.
 * Renamed repos are in `<root>/.hub-redirects.json`: `{ "old/name": "new/name" }`.
 * The `refs/convert/parquet` branch, if any, is the folder `.hub-refs/convert/parquet/` of the repo.
 */
export interface RepoSettings {
  sha: string;
  private: boolean;
  gated: false | 'auto' | 'manual';
  disabled: boolean;
}

export interface RepoEntry {
  path: string;
  size: number;
  absolute: string;
  lfs: boolean;
}

/** One revision of a repo: its commit and its files. */
export interface RepoRevision {
  sha: string;
  files: RepoEntry[];
}

export interface Repo {
  id: string;
  dir: string;
  settings: RepoSettings;
  /** the files of `main` */
  files: RepoEntry[];
  /** `main`, and `refs/convert/parquet` when the folder has one */
  revisions: Map<string, RepoRevision>;
}

/** Where a repo folder keeps the files of its `refs/convert/parquet` branch (`{config}/{split}/NNNN.parquet`). */
export const PARQUET_BRANCH_DIR = '.hub-refs/convert/parquet';
export const PARQUET_BRANCH = 'refs/convert/parquet';

/** Files stored with Git LFS on the real Hub: binary data formats, and anything over 10 MB. */
const LFS_EXTENSIONS = /\.(parquet|arrow|tar|zip|gz|bz2|xz|zst|png|jpe?g|gif|webp|wav|mp3|flac|mp4|pdf|npy|h5|bin)$/i;
const LFS_MIN_SIZE = 10 * 1024 * 1024;
export const SETTINGS_FILE = '.hub-repo.json';

export class RepoStore {
  private readonly repos = new Map<string, Repo>();
  private readonly hashes = new Map<string, { key: string; sha1: string; sha256: string }>();
  private readonly entryHashes = new WeakMap<RepoEntry, { sha1: string; sha256: string }>();
  readonly tokens: Record<string, { user: string; access: string[] }>;
  readonly redirects: Record<string, string>;

  constructor(readonly root: string) {
    this.tokens = readJson(path.join(root, '.hub-tokens.json')) ?? {};
    this.redirects = readJson(path.join(root, '.hub-redirects.json')) ?? {};
  }

  /** The repo, read from disk on first use (a test may add repos while the server runs). */
  get(id: string): Repo | undefined {
    const cached = this.repos.get(id);
    if (cached) return cached;
    if (!/^[\w.-]+(\/[\w.-]+)?$/.test(id) || id.split('/').some((p) => p === '..' || p === '.')) return undefined;
    const dir = path.join(this.root, id);
    if (!existsSync(dir) || !statSync(dir).isDirectory() || (!id.includes('/') && !existsSync(path.join(dir, SETTINGS_FILE)))) return undefined;
    const files = listFiles(dir).filter((f) => !f.path.startsWith('.hub-refs/'));
    const stored = readJson<Partial<RepoSettings>>(path.join(dir, SETTINGS_FILE)) ?? {};
    const settings: RepoSettings = {
      sha:
        stored.sha ??
        createHash('sha1')
          .update(files.map((f) => `${f.path}:${f.size}`).join('\n'))
          .digest('hex'),
      private: stored.private ?? false,
      gated: stored.gated ?? false,
      disabled: stored.disabled ?? false,
    };
    const revisions = new Map<string, RepoRevision>([['main', { sha: settings.sha, files }]]);
    const branchDir = path.join(dir, PARQUET_BRANCH_DIR);
    if (existsSync(branchDir)) {
      revisions.set(PARQUET_BRANCH, { sha: createHash('sha1').update(`${settings.sha}:${PARQUET_BRANCH}`).digest('hex'), files: listFiles(branchDir) });
    }
    const repo = { id, dir, settings, files, revisions };
    this.repos.set(id, repo);
    return repo;
  }

  /** Forget what was read of one repo, so its folder is read again (the webhook sender, on a change). */
  forget(id: string): void {
    this.repos.delete(id);
  }

  /** Forget what was read, so changed folders are read again. */
  reset(): void {
    this.repos.clear();
  }

  /** git blob sha1 (the `oid` of a regular file) and sha256 (the LFS oid), computed once per file version (hard links share it), and kept with the entry until the repo is read again. */
  async hashes_(entry: RepoEntry): Promise<{ sha1: string; sha256: string }> {
    // an entry is read once per repo read (as its size is): its hashes need no stat per request
    const same = this.entryHashes.get(entry);
    if (same) return same;
    const st = statSync(entry.absolute);
    const key = `${st.size}:${st.mtimeMs}`;
    const inode = `${st.dev}:${st.ino}`;
    const known = this.hashes.get(inode);
    if (known && known.key === key) {
      this.entryHashes.set(entry, known);
      return known;
    }
    const sha1 = createHash('sha1').update(`blob ${st.size}\0`);
    const sha256 = createHash('sha256');
    for await (const chunk of createReadStream(entry.absolute)) {
      sha1.update(chunk as Buffer);
      sha256.update(chunk as Buffer);
    }
    const value = { key, sha1: sha1.digest('hex'), sha256: sha256.digest('hex') };
    this.hashes.set(inode, value);
    this.entryHashes.set(entry, value);
    return value;
  }
}

function listFiles(dir: string): RepoEntry[] {
  const out: RepoEntry[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === SETTINGS_FILE || e.name === '.git') continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const absolute = path.join(dir, p);
        const size = statSync(absolute).size;
        out.push({ path: p, size, absolute, lfs: LFS_EXTENSIONS.test(p) || size >= LFS_MIN_SIZE });
      }
    }
  };
  walk('');
  return out;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
