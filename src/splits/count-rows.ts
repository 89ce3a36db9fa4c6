import type { HubClient, RepoFile } from '../hub/hub-client.ts';
import { EXTENSION_TO_MODULE, FOLDER_MODULES, METADATA_FILENAMES, type ModuleName } from './infer-module.ts';
import { MODULE_TO_EXTENSIONS } from './library-rules.ts';
import { CountFormatError, CountLimitError } from './count-rows/errors.ts';
import { budgeted, hubFileSource, INFLATE_RATIO, ReadBudget, type FileSource } from './count-rows/source.ts';
import { CsvRecordCounter, JsonRowCounter, LineCounter, StrictCsvCounter, type RecordCounter } from './count-rows/records.ts';
import { compressionOf, decompress, decompressedSource, innerPath } from './count-rows/compressed.ts';
import { memberBytes, visibleFiles, zipMembers } from './count-rows/zip-members.ts';
import { countWebdatasetSamples, MAX_TAR_REQUESTS } from './count-rows/webdataset-tar.ts';
import { countArrowRows } from './count-rows/arrow-ipc.ts';
import { ConllSentenceCounter, conllCommentPrefix } from './count-rows/conll.ts';
import { Utf8Checked } from './count-rows/utf8.ts';
import { countHarborTasks } from './count-rows/harbor.ts';

export { LineCounter, CsvRecordCounter, JsonRowCounter };

/**
 * Exact row counts, as the `datasets` library's streaming readers count them, else null ("not known"):
 * - parquet: the `num_rows` of each file's footer (Range requests);
 * - json (JSON Lines or one top-level array), csv/tsv, txt, conll/conllu (sentences): the files streamed, plain
 *   or decompressed (gzip, bz2, xz, zstd), or the members of a zip read through its central directory;
 * - arrow: record batch lengths from the IPC message headers; webdataset: samples from the tar headers (a
 *   compressed tar decompressed as it streams);
 * - harbor: one row per task.toml, each with its instruction.md checked to be readable as the builder reads it;
 * - image/audio/video/pdf folders: one row per media file (zip members included), or, once a metadata file is
 *   found in the split or an earlier one, the rows of the split's metadata files (as the folder builder does).
 * Everything but parquet footers is bounded per split by a ReadBudget: `maxBytes` (COUNT_ROWS_MAX_BYTES) read
 * from the Hub and INFLATE_RATIO × `maxBytes` decompressed. Over a bound, or on a file the library would not
 * read for sure (truncated, corrupt, an unusual shape), the count is null.
 */
export interface CountContext {
  hub: HubClient;
  dataset: string;
  sha: string;
  maxBytes: number;
  /** footer counts already known for this commit (from the disk cache) */
  knownParquetRows: Map<string, number>;
  /** parquet footers read at once in all (several splits may be counted at once): FOOTER_READS_AT_ONCE by default */
  footerSlots?: Slots;
  /** opens a repo file; the Hub client by default (a bounded client, or local files in tests, can stand in) */
  open?: (file: RepoFile) => FileSource;
}

export interface CountOptions {
  /** folder builders: an earlier split of the same config had a metadata file (so this one is read from metadata too) */
  metadataInEarlierSplits?: boolean;
  /** the inferred module's builder kwargs, as JSON (`{"comment_prefix": "#"}` for `.conllu`) */
  kwargs?: string;
}

/**
 * The builders that read any file of a split as their format, so that a file of another extension (in a YAML
 * config's split, or a zip) is counted as the builder reads it: text and conll decode any UTF-8 file into lines,
 * csv parses it with pandas (counted by StrictCsvCounter where pandas' rules leave no doubt). The others read a
 * file of another format in ways not checked here: such a split is not counted.
 */
export function readsAnyFile(module: ModuleName): boolean {
  return module === 'text' || module === 'conll' || module === 'csv';
}

export async function countRows(ctx: CountContext, module: ModuleName, files: RepoFile[], opts: CountOptions = {}): Promise<number | null> {
  if (module === 'parquet') return countParquetRows(ctx, files);
  const budget = new ReadBudget(ctx.maxBytes, ctx.maxBytes * INFLATE_RATIO);
  const open = (f: RepoFile) => budgeted((ctx.open ?? ((file) => hubFileSource(ctx.hub, ctx.dataset, ctx.sha, file)))(f), budget);
  try {
    if (FOLDER_MODULES.has(module)) {
      const parquetRows = (f: RepoFile) => ctx.hub.parquetRowCount(ctx.dataset, ctx.sha, f);
      return await countFolderRows(module, files, open, parquetRows, budget, opts.metadataInEarlierSplits ?? false);
    }
    if (module === 'harbor') return await countHarborTasks(files, open);
    if (module === 'arrow') return await sum(files, (f) => (compressionOf(f.path) ? unknown(f) : countArrowRows(open(f))));
    if (module === 'webdataset') {
      return await sum(files, (f) => {
        if (/\.tar$/i.test(f.path)) return countWebdatasetSamples(open(f));
        const compression = compressionOf(f.path);
        // a compressed tar is walked as it is decompressed: every byte read, within the budget (the compressions
        // tarfile's `r|*` reads itself; a zstd tar needs the zstandard package in the library)
        if ((compression === 'gzip' || compression === 'bz2' || compression === 'xz') && /\.tar$/i.test(innerPath(f.path))) {
          return countWebdatasetSamples(decompressedSource(open(f), compression, budget), MAX_TAR_REQUESTS, true);
        }
        return unknown(f);
      });
    }
    if (module === 'json' || module === 'csv' || module === 'text' || module === 'conll') {
      const commentPrefix = module === 'conll' ? conllCommentPrefix(opts.kwargs) : undefined;
      const sep = module === 'csv' ? csvSeparator(opts.kwargs) : ',';
      // streamed files are read whole: do not start unless all of them fit (zips are bounded while read)
      const streamed = files.filter((f) => !isZip(f.path)).reduce((n, f) => n + f.size, 0);
      if (streamed > ctx.maxBytes) return null;
      let first = true;
      return await sum(files, async (f) => {
        const counter = (name: string) => {
          // csv reads a file of another format with pandas too: counted only where its rules leave no doubt
          const c =
            module === 'csv' && !hasModuleExtension(name, module) ? new Utf8Checked(new StrictCsvCounter(sep)) : newCounter(module, first, commentPrefix);
          first = false;
          return c;
        };
        if (isZip(f.path)) return countZipMembers(open(f), budget, counter, module);
        const source = open(f);
        const compression = compressionOf(f.path);
        const bytes = compression ? decompress(await source.openStream(), compression, budget) : await source.openStream();
        return feed(counter(innerPath(f.path)), bytes);
      });
    }
    return null;
  } catch (err) {
    if (err instanceof CountLimitError || err instanceof CountFormatError) return null;
    throw err;
  }
}

function newCounter(module: 'json' | 'csv' | 'text' | 'conll', firstFile: boolean, commentPrefix: string | undefined): RecordCounter {
  if (module === 'json') return new JsonRowCounter(firstFile);
  if (module === 'csv') return new CsvRecordCounter();
  if (module === 'conll') return new ConllSentenceCounter(commentPrefix);
  // the text builder opens files as strict UTF-8: one that is not fails in the library
  return new Utf8Checked(new LineCounter(false));
}

/** The csv builder's separator from the module's builder kwargs (`{"sep": "\t"}` for `.tsv`). */
function csvSeparator(kwargs: string | undefined): string {
  const sep = kwargs ? (JSON.parse(kwargs) as { sep?: unknown }).sep : undefined;
  if (sep === undefined) return ',';
  if (typeof sep !== 'string') throw new CountFormatError(`A CSV separator this counter does not check: ${JSON.stringify(sep)}`);
  return sep;
}

async function feed(counter: RecordCounter, bytes: AsyncIterable<Uint8Array>): Promise<number> {
  for await (const chunk of bytes) counter.push(chunk);
  return counter.finish();
}

/** Every visible member is read by the builder as its own format (the library does not look at member names). */
async function countZipMembers(source: FileSource, budget: ReadBudget, counter: (name: string) => RecordCounter, module: ModuleName): Promise<number> {
  let rows = 0;
  for (const member of visibleFiles(await zipMembers(source))) {
    if (compressionOf(member.name)) throw new CountFormatError(`A compressed member in a zip: ${member.name}`);
    // a member of another format (an image in a zip of text files) may not be readable by the builder: not known
    if (!readsAnyFile(module) && !hasModuleExtension(member.name, module)) throw new CountFormatError(`A member of another format in a zip: ${member.name}`);
    rows += await feed(counter(member.name), memberBytes(source, member, budget));
  }
  return rows;
}

async function countFolderRows(
  module: ModuleName,
  files: RepoFile[],
  open: (f: RepoFile) => FileSource,
  parquetRows: (f: RepoFile) => Promise<number>,
  budget: ReadBudget,
  metadataBefore: boolean,
): Promise<number> {
  const extensions = new Set([...EXTENSION_TO_MODULE].filter(([, m]) => m === module).map(([e]) => e.toLowerCase()));
  const isMedia = (name: string) => {
    const parts = basename(name).split('.');
    const last = parts.length > 1 ? `.${parts.at(-1)!.toLowerCase()}` : '';
    const second = parts.length > 2 ? `.${parts.at(-2)!.toLowerCase()}` : '';
    return extensions.has(last) || extensions.has(second);
  };
  let media = 0;
  const metadata: { count: () => Promise<number> }[] = [];
  for (const f of files) {
    const name = basename(f.path);
    if (isMedia(f.path)) media++;
    else if (METADATA_FILENAMES.includes(name))
      metadata.push({ count: async () => (name.endsWith('.parquet') ? parquetRows(f) : countMetadataBytes(name, await open(f).openStream())) });
    else if (isZip(f.path)) {
      const source = open(f);
      for (const m of visibleFiles(await zipMembers(source))) {
        // without metadata, every file of an extracted archive is a row (the builder does not filter them)
        const memberName = basename(m.name);
        if (METADATA_FILENAMES.includes(memberName)) metadata.push({ count: () => countMetadataBytes(memberName, memberBytes(source, m, budget)) });
        // the builder makes a row of every member and fails on one that is not its media: not known
        else if (isMedia(m.name)) media++;
        else throw new CountFormatError(`A member that is not ${module} media in a zip: ${m.name}`);
      }
    }
  }
  if (metadata.length === 0 && !metadataBefore) return media;
  let rows = 0;
  for (const m of metadata) rows += await m.count();
  return rows;
}

/** metadata.csv: pandas records; metadata.jsonl: the json builder's JSON Lines. */
function countMetadataBytes(name: string, bytes: AsyncIterable<Uint8Array>): Promise<number> {
  if (name.endsWith('.csv')) return feed(new CsvRecordCounter(), bytes);
  if (name.endsWith('.jsonl')) return feed(new JsonRowCounter(false), bytes);
  throw new CountFormatError(`Metadata file ${name} is not counted here`);
}

function unknown(f: RepoFile): Promise<number> {
  return Promise.reject(new CountFormatError(`Rows of ${f.path} are not counted`));
}

async function sum(files: RepoFile[], count: (f: RepoFile) => Promise<number>): Promise<number> {
  let total = 0;
  for (const f of files) total += await count(f);
  return total;
}

/** The file's last extension, lower-cased, is one the builder reads (`_MODULE_TO_EXTENSIONS`, without `.zip`). */
function hasModuleExtension(name: string, module: ModuleName): boolean {
  const dot = name.lastIndexOf('.');
  const ext = dot > name.lastIndexOf('/') ? name.slice(dot).toLowerCase() : '';
  return ext !== '.zip' && MODULE_TO_EXTENSIONS[module].includes(ext);
}

function isZip(path: string): boolean {
  return /\.zip$/i.test(path);
}

/**
 * Footer reads at once, by default (PARQUET_FOOTER_READS_AT_ONCE's default). Each read is a round trip to the Hub
 * (the resolve) and one to its CDN: off loopback (20–80 ms each) a job's time is about files × 2 round trips ÷
 * reads in flight: 10,000 footers at 80 ms took 100 s with 16 at once, 35 s with 64, 21 s with 128, 13 s with 256
 * (docs/benchmarks.md). Each read in flight is one kept-alive connection to the Hub and one to its CDN (HTTP/1.1).
 */
export const FOOTER_READS_AT_ONCE = 128;

/** A count of slots shared by tasks: at most `size` hold one at a time, the others wait in their order. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly size: number) {
    this.free = Math.max(1, size);
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

async function countParquetRows(ctx: CountContext, files: RepoFile[]): Promise<number> {
  const slots = ctx.footerSlots ?? new Slots(FOOTER_READS_AT_ONCE);
  let next = 0;
  let total = 0;
  let failed = false;
  // as many loops as slots (never more than files): each takes the next file and waits for a slot, shared with
  // the other splits counted at once; the first failure stops every loop from taking another file
  const worker = async () => {
    while (next < files.length && !failed) {
      const f = files[next++]!;
      let n = ctx.knownParquetRows.get(f.path);
      if (n === undefined) {
        try {
          n = await slots.run(() => ctx.hub.parquetRowCount(ctx.dataset, ctx.sha, f));
        } catch (err) {
          failed = true;
          throw err;
        }
        ctx.knownParquetRows.set(f.path, n);
      }
      total += n;
    }
  };
  await Promise.all(Array.from({ length: Math.min(slots.size, files.length) }, worker));
  return total;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
