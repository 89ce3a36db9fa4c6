import type { WorkerMetrics } from '../metrics/registry.ts';
import type { Logger } from '../log/logger.ts';
import { DatasetWithTooManyFilesError, FileTooBigError, HubUnavailableError, SplitsNamesError } from '../errors/dataset-errors.ts';
import { abortableSleep, createHubFetch, type HubFetch, type HubHeaders } from './hub-fetch.ts';
import { classifyHubError, HubHttpError, HubNetworkError } from './hub-errors.ts';
import { BodyTooLargeError, readBodyBounded, readBodyPrefix, readBodyTextBounded } from './read-body.ts';
import { FileCache } from './file-cache.ts';
import { parquetFooterRowCount, PARQUET_FOOTER_LIMITS } from './parquet-footer.ts';

export { classifyHubError };

/** Bounds on what one job reads from the Hub; the defaults are far above what a real dataset needs. */
export interface HubLimits {
  /** HF_MAX_METADATA_FILE_BYTES: README.md, .huggingface.yaml, dataset_infos.json */
  maxMetadataFileBytes: number;
  /** PARQUET_MAX_FOOTER_BYTES: the metadata at the end of a parquet file */
  maxParquetFooterBytes: number;
  /** PARQUET_MAX_ROW_GROUPS: the row groups a parquet footer may declare (counted before it is parsed) */
  maxParquetRowGroups: number;
  /** HF_MAX_TREE_FILES */
  maxTreeFiles: number;
  /** HF_MAX_TREE_PAGES */
  maxTreePages: number;
  /** HF_MAX_REQUESTS_PER_JOB */
  maxRequests: number;
  /** one answer of the Hub's API (repo info, one tree page) */
  maxApiResponseBytes: number;
}

export const DEFAULT_HUB_LIMITS: Readonly<HubLimits> = {
  maxMetadataFileBytes: 10 * 1024 * 1024,
  maxParquetFooterBytes: 16 * 1024 * 1024,
  maxParquetRowGroups: PARQUET_FOOTER_LIMITS.maxRowGroups,
  maxTreeFiles: 500_000,
  maxTreePages: 10_000,
  maxRequests: 1_000_000,
  maxApiResponseBytes: 32 * 1024 * 1024,
};

export interface HubClientOptions {
  endpoint: string;
  /** HF_ALLOWED_REDIRECT_ORIGINS (default: DEFAULT_ALLOWED_REDIRECT_ORIGINS): where the Hub may send a request besides HF_ENDPOINT */
  allowedOrigins?: readonly string[];
  token: string | undefined;
  /** time-out for the headers of an answer, and for each pause between body chunks */
  timeoutMs: number;
  /** pause allowed between two body chunks (default: timeoutMs) */
  idleTimeoutMs?: number;
  maxRetries: number;
  retryBaseMs?: number;
  cacheDir: string;
  limits?: Partial<HubLimits>;
  metrics?: Pick<WorkerMetrics, 'hubRequests' | 'hubRequestDuration'>;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface RepoInfo {
  id: string;
  sha: string;
  gated: false | 'auto' | 'manual';
  private: boolean;
}

export interface RepoFile {
  path: string;
  size: number;
}

/** Bytes read from the Hub by footer reads and streams (the benchmarks report it). */
export interface ReadStats {
  bytes: number;
}

/**
 * Bytes fetched at the end of a parquet file first: the footer and its metadata fit in the common case
 * (a few KB per row group and column), so one Range request per file; a longer metadata takes one more.
 * A 64 KiB answer costs about what a 4 KiB one does on a kept-alive connection.
 */
export const PARQUET_TAIL_BYTES = 64 * 1024;
/** The smallest first read once footers of the dataset are known (a footer with its 8-byte trailer fits). */
const PARQUET_MIN_TAIL_BYTES = 4096;

/**
 * Every call the worker makes to the Hub, in one place, each through the one `hubFetch` (token only for
 * HF_ENDPOINT, time-outs, retries, request budget), each read bounded in bytes, each failure turned into a
 * typed error by `classifyHubError`. The byte-bounded primitives (`readText`, `readRange`, `openStream`)
 * are what the row counters build on.
 */
export class HubClient {
  readonly fetch: HubFetch;
  readonly stats: ReadStats = { bytes: 0 };
  readonly limits: HubLimits;
  private readonly cache: FileCache;
  /**
   * Largest footer (metadata and its 8-byte trailer) read by this client: the files of one dataset come from
   * the same writer, so the next first reads are sized to twice that, not 64 KiB (10,000 footers of 1 KB
   * would otherwise move 640 MB instead of 40 MB).
   */
  private largestFooter = 0;
  /** what is scrubbed from the Hub's words before they are cut (HubHttpError) */
  private readonly secrets: readonly string[];
  /**
   * sizes from the tree listings, by commit then path: a file read needs no size probe. Keyed by the listing's own
   * path strings (a key made by joining commit and path copied every path: 2 GB more for 500,000 paths of 4,000
   * characters).
   */
  private readonly sizes = new Map<string, Map<string, number>>();

  constructor(private readonly opts: HubClientOptions) {
    this.limits = { ...DEFAULT_HUB_LIMITS, ...opts.limits };
    this.secrets = opts.token ? [opts.token] : [];
    this.fetch = createHubFetch({
      endpoint: opts.endpoint,
      ...(opts.allowedOrigins ? { allowedOrigins: opts.allowedOrigins } : {}),
      token: opts.token,
      timeoutMs: opts.timeoutMs,
      ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
      maxRetries: opts.maxRetries,
      maxRequests: this.limits.maxRequests,
      ...(opts.retryBaseMs !== undefined ? { retryBaseMs: opts.retryBaseMs } : {}),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
    this.cache = new FileCache(opts.cacheDir);
  }

  /** The repo's current commit and access settings; a missing, private or disabled repo is DatasetNotFoundError. */
  async repoInfo(dataset: string): Promise<RepoInfo> {
    return this.call(dataset, async () => {
      const url = `${this.opts.endpoint}/api/datasets/${dataset}/revision/HEAD?expand=sha&expand=private&expand=gated`;
      const { json } = await this.getJson(url);
      const info = json as Record<string, unknown> | null;
      if (!info || typeof info !== 'object' || typeof info.sha !== 'string' || typeof info.id !== 'string') {
        throw new HubUnavailableError('The Hub answered the repo info without an id and a commit sha');
      }
      const gated = info.gated === 'auto' || info.gated === 'manual' ? info.gated : false;
      return { id: info.id, sha: info.sha, gated, private: info.private === true };
    });
  }

  /**
   * Every file of the repo at `sha` (recursive tree listing, following the Link pagination). Bounded: at
   * most `maxTreePages` pages and `maxTreeFiles` files (DatasetWithTooManyFilesError), and a page seen
   * twice is a Link loop (HubUnavailableError: the Hub is at fault, not the dataset).
   */
  async listFiles(dataset: string, sha: string): Promise<RepoFile[]> {
    return this.call(dataset, async () => {
      const files: RepoFile[] = [];
      const seen = new Set<string>();
      let url: string | undefined = `${this.opts.endpoint}/api/datasets/${dataset}/tree/${encodeURIComponent(sha)}?recursive=true&expand=false`;
      // a page that came from off the Hub's origin chose the next URL: it is fetched without the token
      let withoutToken = false;
      for (let page = 1; url; page++) {
        if (page > this.limits.maxTreePages) {
          throw new DatasetWithTooManyFilesError(`The file listing of the repository has more than ${this.limits.maxTreePages} pages (HF_MAX_TREE_PAGES)`);
        }
        const { json, headers, leftHub } = await this.getJson(url, withoutToken);
        withoutToken ||= leftHub;
        if (!Array.isArray(json)) throw new HubUnavailableError('The Hub answered a tree page that is not a list');
        for (const entry of json as unknown[]) {
          const file = treeFile(entry);
          if (!file) continue;
          files.push(file);
          if (files.length > this.limits.maxTreeFiles) {
            throw new DatasetWithTooManyFilesError(`The repository has more than ${this.limits.maxTreeFiles} files (HF_MAX_TREE_FILES)`);
          }
        }
        const next = nextLink(headers.get('link'));
        url = next !== undefined ? resolveLink(next, url) : undefined;
        if (url) {
          const key = new URL(url).searchParams.get('cursor') ?? url;
          if (seen.has(key)) throw new HubUnavailableError("The Hub's tree pagination came back to a page it had already given (a Link loop)");
          seen.add(key);
        }
      }
      const sizes = new Map<string, number>();
      for (const f of files) sizes.set(f.path, f.size);
      this.sizes.set(sha, sizes);
      return files;
    });
  }

  /**
   * A small text file (README.md, dataset_infos.json), from the disk cache when this commit was read
   * before; undefined when the Hub says it does not exist. One request; none for a file the tree listed
   * as empty. Over `maxBytes` (default `maxMetadataFileBytes`; known from the tree size, the Content-Length
   * or the bytes received): FileTooBigError, and the rest is never read.
   */
  async readText(dataset: string, sha: string, path: string, opts: { size?: number; maxBytes?: number } = {}): Promise<string | undefined> {
    const max = opts.maxBytes ?? this.limits.maxMetadataFileBytes;
    const size = opts.size ?? this.sizes.get(sha)?.get(path);
    if (size === 0) return '';
    const limitName = opts.maxBytes === undefined ? 'HF_MAX_METADATA_FILE_BYTES' : 'the bound of this read';
    if (size !== undefined && size > max) throw tooBig(path, size, max, limitName);
    const cached = await this.cache.read(dataset, sha, path);
    if (cached !== undefined) return cached;
    const text = await this.call(dataset, () =>
      this.retryingBody(async () => {
        const res = await this.fetch(this.fileUrl(dataset, sha, path));
        if (res.status === 404 && res.headers.get('x-error-code') === 'EntryNotFound') {
          await res.body?.cancel();
          return undefined;
        }
        if (!res.ok) throw await HubHttpError.from(res, this.secrets);
        try {
          const { text, bytes } = await readBodyTextBounded(res, max);
          this.stats.bytes += bytes;
          return text;
        } catch (err) {
          if (err instanceof BodyTooLargeError) throw tooBig(path, err.declared, max, limitName);
          throw err;
        }
      }),
    );
    if (text !== undefined) await this.cache.write(dataset, sha, path, text);
    return text;
  }

  /**
   * Bytes [start, end) of a file by one Range request. Never reads past `end - start` bytes: a 206 that
   * sends more is cut; a 200 (Range ignored) is read only when the range starts at 0, else it is refused
   * (HubUnavailableError) rather than downloaded whole. A 416 (range past the end) gives an empty array.
   * The caller bounds `end - start`.
   */
  async readRange(dataset: string, sha: string, path: string, start: number, end: number): Promise<Uint8Array> {
    return (await this.rangeAt(dataset, this.fileUrl(dataset, sha, path), path, start, end)).bytes;
  }

  /**
   * `readRange` at a given URL (the file's, or the CDN location a first read was redirected to), with the
   * URL the bytes finally came from, so that a second read of the same file skips the Hub's redirect.
   */
  private async rangeAt(
    dataset: string,
    url: string,
    path: string,
    start: number,
    end: number,
    withoutToken = false,
  ): Promise<{ bytes: Uint8Array; url: string; leftHub: boolean }> {
    if (end <= start) return { bytes: new Uint8Array(0), url, leftHub: withoutToken };
    return this.call(dataset, () =>
      this.retryingBody(async () => {
        const res = await this.fetch(url, { headers: { range: `bytes=${start}-${end - 1}` }, withoutToken });
        const finalUrl = res.url || url;
        if (res.status === 416) {
          await res.body?.cancel();
          return { bytes: new Uint8Array(0), url: finalUrl, leftHub: res.leftHub };
        }
        if (!res.ok) throw await HubHttpError.from(res, this.secrets);
        if (res.status === 200 && start > 0) {
          await res.body?.cancel();
          throw new HubUnavailableError(`The Hub ignored a Range request for ${path} (answered 200 with the whole file)`);
        }
        if (res.status === 206) {
          const m = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
          if (m && Number(m[1]) !== start) {
            await res.body?.cancel();
            throw new HubUnavailableError(`The Hub answered another range than asked for ${path}`);
          }
        }
        // not added to `stats`: the caller counts what it reads (count-rows/source.ts, parquetRowCount)
        return { bytes: await readBodyPrefix(res, end - start), url: finalUrl, leftHub: res.leftHub };
      }),
    );
  }

  /** Text this worker derived from a commit and kept in the disk cache (parquet row counts). */
  cachedText(dataset: string, sha: string, path: string): Promise<string | undefined> {
    return this.cache.read(dataset, sha, path);
  }

  cacheText(dataset: string, sha: string, path: string, text: string): Promise<void> {
    return this.cache.write(dataset, sha, path, text);
  }

  /** A HEAD on a data file: a gated repo answers 401/403 when the token gives no access (a redirect means access). */
  async checkFileAccess(dataset: string, sha: string, path: string): Promise<void> {
    await this.call(dataset, async () => {
      const res = await this.fetch(this.fileUrl(dataset, sha, path), { method: 'HEAD', redirect: 'manual' });
      await res.body?.cancel();
      if (!res.ok && !(res.status >= 300 && res.status < 400)) throw await HubHttpError.from(res, this.secrets);
    });
  }

  fileUrl(dataset: string, sha: string, path: string): string {
    return `${this.opts.endpoint}/datasets/${dataset}/resolve/${encodeURIComponent(sha)}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  /**
   * Number of rows of a parquet file, from its footer only: one Range read of the last 64 KiB (the whole
   * file when smaller; twice the largest footer seen so far once one is known, at least 4 KiB), which holds
   * the footer and its metadata in the common case; only a longer
   * metadata needs a second read of the rest, at the URL the first was redirected to (at most
   * PARQUET_MAX_FOOTER_BYTES: FileTooBigError above, before anything is allocated). A file that is not
   * parquet is a SplitsNamesError; a file shorter than the tree said is transient.
   */
  async parquetRowCount(dataset: string, sha: string, file: RepoFile): Promise<number> {
    const size = file.size;
    if (size < 12) throw new SplitsNamesError(`Cannot read the parquet footer of ${file.path}: the file has ${size} bytes, too few for parquet`);
    const want = this.largestFooter ? Math.min(PARQUET_TAIL_BYTES, Math.max(PARQUET_MIN_TAIL_BYTES, 2 * this.largestFooter)) : PARQUET_TAIL_BYTES;
    const tailLength = Math.min(size, want);
    const first = await this.rangeAt(dataset, this.fileUrl(dataset, sha, file.path), file.path, size - tailLength, size);
    const tail = first.bytes;
    this.stats.bytes += tail.byteLength;
    // 416: the Hub contradicts its own listing (the range is inside the size it listed); not the dataset's fault
    if (tail.byteLength === 0) throw new HubUnavailableError(`The Hub answered 416 to a range inside the ${size} bytes it lists for ${file.path}`);
    // fewer bytes than asked, but a complete body: the file is shorter than listed, and read as it is
    if (tail.byteLength < 8) throw new SplitsNamesError(`Cannot read the parquet footer of ${file.path}: the file has fewer bytes than the ${size} listed`);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    if (view.getUint32(tail.byteLength - 4, true) !== 0x31524150)
      throw new SplitsNamesError(`Cannot read the parquet footer of ${file.path}: parquet file invalid (footer != PAR1)`);
    const metadataLength = view.getUint32(tail.byteLength - 8, true);
    if (metadataLength + 8 > size)
      throw new SplitsNamesError(`Cannot read the parquet footer of ${file.path}: its metadata length ${metadataLength} exceeds the file size ${size}`);
    if (metadataLength > this.limits.maxParquetFooterBytes) {
      throw new FileTooBigError(
        `The parquet footer of ${file.path} declares ${metadataLength} bytes of metadata, more than the ${this.limits.maxParquetFooterBytes} read (PARQUET_MAX_FOOTER_BYTES)`,
      );
    }
    this.largestFooter = Math.max(this.largestFooter, metadataLength + 8);
    let footer = tail;
    if (metadataLength + 8 > tail.byteLength) {
      const missing = metadataLength + 8 - tail.byteLength;
      // the URL the first read ended at: the CDN's, or one a hop off the Hub's origin chose (then: no token)
      const head = (await this.rangeAt(dataset, first.url, file.path, size - tailLength - missing, size - tailLength, first.leftHub)).bytes;
      this.stats.bytes += head.byteLength;
      if (head.byteLength < missing)
        throw new SplitsNamesError(`Cannot read the parquet footer of ${file.path}: the file has fewer bytes than the ${size} listed`);
      footer = new Uint8Array(metadataLength + 8);
      footer.set(head, 0);
      footer.set(tail, missing);
    }
    // parsed off the event loop when long, its row groups bounded (PARQUET_MAX_ROW_GROUPS) before it is parsed
    return parquetFooterRowCount(footer.subarray(footer.byteLength - metadataLength - 8), file.path, {
      maxRowGroups: this.limits.maxParquetRowGroups,
    });
  }

  /**
   * Streams a file's bytes; the caller stops reading when it has enough. Errors while reading are already
   * typed (a cut or stalled body is HubUnavailableError). `maxBytes` (default: the size the tree listed)
   * bounds what is read: a body longer than that is FileTooBigError.
   */
  async openStream(dataset: string, sha: string, path: string, opts: { maxBytes?: number } = {}): Promise<ReadableStream<Uint8Array>> {
    const maxBytes = opts.maxBytes ?? this.sizes.get(sha)?.get(path) ?? Infinity;
    const body = await this.call(dataset, async () => {
      const res = await this.fetch(this.fileUrl(dataset, sha, path));
      if (!res.ok || !res.body) throw await HubHttpError.from(res, this.secrets);
      return res.body;
    });
    let received = 0;
    return new ReadableStream<Uint8Array>(
      {
        pull: async (out) => {
          try {
            const value = await body.read();
            if (value === undefined) return out.close();
            received += value.byteLength;
            if (received > maxBytes) {
              await body.cancel();
              return out.error(new FileTooBigError(`The Hub sent more than the ${maxBytes} bytes expected for ${path}`));
            }
            out.enqueue(value);
          } catch (err) {
            out.error(classifyHubError(dataset, err));
          }
        },
        cancel: () => body.cancel(),
      },
      { highWaterMark: 0 },
    );
  }

  /** A JSON answer of the Hub's API, at most `maxApiResponseBytes`. */
  private async getJson(url: string, withoutToken = false): Promise<{ json: unknown; headers: HubHeaders; leftHub: boolean }> {
    return this.retryingBody(async () => {
      const res = await this.fetch(url, { withoutToken });
      if (!res.ok) throw await HubHttpError.from(res, this.secrets);
      let bytes: Uint8Array;
      try {
        bytes = await readBodyBounded(res, this.limits.maxApiResponseBytes);
      } catch (err) {
        if (err instanceof BodyTooLargeError)
          throw new HubUnavailableError(`The Hub's answer is larger than ${this.limits.maxApiResponseBytes} bytes`, { cause: err });
        throw err;
      }
      try {
        return { json: JSON.parse(new TextDecoder().decode(bytes)) as unknown, headers: res.headers, leftHub: res.leftHub };
      } catch (err) {
        throw new HubUnavailableError('The Hub answered invalid JSON', { cause: err });
      }
    });
  }

  /**
   * Runs a request and the reading of its body again when the body breaks off (hubFetch itself retries
   * only up to the headers); a failure hubFetch already retried is not retried twice.
   */
  private async retryingBody<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof HubNetworkError) || err.exhausted || attempt >= this.opts.maxRetries || this.opts.signal?.aborted) throw err;
        const base = this.opts.retryBaseMs ?? 500;
        await abortableSleep(Math.min(base * 2 ** attempt, 30_000), this.opts.signal);
      }
    }
  }

  /** Maps every failure to the worker's typed errors (one classifier for the whole client). */
  private async call<T>(dataset: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyHubError(dataset, err);
    }
  }
}

function tooBig(path: string, size: number | undefined, max: number, limitName: string): FileTooBigError {
  const what = size !== undefined ? `${size} bytes` : `more than ${max} bytes`;
  return new FileTooBigError(`${path} has ${what}, more than the ${max} bytes the worker reads (${limitName})`);
}

/** A file entry of a tree page, or undefined for a folder; the size is the LFS object's for LFS files. */
function treeFile(entry: unknown): RepoFile | undefined {
  if (!entry || typeof entry !== 'object') throw new HubUnavailableError('The Hub answered a tree entry that is not an object');
  const e = entry as { type?: unknown; path?: unknown; size?: unknown; lfs?: { size?: unknown } | null };
  if (e.type !== 'file') return undefined;
  const size = e.lfs && typeof e.lfs === 'object' && e.lfs.size !== undefined ? e.lfs.size : e.size;
  if (typeof e.path !== 'string' || e.path.length > 4096 || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new HubUnavailableError('The Hub answered a tree entry without a valid path and size');
  }
  return { path: e.path, size };
}

function resolveLink(link: string, base: string): string {
  try {
    return new URL(link, base).href;
  } catch {
    throw new HubUnavailableError('The Hub answered a tree page whose Link rel="next" is not a URL');
  }
}

/** The `rel="next"` URL of a Link header. */
function nextLink(header: string | null): string | undefined {
  if (!header || header.length > 64 * 1024) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}
