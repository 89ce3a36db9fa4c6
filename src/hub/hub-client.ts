import { datasetInfo, downloadFile, listFiles, HubApiError } from '@huggingface/hub';
import { asyncBufferFromUrl, parquetMetadataAsync } from 'hyparquet';
import type { WorkerMetrics } from '../metrics/registry.ts';
import type { Logger } from '../log/logger.ts';
import { DatasetNotFoundError, HubUnavailableError, SplitsNamesError } from '../splits/errors.ts';
import { createHubFetch, HubNetworkError } from './hub-fetch.ts';
import { FileCache } from './file-cache.ts';

export interface HubClientOptions {
  endpoint: string;
  token: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs?: number;
  cacheDir: string;
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
 * Every call the worker makes to the Hub, in one place: the official client (@huggingface/hub) for the
 * repo info, the tree and file downloads; hyparquet for parquet footers by Range requests; plain fetch
 * for streaming a file. All of them go through the retrying, timed, counted `hubFetch`.
 */
export class HubClient {
  readonly fetch: typeof fetch;
  readonly stats: ReadStats = { bytes: 0 };
  private readonly cache: FileCache;

  constructor(private readonly opts: HubClientOptions) {
    this.fetch = createHubFetch({
      timeoutMs: opts.timeoutMs,
      maxRetries: opts.maxRetries,
      ...(opts.retryBaseMs !== undefined ? { retryBaseMs: opts.retryBaseMs } : {}),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
    this.cache = new FileCache(opts.cacheDir);
  }

  private get credentials() {
    return { hubUrl: this.opts.endpoint, fetch: this.fetch, ...(this.opts.token ? { accessToken: this.opts.token } : {}) };
  }

  /** The repo's current commit and access settings; a missing, private or disabled repo is DatasetNotFoundError. */
  async repoInfo(dataset: string): Promise<RepoInfo> {
    const info = await this.call(dataset, () => datasetInfo({ name: dataset, additionalFields: ['sha'], ...this.credentials }));
    return { id: info.name, sha: info.sha, gated: info.gated, private: info.private };
  }

  /** Every file of the repo at `sha` (recursive tree listing, following the Link pagination). */
  async listFiles(dataset: string, sha: string): Promise<RepoFile[]> {
    return this.call(dataset, async () => {
      const files: RepoFile[] = [];
      for await (const entry of listFiles({ repo: { type: 'dataset', name: dataset }, revision: sha, recursive: true, ...this.credentials })) {
        if (entry.type === 'file') files.push({ path: entry.path, size: entry.lfs?.size ?? entry.size });
      }
      return files;
    });
  }

  /** A small text file (README.md, dataset_infos.json), from the disk cache when this commit was read before. */
  async readText(dataset: string, sha: string, path: string): Promise<string | undefined> {
    const cached = await this.cache.read(dataset, sha, path);
    if (cached !== undefined) return cached;
    const text = await this.call(dataset, async () => {
      const blob = await downloadFile({ repo: { type: 'dataset', name: dataset }, path, revision: sha, ...this.credentials });
      return blob ? blob.text() : undefined;
    });
    if (text !== undefined) {
      this.stats.bytes += Buffer.byteLength(text);
      await this.cache.write(dataset, sha, path, text);
    }
    return text;
  }

  /** Text this worker derived from a commit and kept in the disk cache (parquet row counts). */
  cachedText(dataset: string, sha: string, path: string): Promise<string | undefined> {
    return this.cache.read(dataset, sha, path);
  }

  cacheText(dataset: string, sha: string, path: string, text: string): Promise<void> {
    return this.cache.write(dataset, sha, path, text);
  }

  /** Asks for the first byte of a file: a gated repo answers 401/403 when the token gives no access. */
  async checkFileAccess(dataset: string, sha: string, path: string): Promise<void> {
    await this.call(dataset, async () => {
      const res = await this.fetch(this.fileUrl(dataset, sha, path), { headers: { ...this.authHeaders, range: 'bytes=0-0' } });
      if (!res.ok) throw await apiError(res);
      await res.body?.cancel().catch(() => {});
    });
  }

  fileUrl(dataset: string, sha: string, path: string): string {
    return `${this.opts.endpoint}/datasets/${dataset}/resolve/${encodeURIComponent(sha)}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  private get authHeaders(): Record<string, string> {
    return this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {};
  }

  /** Number of rows of a parquet file, from its footer only (two small Range requests at most). */
  async parquetRowCount(dataset: string, sha: string, file: RepoFile): Promise<number> {
    const url = this.fileUrl(dataset, sha, file.path);
    return this.call(dataset, async () => {
      const countingFetch: typeof fetch = async (input, init) => {
        const res = await this.fetch(input, init);
        if (res.status === 401 || res.status === 403 || res.status === 404) throw await apiError(res);
        const len = Number(res.headers.get('content-length') ?? 0);
        this.stats.bytes += len;
        return res;
      };
      const buffer = await asyncBufferFromUrl({ url, byteLength: file.size, fetch: countingFetch, requestInit: { headers: this.authHeaders } });
      try {
        const meta = await parquetMetadataAsync(buffer, { initialFetchSize: 4096 });
        return Number(meta.num_rows);
      } catch (err) {
        if (err instanceof HubApiError || err instanceof HubNetworkError) throw err;
        throw new SplitsNamesError(`Cannot read the parquet footer of ${file.path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    });
  }

  /** Streams a file's bytes; the caller stops reading when it has enough. */
  async openStream(dataset: string, sha: string, path: string): Promise<ReadableStream<Uint8Array>> {
    return this.call(dataset, async () => {
      const res = await this.fetch(this.fileUrl(dataset, sha, path), { headers: this.authHeaders });
      if (!res.ok || !res.body) throw await apiError(res);
      return res.body;
    });
  }

  /**
   * Bytes [start, endExclusive) of a file by one Range request. A server that ignores Range (200) is read
   * only up to the asked length, so a range never costs more than it asked for.
   */
  async readRange(dataset: string, sha: string, path: string, start: number, endExclusive: number): Promise<Uint8Array> {
    const want = endExclusive - start;
    if (want <= 0) return new Uint8Array(0);
    return this.call(dataset, async () => {
      const res = await this.fetch(this.fileUrl(dataset, sha, path), { headers: { ...this.authHeaders, range: `bytes=${start}-${endExclusive - 1}` } });
      if (!res.ok || !res.body) throw await apiError(res);
      const skip = res.status === 206 ? 0 : start;
      const out = new Uint8Array(want);
      let at = 0;
      let seen = 0;
      const reader = res.body.getReader();
      try {
        while (at < want) {
          const { done, value } = await reader.read();
          if (done) break;
          const from = Math.max(0, skip - seen);
          seen += value.byteLength;
          if (from >= value.byteLength) continue;
          const part = value.subarray(from, from + (want - at));
          out.set(part, at);
          at += part.byteLength;
        }
      } finally {
        await reader.cancel().catch(() => {});
      }
      return out.subarray(0, at);
    });
  }

  /** Maps the Hub's answers to the worker's typed errors. */
  private async call<T>(dataset: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyHubError(dataset, err);
    }
  }
}

async function apiError(res: Response): Promise<HubApiError> {
  const err = new HubApiError(res.url, res.status, res.headers.get('x-request-id') ?? undefined, res.headers.get('x-error-message') ?? `Api error with status ${res.status}`);
  await res.body?.cancel().catch(() => {});
  err.data = { errorCode: res.headers.get('x-error-code') };
  return err;
}

export function classifyHubError(dataset: string, err: unknown): Error {
  if (err instanceof DatasetNotFoundError || err instanceof HubUnavailableError || err instanceof SplitsNamesError) return err;
  if (err instanceof HubApiError) {
    if (err.statusCode === 401 || err.statusCode === 403 || err.statusCode === 404) {
      return new DatasetNotFoundError(`The dataset does not exist on the Hub, or is private or gated and the worker has no access to it: ${dataset}`, { cause: err });
    }
    if (err.statusCode === 429 || err.statusCode >= 500) {
      return new HubUnavailableError(`The Hub answered ${err.statusCode} after every retry`, { cause: err });
    }
    return new HubUnavailableError(`The Hub answered ${err.statusCode}`, { cause: err });
  }
  if (err instanceof HubNetworkError) return new HubUnavailableError(err.message, { cause: err });
  // a body cut mid-way (`terminated`), a time-out while reading, a reset connection
  if (err instanceof TypeError || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) {
    return new HubUnavailableError(`The connection to the Hub failed: ${err.message}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}
