import type { HubClient, RepoFile } from '../hub/hub-client.ts';
import type { SplitItem, SplitsResponse } from './types.ts';
import { DatasetWithScriptNotSupportedError, EmptyDatasetError, FileFormatMismatchBetweenSplitsError, SplitsNamesError } from './errors.ts';
import { readmeCardDataAsync, parseYamlObjectAsync } from './readme-metadata.ts';
import { checkConfigName, defaultConfigName as yamlDefaultConfigName, metadataConfigs, type MetadataConfig } from './metadata-configs.ts';
import { datasetInfosFromCardData, datasetInfosFromJson, mergeDatasetInfos, type DatasetInfos } from './dataset-infos.ts';
import { hasMagic, inferDataFilesPatterns, NoDataFilesError, PatternNotFoundError, resolvePattern, SPLIT_RE, splitRecord } from './data-files-patterns.ts';
import {
  ALL_ALLOWED_EXTENSIONS,
  basename,
  filterFilesForModule,
  inferModule,
  METADATA_FILENAMES,
  type InferredModule,
  type ModuleName,
} from './infer-module.ts';
import { ARCHIVES_MAX_NUMBER_FOR_MODULE_INFERENCE, MODULE_TO_EXTENSIONS } from './library-rules.ts';
import { zipMemberNames } from './zip-members.ts';
import { RevisionUnchanged, type RevisionCheck } from './revision.ts';
import { builderOptions } from './builder-options.ts';
import { budgeted, hubFileSource, INFLATE_RATIO, ReadBudget } from './count-rows/source.ts';
import { firstSampleFields } from './count-rows/webdataset-tar.ts';
import { compressionOf, decompressedSource, innerPath } from './count-rows/compressed.ts';
import { CountFormatError, CountLimitError } from './count-rows/errors.ts';
import { countRows, FOOTER_READS_AT_ONCE, readsAnyFile, Slots } from './count-rows.ts';

export interface ComputeOptions {
  /** COUNT_ROWS_MAX_BYTES: text files of a split are counted only up to this total size; zip archives looked into up to this size */
  countRowsMaxBytes: number;
  /** parquet footers read at once, all splits together (default FOOTER_READS_AT_ONCE; bench/side-by-side.ts measures others) */
  footerConcurrency?: number;
  /** told the sha read; the computation stops (RevisionUnchanged) right after the repo info when it is `current` */
  revision?: RevisionCheck;
  /** an answer given before the footer reads when they are many (absent: one answer, at the end) */
  partial?: PartialAnswer;
}

/**
 * The two-phase answer (docs/cache-document.md, "Partial answers"): when the exact counts need more than
 * `footerReads` parquet footer reads (files whose count is neither declared by `dataset_info` nor known from the
 * disk cache), `write` is given the answer with those counts null, and the progress (the share of splits whose
 * `num_examples` is final, < 1), before any footer is read; the counts follow in the answer returned.
 */
export interface PartialAnswer {
  footerReads: number;
  write(answer: SplitsResponse, progress: number): Promise<void>;
}

/** One config: its splits and their files (paths from the repo root), in the library's order. */
interface ConfigPlan {
  name: string;
  splits: [string, string[]][];
  /** the YAML config's builder options (none for an inferred config) */
  params?: Record<string, unknown>;
}

const ROW_COUNTS_FILE = '.splits-worker/parquet-row-counts.json';

/**
 * The /splits answer of one dataset, computed as the `datasets` release of library-rules.ts does for a
 * repository without a loading script (`HubDatasetModuleFactory`, then `get_dataset_config_names` and
 * `get_dataset_split_names` for each config), with sizes from `dataset_info` and exact row counts where
 * they are cheap. The default config is listed first.
 */
export async function computeSplits(hub: HubClient, dataset: string, opts: ComputeOptions): Promise<SplitsResponse> {
  const repo = await hub.repoInfo(dataset);
  opts.revision?.read(repo.sha);
  if (opts.revision?.current === repo.sha) throw new RevisionUnchanged(repo.sha);
  const files = await hub.listFiles(dataset, repo.sha);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const paths = files.map((f) => f.path);
  const scriptName = `${dataset.split('/').pop()}.py`;
  if (byPath.has(scriptName)) {
    throw new DatasetWithScriptNotSupportedError(`Dataset scripts are no longer supported, but found ${scriptName}`);
  }

  // The Hub lets anyone read a gated repo's README and tree; any other file needs access, and the library
  // asks for one (the script) before it reads the README's YAML.
  if (repo.gated) {
    const other = paths.find((p) => p !== 'README.md');
    if (other) await hub.checkFileAccess(dataset, repo.sha, other);
  }

  // --- the dataset module (HubDatasetModuleFactory.get_module), in the library's order of checks
  let cardData = await readmeCardDataAsync(byPath.has('README.md') ? await hub.readText(dataset, repo.sha, 'README.md') : undefined);
  if (byPath.has('.huggingface.yaml')) {
    cardData = { ...cardData, ...(await parseYamlObjectAsync((await hub.readText(dataset, repo.sha, '.huggingface.yaml')) ?? '', '.huggingface.yaml')) };
  }
  const { configs } = metadataConfigs(cardData);
  const readmeInfos = datasetInfosFromCardData(cardData);

  // The builder is inferred from the first config's data_files if it has some (relative to the root, even
  // with a data_dir), else from the repo's files by the default split patterns.
  const first = configs[0];
  const inferencePatterns = first?.dataFiles ?? defaultPatterns(paths, '', "The dataset doesn't contain any data files");
  const inferenceFiles = resolveSplits(inferencePatterns, paths);
  const module = await inferDatasetModule(inferenceFiles, (zips) =>
    listArchives(
      hub,
      dataset,
      repo.sha,
      zips.map((z) => byPath.get(z)!),
      opts.countRowsMaxBytes,
    ),
  );

  let plans: { name: string; resolve: () => ConfigPlan }[];
  let defaultConfig: string | undefined;
  if (configs.length > 0) {
    defaultConfig = yamlDefaultConfigName(configs);
    plans = configs.map((c) => planYamlConfig(c, paths));
  } else {
    const filtered: [string, string[]][] = Object.entries(inferenceFiles).map(([split, fs]) => [split, filterFilesForModule(fs, module.module)]);
    plans = [{ name: 'default', resolve: () => ({ name: 'default', splits: filtered }) }];
  }
  const legacyInfos = byPath.has('dataset_infos.json')
    ? datasetInfosFromJson(await hub.readText(dataset, repo.sha, 'dataset_infos.json'))
    : (new Map() as DatasetInfos);
  const infos = mergeDatasetInfos(legacyInfos, readmeInfos);
  if (defaultConfig === undefined && infos.size === 1) defaultConfig = [...infos.keys()][0];

  // --- each config's splits (get_dataset_split_names): from dataset_info when it has them, else from the files
  const resolved = plans.map((p) => {
    // the builder resolves its data files when it is made, split names declared or not (a missing file fails)
    const plan = p.resolve();
    const declared = infos.get(p.name);
    if (declared) return { name: p.name, declared, splits: declared.map((s) => [s.name, [] as string[]] as [string, string[]]), options: undefined };
    if (plan.splits.length === 0) throw new SplitsNamesError(`At least one data file must be specified for config '${p.name}'`);
    builderSplitChecks(module.module, plan.splits);
    for (const [split] of plan.splits) {
      if (!SPLIT_RE.test(split)) throw new SplitsNamesError(`Split name should match '^\\w+(\\.\\w+)*$' but got '${split}'.`);
    }
    return { name: p.name, declared: undefined, splits: plan.splits, options: builderOptions(module.module, module.kwargs, plan.params ?? {}) };
  });
  // webdataset: the builder infers the columns from the first samples of the last split's first shard
  if (module.module === 'webdataset') {
    for (const plan of resolved) {
      if (!plan.declared) await webdatasetSampleCheck(hub, dataset, repo.sha, byPath.get(plan.splits[plan.splits.length - 1]![1][0]!)!, opts.countRowsMaxBytes);
    }
  }

  const ordered = defaultConfig ? [...resolved.filter((p) => p.name === defaultConfig), ...resolved.filter((p) => p.name !== defaultConfig)] : resolved;
  const knownParquetRows = await loadRowCounts(hub, dataset, repo.sha);
  const knownBefore = knownParquetRows.size;
  const ctx = {
    hub,
    dataset,
    sha: repo.sha,
    maxBytes: opts.countRowsMaxBytes,
    knownParquetRows,
    footerSlots: new Slots(opts.footerConcurrency ?? FOOTER_READS_AT_ONCE),
  };
  // each split's item, its count to come where it is counted: the counts run a few splits at once (each is
  // round trips to the Hub), the answer keeps the library's order
  const splits: SplitItem[] = [];
  const counts: { index: number; count: () => Promise<number | null>; footerReads: number }[] = [];
  for (const plan of ordered) {
    for (const [split, splitPaths] of plan.splits) {
      const info = plan.declared?.find((s) => s.name === split);
      const numExamples = info?.num_examples ?? null;
      const item: SplitItem = { dataset, config: plan.name, split, num_bytes: info?.num_bytes ?? null, num_examples: numExamples };
      splits.push(item);
      if (!plan.declared && splitPaths.length === 0) item.num_examples = 0;
      // a YAML config's files are not filtered by the builder: one it cannot read means the library cannot stream the split
      else if (
        !plan.declared &&
        plan.options?.countable &&
        (readsAnyFile(module.module) || filterFilesForModule(splitPaths, module.module).length === splitPaths.length) &&
        !(module.module === 'parquet' && splitPaths.some(isZip))
      ) {
        // folder builders read every later split from metadata once one split had a metadata file
        const index = plan.splits.findIndex(([s]) => s === split);
        const metadataInEarlierSplits = plan.splits.slice(0, index).some(([, fs]) => fs.some((f) => METADATA_FILENAMES.includes(basename(f))));
        const kwargs = plan.options.kwargs;
        counts.push({
          index: splits.length - 1,
          footerReads: module.module === 'parquet' ? splitPaths.filter((p) => !knownParquetRows.has(p)).length : 0,
          count: () =>
            countRows(
              ctx,
              module.module,
              splitPaths.map((p) => byPath.get(p)!),
              { metadataInEarlierSplits, kwargs },
            ),
        });
      }
    }
  }
  const footerReads = counts.reduce((n, c) => n + c.footerReads, 0);
  if (opts.partial && footerReads > opts.partial.footerReads) {
    // what is known without a read: declared counts, empty splits, and the splits whose footers are all known
    const partial = splits.map((s) => ({ ...s }));
    const pending = counts.filter((c) => c.footerReads > 0);
    for (const c of pending) partial[c.index]!.num_examples = null;
    const known = await Promise.all(counts.filter((c) => c.footerReads === 0).map(async (c) => [c.index, await c.count()] as const));
    for (const [index, n] of known) partial[index]!.num_examples = n;
    await opts.partial.write({ splits: partial }, (splits.length - pending.length) / splits.length);
  }
  const counted = await inOrder(
    counts.map((c) => c.count),
    SPLITS_COUNTED_AT_ONCE,
  );
  counts.forEach((c, i) => (splits[c.index]!.num_examples = counted[i]!));
  if (knownParquetRows.size > knownBefore) await saveRowCounts(hub, dataset, repo.sha, knownParquetRows);
  return { splits };
}

/**
 * Splits counted at once. Each count is round trips to the Hub (a file streamed, footers read): one split after
 * the other, 100 splits of small csv files cost 150 round trips end to end. Each split keeps its own read budget
 * (COUNT_ROWS_MAX_BYTES), so at most this many budgets are being read at once; footer reads share one count of
 * slots whatever the split.
 */
export const SPLITS_COUNTED_AT_ONCE = 8;

/**
 * The tasks' results in their order, at most `limit` running at once, started in their order. A failure stops
 * the start of further tasks; once the started ones are settled, the failure of the earliest task is thrown:
 * every task before it was started, so that is the error one task after the other would have met first.
 */
export async function inOrder<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: PromiseSettledResult<T>[] = new Array<PromiseSettledResult<T>>(tasks.length);
  let next = 0;
  let failed = false;
  const loop = async () => {
    while (next < tasks.length && !failed) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await tasks[i]!() };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, loop));
  const out: T[] = [];
  for (const r of results) {
    if (r === undefined) break;
    if (r.status === 'rejected') throw r.reason;
    out.push(r.value);
  }
  return out;
}

/** The parquet builder does not extract archives: a zip among its files is not read as parquet. */
function isZip(path: string): boolean {
  return path.endsWith('.zip');
}

const EXTRACTING_BUILDERS: ReadonlySet<ModuleName> = new Set(['csv', 'json', 'text', 'conll', 'eval']);

/** `_extract`'s test (datasets 5.2): the last extension, less shard suffixes, is tar or tgz, or a compressed tar. */
function isTarToExtract(path: string): boolean {
  const base = basename(path);
  if (!base.includes('.')) return false;
  let ext = base.split('.').pop()!;
  for (const sym of ['?', '-', '_']) ext = ext.split(sym)[0]!;
  return ext === 'tar' || ext === 'tgz' || /\.tar\.(gz|bz2|xz)$/.test(base);
}

/** What a builder's `_split_generators` refuses before reading any file. */
function builderSplitChecks(module: ModuleName, splits: [string, string[]][]): void {
  // harbor: every split is a set of task folders, each with its task.toml
  if (module === 'harbor' && splits.some(([, fs]) => !fs.some((f) => basename(f) === 'task.toml'))) {
    throw new EmptyDatasetError('No task.toml or instruction.md files found');
  }
  // webdataset and eval: the columns are read from the first file of the last split (the loop's last value)
  if (module === 'webdataset' || module === 'eval') {
    const [split, fs] = splits[splits.length - 1]!;
    if (fs.length === 0)
      throw new SplitsNamesError(`The split names could not be parsed: split '${split}', the last one, has no data file to read the columns from`);
    // a YAML config's files are not filtered: a first file that is not an archive of the builder cannot be read
    // (tarfile's `r|*` reads a gzip, bz2 or xz tar too)
    if (module === 'webdataset' && !/\.(tar|zip|tar\.gz|tar\.bz2|tar\.xz)$/.test(fs[0]!))
      throw new SplitsNamesError(`The split names could not be parsed: '${fs[0]}' is not a tar archive`);
  }
  // the builders that extract every file (StreamingDownloadManager.extract) refuse a tar archive in streaming mode
  if (EXTRACTING_BUILDERS.has(module)) {
    const tar = splits.flatMap(([, fs]) => fs).find(isTarToExtract);
    if (tar) throw new SplitsNamesError(`The split names could not be parsed: extraction of TAR archives like '${tar}' is not implemented in streaming mode`);
  }
  // json: the columns are read from the first split's first file
  if (module === 'json' && splits[0]![1].length === 0) {
    throw new SplitsNamesError(`The split names could not be parsed: split '${splits[0]![0]}', the first one, has no data file to read the columns from`);
  }
  // parquet: the columns are read from the first file of the first split that has one; a file that is not
  // parquet there is an error (on_bad_files="error"), and so is a split before it without any file
  if (module === 'parquet') {
    const exts = MODULE_TO_EXTENSIONS.parquet.filter((e) => e !== '.zip');
    for (const [split, fs] of splits) {
      if (fs.length === 0) throw new SplitsNamesError(`At least one valid data file must be specified: split '${split}' has no file to read the columns from`);
      if (!exts.some((e) => fs[0]!.endsWith(e))) throw new SplitsNamesError(`Failed to read the schema of '${fs[0]}': not a parquet file`);
      break;
    }
  }
}

/** The split → patterns the library finds in the files under `base` (`get_data_patterns`). */
function defaultPatterns(paths: readonly string[], base: string, emptyMessage: string): Record<string, string[]> {
  const relative = paths.filter((p) => p.startsWith(base)).map((p) => p.slice(base.length));
  try {
    const patterns = inferDataFilesPatterns(relative);
    return Object.fromEntries(Object.entries(patterns).map(([split, ps]) => [split, ps.map((p) => base + p)]));
  } catch (err) {
    if (err instanceof NoDataFilesError) throw new EmptyDatasetError(emptyMessage, { cause: err });
    throw new SplitsNamesError(`Cannot find the splits: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Each split's files (`DataFilesDict.from_patterns`): a pattern without a wildcard must exist; a pattern
 * with one may match nothing, and a split may so have no file.
 */
function resolveSplits(patterns: Record<string, string[]>, paths: readonly string[], base = ''): Record<string, string[]> {
  const out = splitRecord<string[]>();
  for (const [split, splitPatterns] of Object.entries(patterns)) {
    const files: string[] = [];
    for (const pattern of splitPatterns) {
      const full = joinPattern(base, pattern);
      try {
        for (const file of resolvePattern(full, paths, ALL_ALLOWED_EXTENSIONS)) files.push(file);
      } catch (err) {
        if (!(err instanceof PatternNotFoundError)) throw err;
        if (!hasMagic(pattern)) throw new SplitsNamesError(`Split '${split}': ${err.message}`, { cause: err });
      }
    }
    out[split] = files;
  }
  return out;
}

/**
 * A YAML pattern relative to the config's folder, joined as `xjoin` does: a `./` stays in the path, where
 * the Hub's file system finds nothing (so `./train.csv` is a missing file for the library, and for us).
 */
function joinPattern(base: string, pattern: string): string {
  return base + pattern;
}

/** A YAML config: its patterns now (errors of the config stage), its files later (errors of the split stage). */
function planYamlConfig(c: MetadataConfig, paths: readonly string[]): { name: string; resolve: () => ConfigPlan } {
  // as xjoin: trailing slashes go, a leading `./` stays (and matches no file)
  const base = c.dataDir ? `${c.dataDir.replace(/\/+$/g, '')}/` : '';
  const patterns = c.dataFiles ?? defaultPatterns(paths, base, `The dataset doesn't contain data files matching the patterns for config '${c.name}'`);
  checkConfigName(c.name, c.nameIsString);
  return {
    name: c.name,
    // inferred patterns already start with the folder; the YAML's are relative to it
    resolve: () => ({ name: c.name, splits: Object.entries(resolveSplits(patterns, paths, c.dataFiles ? base : '')), params: c.params }),
  };
}

/** One builder for the whole dataset: every split's files must give the same one (`infer_module_for_data_files`). */
async function inferDatasetModule(
  filesBySplit: Record<string, string[]>,
  listArchives: (zips: readonly string[]) => Promise<string[]>,
): Promise<InferredModule> {
  const modules: [string, InferredModule | undefined][] = [];
  for (const [split, fs] of Object.entries(filesBySplit)) modules.push([split, await inferModule(fs, listArchives)]);
  const key = (m: InferredModule | undefined) => (m ? `${m.module}|${m.kwargs}` : 'none');
  const first = modules[0]?.[1];
  if (modules.some(([, m]) => key(m) !== key(first))) {
    throw new FileFormatMismatchBetweenSplitsError(
      `Couldn't infer the same data file format for all splits. Got ${JSON.stringify(Object.fromEntries(modules.map(([s, m]) => [s, m?.module ?? null])))}`,
    );
  }
  if (!first) throw new EmptyDatasetError('No (supported) data files found');
  return first;
}

/** The members of the first zip archives, from their central directories (read by Range, charged to `maxBytes` each). */
async function listArchives(hub: HubClient, dataset: string, sha: string, zips: RepoFile[], maxBytes: number): Promise<string[]> {
  const names: string[] = [];
  for (const zip of zips.slice(0, ARCHIVES_MAX_NUMBER_FOR_MODULE_INFERENCE)) {
    for (const name of await zipMemberNames(hubFileSource(hub, dataset, sha, zip), maxBytes)) names.push(name);
  }
  return names;
}

export type { ModuleName };

async function loadRowCounts(hub: HubClient, dataset: string, sha: string): Promise<Map<string, number>> {
  const text = await hub.cachedText(dataset, sha, ROW_COUNTS_FILE);
  if (!text) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(text) as Record<string, number>));
  } catch {
    return new Map();
  }
}

async function saveRowCounts(hub: HubClient, dataset: string, sha: string, counts: Map<string, number>): Promise<void> {
  await hub.cacheText(dataset, sha, ROW_COUNTS_FILE, JSON.stringify(Object.fromEntries(counts)));
}

/** WebDataset.NUM_EXAMPLES_FOR_FEATURES_INFERENCE (datasets 5.2). */
const WEBDATASET_SAMPLES_FOR_FEATURES = 5;

/**
 * The webdataset builder's `_split_generators`: it reads the first samples of a shard to infer the columns, and
 * refuses the split listing when they do not all have the same fields (or a sample has a field twice, or the shard
 * cannot be read). Read here the same way, from the first headers only (within COUNT_ROWS_MAX_BYTES); a shard the
 * check cannot read within the bound, or of a kind it does not read, is left to the count (null).
 */
async function webdatasetSampleCheck(hub: HubClient, dataset: string, sha: string, shard: RepoFile, maxBytes: number): Promise<void> {
  const budget = new ReadBudget(maxBytes, maxBytes * INFLATE_RATIO);
  const source = budgeted(hubFileSource(hub, dataset, sha, shard), budget);
  const compression = compressionOf(shard.path);
  let samples: Set<string>[];
  try {
    if (/\.tar$/i.test(shard.path)) samples = await firstSampleFields(source, WEBDATASET_SAMPLES_FOR_FEATURES);
    else if ((compression === 'gzip' || compression === 'bz2' || compression === 'xz') && /\.tar$/i.test(innerPath(shard.path)))
      samples = await firstSampleFields(decompressedSource(source, compression, budget), WEBDATASET_SAMPLES_FOR_FEATURES, true);
    else return;
  } catch (err) {
    if (err instanceof CountFormatError) throw new SplitsNamesError(`The split names could not be parsed: ${err.message}`, { cause: err });
    if (err instanceof CountLimitError) return;
    throw err;
  }
  const first = samples[0];
  // no sample at all: pyarrow cannot concatenate zero tables (ArrowInvalid)
  if (!first) throw new SplitsNamesError(`The split names could not be parsed: no WebDataset sample in ${shard.path}`);
  if (samples.some((s) => s.size !== first.size || [...s].some((f) => !first.has(f)))) {
    throw new SplitsNamesError(
      "The split names could not be parsed: The TAR archives of the dataset should be in WebDataset format, but the files in the archive don't share the same prefix or the same types.",
    );
  }
}
