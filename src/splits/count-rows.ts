import type { HubClient, RepoFile } from '../hub/hub-client.ts';
import { FOLDER_MODULES, METADATA_FILENAMES, type ModuleName } from './infer-module.ts';

/**
 * Exact row counts, only where they are cheap and certain (otherwise null):
 * - parquet: the `num_rows` of each file's footer, read with HTTP Range requests;
 * - jsonl / csv / tsv / txt: the file streamed and its records counted, if the split's files weigh at most
 *   `maxBytes` in all (COUNT_ROWS_MAX_BYTES) and are not compressed;
 * - image, audio, video and pdf folders without a metadata file: one row per media file.
 */
export interface CountContext {
  hub: HubClient;
  dataset: string;
  sha: string;
  maxBytes: number;
  /** footer counts already known for this commit (from the disk cache) */
  knownParquetRows: Map<string, number>;
  concurrency?: number;
}

const COMPRESSED = /\.(gz|bz2|xz|zst|zip|lz4|7z|tar)$/i;

export async function countRows(ctx: CountContext, module: ModuleName, files: RepoFile[]): Promise<number | null> {
  if (module === 'parquet') return countParquetRows(ctx, files);
  if (FOLDER_MODULES.has(module)) {
    if (files.some((f) => METADATA_FILENAMES.includes(basename(f.path)))) return null;
    return files.some((f) => COMPRESSED.test(f.path)) ? null : files.length;
  }
  const kind = textKind(module, files);
  if (!kind) return null;
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > ctx.maxBytes) return null;
  let rows = 0;
  for (const f of files) rows += await countFileRecords(ctx, f, kind);
  return rows;
}

type TextKind = 'jsonl' | 'csv' | 'tsv' | 'txt';

function textKind(module: ModuleName, files: RepoFile[]): TextKind | undefined {
  if (files.some((f) => COMPRESSED.test(f.path))) return undefined;
  const exts = new Set(files.map((f) => f.path.slice(f.path.lastIndexOf('.')).toLowerCase()));
  if (module === 'json' && [...exts].every((e) => e === '.jsonl' || e === '.ndjson')) return 'jsonl';
  if (module === 'csv' && [...exts].every((e) => e === '.csv')) return 'csv';
  if (module === 'csv' && [...exts].every((e) => e === '.tsv')) return 'tsv';
  if (module === 'text' && [...exts].every((e) => e === '.txt')) return 'txt';
  return undefined;
}

async function countParquetRows(ctx: CountContext, files: RepoFile[]): Promise<number> {
  const limit = ctx.concurrency ?? 16;
  let next = 0;
  let total = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      let n = ctx.knownParquetRows.get(f.path);
      if (n === undefined) {
        n = await ctx.hub.parquetRowCount(ctx.dataset, ctx.sha, f);
        ctx.knownParquetRows.set(f.path, n);
      }
      total += n;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, files.length) }, worker));
  return total;
}

async function countFileRecords(ctx: CountContext, file: RepoFile, kind: TextKind): Promise<number> {
  const stream = await ctx.hub.openStream(ctx.dataset, ctx.sha, file.path);
  const counter = kind === 'jsonl' ? new LineCounter(true) : kind === 'txt' ? new LineCounter(false) : new CsvRecordCounter();
  for await (const chunk of stream) {
    ctx.hub.stats.bytes += chunk.byteLength;
    counter.push(chunk);
  }
  const n = counter.finish();
  // csv and tsv: the first record is the header
  return kind === 'csv' || kind === 'tsv' ? Math.max(0, n - 1) : n;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Lines as the `text` builder splits them (every line a row), or non-blank lines for JSON Lines. */
export class LineCounter {
  private count = 0;
  private lineHasContent = false;
  private lineStarted = false;
  private lastWasCR = false;
  constructor(private readonly skipBlank: boolean) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LF || b === CR) {
        if (b === LF && this.lastWasCR) {
          this.lastWasCR = false;
          continue;
        }
        this.endLine();
        this.lastWasCR = b === CR;
        continue;
      }
      this.lastWasCR = false;
      this.lineStarted = true;
      if (b !== 0x20 && b !== 0x09) this.lineHasContent = true;
    }
  }

  private endLine(): void {
    if (!this.skipBlank || this.lineHasContent) this.count++;
    this.lineHasContent = false;
    this.lineStarted = false;
  }

  finish(): number {
    if (this.lineStarted) this.endLine();
    return this.count;
  }
}

/** CSV records (RFC 4180 quoting: newlines inside quotes do not end a record), blank lines skipped as pandas does. */
export class CsvRecordCounter {
  private count = 0;
  private inQuotes = false;
  private recordHasContent = false;

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === QUOTE) {
        this.inQuotes = !this.inQuotes;
        this.recordHasContent = true;
      } else if (b === LF && !this.inQuotes) {
        if (this.recordHasContent) this.count++;
        this.recordHasContent = false;
      } else if (b !== CR) {
        this.recordHasContent = true;
      }
    }
  }

  finish(): number {
    if (this.recordHasContent) this.count++;
    return this.count;
  }
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
