import type { HubClient, RepoFile } from '../../hub/hub-client.ts';
import { CountLimitError } from './errors.ts';

/**
 * What a counter may do with one file: stream it from the start, or read a byte range. Kept this small so
 * that any Hub client (the bounded one of issue 9 included) or a local file can stand behind it.
 */
export interface FileSource {
  readonly path: string;
  readonly size: number;
  openStream(): Promise<AsyncIterable<Uint8Array>>;
  /** bytes [start, endExclusive) of the file; fewer only at the end of the file */
  readRange(start: number, endExclusive: number): Promise<Uint8Array>;
}

/**
 * The bytes one split may cost: `readBytes` counts what comes from the Hub (COUNT_ROWS_MAX_BYTES), and
 * `inflatedBytes` what decompression produces (a multiple of it), so that a decompression bomb stops early.
 * Over a bound: CountLimitError, before anything of the claimed size is allocated.
 */
export class ReadBudget {
  readBytes = 0;
  inflatedBytes = 0;
  constructor(
    readonly maxReadBytes: number,
    readonly maxInflatedBytes: number,
  ) {}

  /** asks before a read of `n` bytes whose size is known in advance */
  reserve(n: number): void {
    if (this.readBytes + n > this.maxReadBytes) {
      throw new CountLimitError(`Counting would read more than ${this.maxReadBytes} bytes from the Hub`);
    }
  }

  read(n: number): void {
    this.readBytes += n;
    if (this.readBytes > this.maxReadBytes) throw new CountLimitError(`Counting read more than ${this.maxReadBytes} bytes from the Hub`);
  }

  inflated(n: number): void {
    this.inflatedBytes += n;
    if (this.inflatedBytes > this.maxInflatedBytes) {
      throw new CountLimitError(`Decompressed data exceeds ${this.maxInflatedBytes} bytes (COUNT_ROWS_MAX_BYTES × ${INFLATE_RATIO})`);
    }
  }
}

/** Decompressed bytes allowed per split, as a multiple of COUNT_ROWS_MAX_BYTES (text rarely compresses more than 10:1). */
export const INFLATE_RATIO = 16;

/** A source whose reads are charged to `budget` (a stream is cut as soon as it goes over). */
export function budgeted(source: FileSource, budget: ReadBudget): FileSource {
  return {
    path: source.path,
    size: source.size,
    async openStream() {
      const inner = await source.openStream();
      return (async function* () {
        for await (const chunk of inner) {
          budget.read(chunk.byteLength);
          yield chunk;
        }
      })();
    },
    async readRange(start, endExclusive) {
      const end = Math.min(endExclusive, source.size);
      budget.reserve(Math.max(0, end - start));
      const bytes = await source.readRange(start, end);
      budget.read(bytes.byteLength);
      return bytes;
    },
  };
}

/** A repo file read through the worker's Hub client (bytes are added to `hub.stats` by the client). */
export function hubFileSource(hub: HubClient, dataset: string, sha: string, file: RepoFile): FileSource {
  return {
    path: file.path,
    size: file.size,
    async openStream() {
      const stream = await hub.openStream(dataset, sha, file.path);
      return (async function* () {
        for await (const chunk of stream) {
          hub.stats.bytes += chunk.byteLength;
          yield chunk;
        }
      })();
    },
    async readRange(start, endExclusive) {
      if (endExclusive <= start) return new Uint8Array(0);
      const bytes = await hub.readRange(dataset, sha, file.path, start, Math.min(endExclusive, file.size));
      hub.stats.bytes += bytes.byteLength;
      return bytes;
    },
  };
}

const MIN_WINDOW = 2048;
const MAX_WINDOW = 1 << 20;

/**
 * Reads a file front to back by Range requests, each a window that grows while the reads it serves are close
 * together (one request covers many small tar headers or Arrow messages) and shrinks when they jump far (a
 * request over a big body costs a few KiB, not the body). At most `maxRequests` requests.
 */
export class AdaptiveReader {
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  private window = MIN_WINDOW;
  requests = 0;
  constructor(
    private readonly source: FileSource,
    private readonly maxRequests: number,
  ) {}

  /** `n` bytes at `offset`, fewer at the end of the file */
  async read(offset: number, n: number): Promise<Uint8Array> {
    const end = Math.min(offset + n, this.source.size);
    if (offset >= this.bufStart && end <= this.bufStart + this.buf.length) {
      return this.buf.subarray(offset - this.bufStart, end - this.bufStart);
    }
    const jump = offset - (this.bufStart + this.buf.length);
    this.window = jump > this.window ? Math.max(MIN_WINDOW, this.window / 2) : Math.min(MAX_WINDOW, this.window * 2);
    if (++this.requests > this.maxRequests) {
      throw new CountLimitError(`Counting the rows of ${this.source.path} needs more than ${this.maxRequests} Range requests`);
    }
    this.buf = await this.source.readRange(offset, Math.min(this.source.size, offset + Math.max(n, this.window)));
    this.bufStart = offset;
    return this.buf.subarray(0, Math.min(n, this.buf.length));
  }
}

/** Forward-only reads served from one stream of the whole file (bytes before the asked offset are dropped). */
export class StreamReader {
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  private iterator: AsyncIterator<Uint8Array> | undefined;
  constructor(private readonly source: FileSource) {}

  async read(offset: number, n: number): Promise<Uint8Array> {
    if (offset < this.bufStart) throw new Error('StreamReader reads forward only');
    this.iterator ??= (await this.source.openStream())[Symbol.asyncIterator]();
    // drop what is behind, then pull until [offset, offset + n) is in
    const drop = Math.min(offset - this.bufStart, this.buf.length);
    this.buf = this.buf.subarray(drop);
    this.bufStart += drop;
    while (this.bufStart + this.buf.length < offset + n) {
      const next = await this.iterator.next();
      if (next.done) break;
      const value = next.value;
      const skip = Math.max(0, offset - (this.bufStart + this.buf.length));
      this.buf = skip >= value.byteLength ? this.buf : Buffer.concat([this.buf, value.subarray(skip)]);
      this.bufStart += skip >= value.byteLength ? value.byteLength : skip;
    }
    const start = offset - this.bufStart;
    return this.buf.subarray(start, Math.min(start + n, this.buf.length));
  }

  async close(): Promise<void> {
    await this.iterator?.return?.();
  }
}
