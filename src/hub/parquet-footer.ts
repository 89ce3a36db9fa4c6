import { parquetMetadata } from 'hyparquet';
import { FileTooBigError, SplitsNamesError } from '../errors/dataset-errors.ts';
import { runBoundedThread } from '../threads/bounded-thread.ts';

/**
 * Parsing a parquet footer (hyparquet's `parquetMetadata`) costs about 50 µs and 2 KB of heap per column chunk:
 * a footer just under PARQUET_MAX_FOOTER_BYTES (400,000 row groups) held the event loop 3.7 s and took 646 MB.
 * So: the row groups are counted first, without parsing them (PARQUET_MAX_ROW_GROUPS, FileTooBigError past it);
 * a footer up to `inlineMaxBytes` (what the first 64 KiB read holds: a few ms) is parsed inline; a longer one in
 * a worker thread with its own heap and time limits, one at a time per process, while the event loop (leases,
 * /metrics, /healthz, other jobs) goes on.
 */
export const PARQUET_FOOTER_LIMITS = {
  /** PARQUET_MAX_ROW_GROUPS' default */
  maxRowGroups: 100_000,
  /** longest footer parsed on the event loop; longer ones go to the thread */
  inlineMaxBytes: 64 * 1024,
  /** heap of the parsing thread (about 40 times the footer's bytes are needed) */
  maxOldGenerationSizeMb: 512,
  /** wall time of one parse in the thread */
  timeoutMs: 60_000,
} as const;

export interface FooterLimits {
  maxRowGroups?: number;
  inlineMaxBytes?: number;
  maxOldGenerationSizeMb?: number;
  timeoutMs?: number;
}

/**
 * The number of rows a parquet file's footer declares: `tail` is its metadata (the thrift FileMetaData) and the
 * 8-byte trailer (metadata length, `PAR1`), as the caller read them.
 * Typed errors: FileTooBigError past the row-group bound or the thread's heap; SplitsNamesError for a footer
 * hyparquet cannot read, or one that takes longer than the time limit.
 */
export async function parquetFooterRowCount(tail: Uint8Array, path: string, limits: FooterLimits = {}): Promise<number> {
  const maxRowGroups = limits.maxRowGroups ?? PARQUET_FOOTER_LIMITS.maxRowGroups;
  const rowGroups = countRowGroups(tail.subarray(0, Math.max(0, tail.byteLength - 8)));
  if (rowGroups !== undefined && rowGroups > maxRowGroups) {
    throw new FileTooBigError(`The parquet footer of ${path} declares ${rowGroups} row groups, more than the ${maxRowGroups} read (PARQUET_MAX_ROW_GROUPS)`);
  }
  if (tail.byteLength <= (limits.inlineMaxBytes ?? PARQUET_FOOTER_LIMITS.inlineMaxBytes)) return parseInline(tail, path, maxRowGroups);
  return parseInThread(tail, path, limits, maxRowGroups);
}

function parseInline(metadata: Uint8Array, path: string, maxRowGroups: number): number {
  let parsed: { numRows: number; rowGroups: number };
  try {
    parsed = parseFooter(metadata);
  } catch (err) {
    throw new SplitsNamesError(`Cannot read the parquet footer of ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return checked(parsed, path, maxRowGroups);
}

/**
 * What the thread runs, and the inline parse: hyparquet's whole parse of the metadata and its trailer (it
 * validates the footer, as pyarrow refuses a broken one).
 */
export function parseFooter(tail: Uint8Array): { numRows: number; rowGroups: number } {
  // a view of its bytes only (hyparquet reads the trailer at the view's end)
  const md = parquetMetadata(tail);
  return { numRows: Number(md.num_rows), rowGroups: md.row_groups.length };
}

/** the bound once more, on what the parse found (the scan gives up on an unusual footer, and lets the parse judge it) */
function checked(parsed: { numRows: number; rowGroups: number }, path: string, maxRowGroups: number): number {
  if (parsed.rowGroups > maxRowGroups) {
    throw new FileTooBigError(
      `The parquet footer of ${path} declares ${parsed.rowGroups} row groups, more than the ${maxRowGroups} read (PARQUET_MAX_ROW_GROUPS)`,
    );
  }
  return parsed.numRows;
}

/** One parsing thread at a time per process: each may take its heap limit. */
let threadQueue: Promise<unknown> = Promise.resolve();

function parseInThread(metadata: Uint8Array, path: string, limits: FooterLimits, maxRowGroups: number): Promise<number> {
  const run = threadQueue.then(() => runThread(metadata, path, limits)).then((parsed) => checked(parsed, path, maxRowGroups));
  threadQueue = run.catch(() => {});
  return run;
}

function runThread(metadata: Uint8Array, path: string, limits: FooterLimits): Promise<{ numRows: number; rowGroups: number }> {
  const timeoutMs = limits.timeoutMs ?? PARQUET_FOOTER_LIMITS.timeoutMs;
  const heapMb = limits.maxOldGenerationSizeMb ?? PARQUET_FOOTER_LIMITS.maxOldGenerationSizeMb;
  // a copy in a buffer of its own (not `slice()`: on a Buffer it is a view of the socket's chunk, whose
  // whole ArrayBuffer the transfer would take away), handed over to the thread without a second copy
  const bytes = new Uint8Array(metadata);
  return runBoundedThread<{ numRows: number; rowGroups: number }>({
    owner: import.meta.url,
    entry: 'parquet-footer-thread-main',
    workerData: { bytes },
    transferList: [bytes.buffer],
    maxOldGenerationSizeMb: heapMb,
    maxYoungGenerationSizeMb: 16,
    timeoutMs,
    errors: {
      timeout: () => new SplitsNamesError(`The parquet footer of ${path} could not be parsed within ${timeoutMs / 1000} s`),
      outOfMemory: (cause) => new FileTooBigError(`The parquet footer of ${path} needs more than ${heapMb} MB to parse`, { cause }),
      reply: (message) => new SplitsNamesError(`Cannot read the parquet footer of ${path}: ${message}`),
      exit: (code) => new Error(`the parquet footer thread exited with code ${code}`),
    },
  });
}

/**
 * The number of row groups a FileMetaData declares, read from its thrift compact encoding without parsing
 * them: the fields before `row_groups` (field 4) are skipped (the schema, one struct per column), then the
 * list's header gives its size. Undefined for anything unusual (the parse then judges the footer).
 */
export function countRowGroups(bytes: Uint8Array): number | undefined {
  const r = new CompactReader(bytes);
  try {
    let fieldId = 0;
    for (;;) {
      const header = r.byte();
      if (header === 0) return undefined; // STOP: no row_groups field
      const type = header & 0x0f;
      const delta = header >> 4;
      fieldId = delta !== 0 ? fieldId + delta : r.zigzag();
      if (fieldId === 4 && type === T_LIST) return r.listHeader().size;
      r.skip(type, 0);
    }
  } catch {
    return undefined;
  }
}

const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;
/** deeper than any parquet struct nests (LogicalType in a SchemaElement is three levels) */
const MAX_DEPTH = 32;

class CompactReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.at >= this.bytes.byteLength) throw new RangeError('past the end');
    return this.bytes[this.at++]!;
  }

  advance(n: number): void {
    if (n < 0 || this.at + n > this.bytes.byteLength) throw new RangeError('past the end');
    this.at += n;
  }

  /** an unsigned varint; sizes and lengths only (at most 2^53) */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(value)) throw new RangeError('varint too large');
        return value;
      }
      scale *= 128;
    }
    throw new RangeError('varint too long');
  }

  zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  listHeader(): { size: number; type: number } {
    const h = this.byte();
    const size = h >> 4 === 15 ? this.varint() : h >> 4;
    return { size, type: h & 0x0f };
  }

  skipVarint(): void {
    for (let i = 0; i < 10; i++) if ((this.byte() & 0x80) === 0) return;
    throw new RangeError('varint too long');
  }

  skip(type: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new RangeError('nested too deep');
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        return; // a field's boolean is in its header
      case T_BYTE:
        return this.advance(1);
      case T_I16:
      case T_I32:
      case T_I64:
        return this.skipVarint();
      case T_DOUBLE:
        return this.advance(8);
      case T_BINARY:
        return this.advance(this.varint());
      case T_LIST:
      case T_SET: {
        const { size, type: elem } = this.listHeader();
        if (size > this.bytes.byteLength) throw new RangeError('list larger than the footer');
        for (let i = 0; i < size; i++) {
          if (elem === T_TRUE || elem === T_FALSE) this.advance(1);
          else this.skip(elem, depth + 1);
        }
        return;
      }
      case T_MAP: {
        const size = this.varint();
        if (size === 0) return;
        if (size > this.bytes.byteLength) throw new RangeError('map larger than the footer');
        const kinds = this.byte();
        for (let i = 0; i < size; i++) {
          for (const t of [kinds >> 4, kinds & 0x0f]) {
            if (t === T_TRUE || t === T_FALSE) this.advance(1);
            else this.skip(t, depth + 1);
          }
        }
        return;
      }
      case T_STRUCT: {
        for (;;) {
          const header = this.byte();
          if (header === 0) return;
          if (header >> 4 === 0) this.zigzag();
          this.skip(header & 0x0f, depth + 1);
        }
      }
      default:
        throw new RangeError(`unknown thrift type ${type}`);
    }
  }
}
