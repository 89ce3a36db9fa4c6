import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import unbzip2 from 'unbzip2-stream';
import xz from 'xz-decompress';
import { Decompress as ZstdDecompress } from 'fzstd';
import { CountFormatError, CountLimitError } from './errors.ts';
import type { FileSource, ReadBudget } from './source.ts';

/** The single-file compressions `datasets` streams (its COMPRESSION_FILESYSTEMS), by file extension. */
export type Compression = 'gzip' | 'bz2' | 'xz' | 'zstd' | 'lz4';

const BY_EXTENSION: Record<string, Compression> = { gz: 'gzip', gzip: 'gzip', bz2: 'bz2', xz: 'xz', zst: 'zstd', zstd: 'zstd', lz4: 'lz4' };

/** The library's `_get_path_extension`: the last extension, less shard suffixes (`.gz-00001`, `.gz_1`). */
export function compressionOf(path: string): Compression | undefined {
  let ext =
    path
      .slice(path.lastIndexOf('/') + 1)
      .split('.')
      .pop() ?? '';
  for (const sym of ['?', '-', '_']) ext = ext.split(sym)[0]!;
  return path.includes('.') ? BY_EXTENSION[ext] : undefined;
}

/** The path without its compression extension (`train.jsonl.gz` → `train.jsonl`), as the library names the inner file. */
export function innerPath(path: string): string {
  return compressionOf(path) ? path.slice(0, path.lastIndexOf('.')) : path;
}

/**
 * The decompressed file as a source to stream (a compressed tar for the tar walk): its size is not known before
 * the end (Infinity) and it has no Range reads. Decompressed bytes are charged to `budget.inflated`.
 */
export function decompressedSource(source: FileSource, compression: Compression, budget: ReadBudget): FileSource {
  return {
    path: innerPath(source.path),
    size: Infinity,
    openStream: async () => decompress(await source.openStream(), compression, budget),
    readRange: () => Promise.reject(new Error(`No Range read of the decompressed ${source.path}`)),
  };
}

/** zstd's own default limit for decompression windows (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27). */
export const ZSTD_MAX_WINDOW = 1 << 27;

/**
 * The decompressed bytes of `chunks`, charged to `budget.inflated` as they come (a bomb stops at the bound).
 * A corrupt or truncated stream ends in CountFormatError; errors of the source itself pass through as they are.
 */
export async function* decompress(chunks: AsyncIterable<Uint8Array>, compression: Compression, budget: ReadBudget): AsyncGenerator<Uint8Array> {
  let sourceError: unknown;
  const tagged = (async function* () {
    try {
      yield* chunks;
    } catch (err) {
      sourceError = err;
      throw err;
    }
  })();
  try {
    for await (const out of inflate(tagged, compression)) {
      budget.inflated(out.byteLength);
      yield out;
    }
  } catch (err) {
    // the source's own error, whatever it is, passes through unchanged
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (sourceError !== undefined) throw sourceError;
    if (err instanceof CountLimitError || err instanceof CountFormatError) throw err;
    throw new CountFormatError(`Cannot decompress (${compression}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function* inflate(chunks: AsyncIterable<Uint8Array>, compression: Compression): AsyncGenerator<Uint8Array> {
  switch (compression) {
    case 'gzip':
      yield* throughNodeStream(chunks, createGunzip());
      return;
    case 'bz2':
      yield* throughNodeStream(chunks, unbzip2());
      return;
    case 'xz': {
      const web = Readable.toWeb(Readable.from(chunks)) as ReadableStream<Uint8Array>;
      yield* new xz.XzReadableStream(web) as unknown as AsyncIterable<Uint8Array>;
      return;
    }
    case 'zstd':
      yield* zstd(chunks);
      return;
    case 'lz4':
      throw new CountFormatError('lz4 is not decompressed by this worker');
  }
}

/** Pipes the chunks through a Node transform (zlib's, or bz2's old-style `through` stream) and yields its output. */
async function* throughNodeStream(chunks: AsyncIterable<Uint8Array>, transform: NodeJS.ReadWriteStream): AsyncGenerator<Uint8Array> {
  const src = Readable.from(chunks);
  const out = new PassThrough();
  const t = transform as NodeJS.ReadWriteStream & { destroy?: (err?: Error) => void };
  src.on('error', (err) => out.destroy(err));
  t.on('error', (err: Error) => out.destroy(err));
  src.pipe(t).pipe(out);
  try {
    for await (const chunk of out as AsyncIterable<Uint8Array>) yield chunk;
  } finally {
    src.destroy();
    t.destroy?.();
    out.destroy();
  }
}

async function* zstd(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const guard = new ZstdFrameGuard();
  const out: Uint8Array[] = [];
  const d = new ZstdDecompress((data) => {
    if (data.byteLength > 0) out.push(data);
  });
  let any = false;
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    any = true;
    guard.push(chunk);
    d.push(chunk);
    while (out.length > 0) yield out.shift()!;
  }
  if (!any) throw new CountFormatError('Empty zstd file');
  guard.finish();
  d.push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift()!;
}

/**
 * Walks zstd frame and block headers as the bytes pass, so that a frame claiming a window (or, single-segment,
 * a content size) above ZSTD_MAX_WINDOW is refused before the decoder allocates it, and a truncated stream is seen.
 */
export class ZstdFrameGuard {
  private need = 4;
  private buf: number[] = [];
  private skip = 0;
  private state: 'magic' | 'skipsize' | 'fhd' | 'header' | 'block' | 'checksum' = 'magic';
  private checksum = false;
  private headerRest = 0;
  private singleSegment = false;
  private fcsBytes = 0;
  private dictBytes = 0;

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.buf.push(chunk[i++]!);
      if (this.buf.length < this.need) continue;
      const b = this.buf;
      this.buf = [];
      this.onField(b);
    }
  }

  private onField(b: number[]): void {
    switch (this.state) {
      case 'magic': {
        const magic = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
        if (magic === 0xfd2fb528) this.expect('fhd', 1);
        else if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) this.expect('skipsize', 4);
        else throw new CountFormatError('Not a zstd frame');
        return;
      }
      case 'skipsize':
        this.skip = (b[0]! | (b[1]! << 8) | (b[2]! << 16)) + b[3]! * 2 ** 24;
        this.expect('magic', 4);
        return;
      case 'fhd': {
        const fhd = b[0]!;
        const fcsFlag = fhd >> 6;
        this.singleSegment = ((fhd >> 5) & 1) === 1;
        this.checksum = ((fhd >> 2) & 1) === 1;
        this.dictBytes = [0, 1, 2, 4][fhd & 3]!;
        this.fcsBytes = [this.singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
        const rest = (this.singleSegment ? 0 : 1) + this.dictBytes + this.fcsBytes;
        if (rest === 0) this.expect('block', 3);
        else this.expect('header', rest);
        this.headerRest = rest;
        return;
      }
      case 'header': {
        let at = 0;
        if (!this.singleSegment) {
          const wd = b[at++]!;
          const base = 2 ** (10 + (wd >> 3));
          const window = base + (base / 8) * (wd & 7);
          if (window > ZSTD_MAX_WINDOW) throw new CountLimitError(`zstd window of ${window} bytes`);
        }
        at += this.dictBytes;
        if (this.singleSegment) {
          let fcs = 0;
          for (let k = 0; k < this.fcsBytes; k++) fcs += b[at + k]! * 2 ** (8 * k);
          if (this.fcsBytes === 2) fcs += 256;
          if (fcs > ZSTD_MAX_WINDOW) throw new CountLimitError(`zstd frame of ${fcs} bytes in one segment`);
        }
        void this.headerRest;
        this.expect('block', 3);
        return;
      }
      case 'block': {
        const h = b[0]! | (b[1]! << 8) | (b[2]! << 16);
        const last = (h & 1) === 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw new CountFormatError('Reserved zstd block type');
        this.skip = type === 1 ? 1 : size;
        if (!last) this.expect('block', 3);
        else if (this.checksum) this.expect('checksum', 4);
        else this.expect('magic', 4);
        return;
      }
      case 'checksum':
        this.expect('magic', 4);
        return;
    }
  }

  private expect(state: ZstdFrameGuard['state'], n: number): void {
    this.state = state;
    this.need = n;
  }

  /** the stream must end between frames */
  finish(): void {
    if (this.state !== 'magic' || this.buf.length > 0 || this.skip > 0) throw new CountFormatError('Truncated zstd stream');
  }
}
