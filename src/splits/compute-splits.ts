import type { HubClient, RepoFile } from '../hub/hub-client.ts';
import type { SplitItem, SplitsResponse } from './types.ts';
import { DatasetWithScriptNotSupportedError, EmptyDatasetError, SplitsNamesError } from './errors.ts';
import { readmeCardData, parseYamlObject } from './readme-metadata.ts';
import { metadataConfigs } from './metadata-configs.ts';
import { datasetInfosFromCardData, datasetInfosFromJson, type DatasetInfos } from './dataset-infos.ts';
import { inferDataFilesPatterns, NoDataFilesError, PatternNotFoundError, resolveSplitFiles } from './data-files-patterns.ts';
import { ALL_ALLOWED_EXTENSIONS, filterFilesForModule, inferModule, METADATA_FILENAMES, type ModuleName } from './infer-module.ts';
import { countRows } from './count-rows.ts';

export interface ComputeOptions {
  /** COUNT_ROWS_MAX_BYTES: text files of a split are counted only up to this total size */
  countRowsMaxBytes: number;
}

interface ConfigPlan {
  name: string;
  /** split → files (paths from the repo root), in the library's order */
  splits: [string, RepoFile[]][];
}

const ROW_COUNTS_FILE = '.splits-worker/parquet-row-counts.json';

/**
 * The /splits answer of one dataset, computed as the `datasets` library finds configs and splits in a
 * repository without a loading script (README `configs:`, else the data files), with sizes from
 * `dataset_info` and exact row counts where they are cheap.
 */
export async function computeSplits(hub: HubClient, dataset: string, opts: ComputeOptions): Promise<SplitsResponse> {
  const repo = await hub.repoInfo(dataset);
  const files = await hub.listFiles(dataset, repo.sha);
  const paths = new Set(files.map((f) => f.path));
  const scriptName = `${dataset.split('/').pop()}.py`;
  if (paths.has(scriptName)) {
    throw new DatasetWithScriptNotSupportedError(`Dataset scripts are no longer supported, but found ${scriptName}`);
  }

  let cardData = readmeCardData(paths.has('README.md') ? await hub.readText(dataset, repo.sha, 'README.md') : undefined);
  if (paths.has('.huggingface.yaml')) {
    cardData = { ...cardData, ...parseYamlObject((await hub.readText(dataset, repo.sha, '.huggingface.yaml')) ?? '', '.huggingface.yaml') };
  }
  const { configs, defaultConfigName } = metadataConfigs(cardData);
  const infos: DatasetInfos | undefined =
    datasetInfosFromCardData(cardData) ??
    (paths.has('dataset_infos.json') ? datasetInfosFromJson(await hub.readText(dataset, repo.sha, 'dataset_infos.json')) : undefined);

  const plans = planConfigs(files, configs.length > 0 ? configs : [{ name: 'default', dataFiles: undefined, dataDir: undefined }]);
  const module = inferDatasetModule(plans[0]!);
  for (const plan of plans) {
    for (const split of plan.splits) {
      const kept = new Set(filterFilesForModule(split[1].map((f) => f.path), module));
      split[1] = split[1].filter((f) => kept.has(f.path));
    }
  }
  if (plans.every((p) => p.splits.every(([, fs]) => fs.length === 0))) throw new EmptyDatasetError('No (supported) data files found');

  // The Hub lets anyone read a gated repo's README and tree; reading data needs access.
  if (repo.gated) {
    const first = plans.flatMap((p) => p.splits.flatMap(([, fs]) => fs))[0];
    if (first) await hub.checkFileAccess(dataset, repo.sha, first.path);
  }

  const ordered = defaultConfigName ? [...plans.filter((p) => p.name === defaultConfigName), ...plans.filter((p) => p.name !== defaultConfigName)] : plans;
  const knownParquetRows = await loadRowCounts(hub, dataset, repo.sha);
  const knownBefore = knownParquetRows.size;
  const ctx = { hub, dataset, sha: repo.sha, maxBytes: opts.countRowsMaxBytes, knownParquetRows };
  const splits: SplitItem[] = [];
  for (const plan of ordered) {
    const declared = infos?.get(plan.name);
    const byName = new Map(plan.splits);
    // The library takes the split names from dataset_info when it has them, else from the data files.
    const names = declared ? declared.map((s) => s.name) : plan.splits.map(([s]) => s);
    for (const split of names) {
      const info = declared?.find((s) => s.name === split);
      const splitFiles = byName.get(split);
      let numExamples = info?.num_examples ?? null;
      if (numExamples === null && splitFiles) {
        // folder builders read every later split from metadata once one split had a metadata file
        const index = plan.splits.findIndex(([s]) => s === split);
        const metadataInEarlierSplits = plan.splits.slice(0, index).some(([, fs]) => fs.some((f) => METADATA_FILENAMES.includes(f.path.slice(f.path.lastIndexOf('/') + 1))));
        numExamples = await countRows(ctx, module, splitFiles, { metadataInEarlierSplits });
      }
      splits.push({ dataset, config: plan.name, split, num_bytes: info?.num_bytes ?? null, num_examples: numExamples });
    }
  }
  if (knownParquetRows.size > knownBefore) await saveRowCounts(hub, dataset, repo.sha, knownParquetRows);
  return { splits };
}

function planConfigs(files: RepoFile[], configs: { name: string; dataFiles: Record<string, string[]> | undefined; dataDir: string | undefined }[]): ConfigPlan[] {
  return configs.map((config) => {
    const base = config.dataDir ? `${config.dataDir.replace(/^\.?\/+|\/+$/g, '')}/` : '';
    const inBase = files.filter((f) => f.path.startsWith(base));
    const relative = inBase.map((f) => f.path.slice(base.length));
    const byRelative = new Map(inBase.map((f) => [f.path.slice(base.length), f]));
    let patterns: Record<string, string[]>;
    try {
      patterns = config.dataFiles ?? inferDataFilesPatterns(relative);
    } catch (err) {
      if (err instanceof NoDataFilesError) {
        throw new EmptyDatasetError(
          configs.length > 1 || config.dataDir
            ? `The dataset doesn't contain data files matching the patterns for config '${config.name}'`
            : "The dataset doesn't contain any data files",
          { cause: err },
        );
      }
      throw new SplitsNamesError(`Cannot find the splits of config '${config.name}': ${(err as Error).message}`, { cause: err });
    }
    const splits: [string, RepoFile[]][] = [];
    for (const [split, splitPatterns] of Object.entries(patterns)) {
      let resolved: string[];
      try {
        resolved = resolveSplitFiles(splitPatterns, relative, ALL_ALLOWED_EXTENSIONS);
      } catch (err) {
        if (err instanceof PatternNotFoundError) {
          throw new SplitsNamesError(`Config '${config.name}', split '${split}': ${err.message}`, { cause: err });
        }
        throw err;
      }
      splits.push([split, resolved.map((p) => byRelative.get(p)!)]);
    }
    return { name: config.name, splits };
  });
}

/** One builder for the whole dataset, inferred from the first config's files; every split must agree. */
function inferDatasetModule(plan: ConfigPlan): ModuleName {
  const modules = plan.splits.map(([split, fs]) => [split, inferModule(fs.map((f) => f.path))] as const);
  const first = modules[0]?.[1];
  if (modules.some(([, m]) => m !== first)) {
    throw new SplitsNamesError(`Couldn't infer the same data file format for all splits. Got ${JSON.stringify(Object.fromEntries(modules.map(([s, m]) => [s, m ?? null])))}`);
  }
  if (!first) throw new EmptyDatasetError('No (supported) data files found');
  return first;
}

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

