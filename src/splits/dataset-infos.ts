import { previewValue } from './preview-value.ts';
import { ConfigNamesError } from './errors.ts';

/** Sizes one config's splits have in `dataset_info` (README) or the legacy `dataset_infos.json`. */
export interface SplitInfo {
  name: string;
  num_bytes: number | null;
  num_examples: number | null;
}

/** config name → its splits in declared order, or null when the info has no `splits` */
export type DatasetInfos = Map<string, SplitInfo[] | null>;

/** The fields of the library's `SplitInfo`: any other key in a split is a TypeError there. */
const SPLIT_INFO_FIELDS = new Set(['name', 'num_bytes', 'num_examples', 'shard_lengths', 'original_shard_lengths', 'dataset_name']);

function toNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

/** `SplitDict.from_split_dict`: a list of splits, or a mapping whose values are the splits (their keys are ignored). */
function splitsOf(splits: unknown, where: string): SplitInfo[] | null {
  if (splits === undefined || splits === null) return null;
  const list = Array.isArray(splits) ? splits : typeof splits === 'object' ? Object.values(splits as Record<string, unknown>) : undefined;
  if (!list) throw new ConfigNamesError(`Invalid splits in ${where}: ${previewValue(splits)}`);
  return list.map((s) => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw new ConfigNamesError(`Invalid split in ${where}: ${previewValue(s)}`);
    const o = s as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !SPLIT_INFO_FIELDS.has(k));
    if (unknown.length > 0) throw new ConfigNamesError(`Unknown field(s) ${unknown.join(', ')} in a split of ${where}`);
    // A split declared without numbers is 0 rows in the library; we say "not known" (test/parity/deviations.json: declared-without-numbers).
    return { name: o.name === undefined ? '' : String(o.name), num_bytes: toNumber(o.num_bytes), num_examples: toNumber(o.num_examples) };
  });
}

/** README `dataset_info` (`DatasetInfosDict.from_dataset_card_data`): one mapping or a list of them, `config_name` defaulting to "default". */
export function datasetInfosFromCardData(cardData: Record<string, unknown>): DatasetInfos {
  const raw = cardData.dataset_info;
  const out: DatasetInfos = new Map();
  if (!raw || typeof raw !== 'object') return out;
  for (const info of Array.isArray(raw) ? raw : [raw]) {
    if (!info || typeof info !== 'object' || Array.isArray(info)) throw new ConfigNamesError(`Invalid dataset_info in the README YAML: ${previewValue(info)}`);
    const i = info as Record<string, unknown>;
    out.set(i.config_name === undefined ? 'default' : String(i.config_name), splitsOf(i.splits, 'dataset_info'));
  }
  return out;
}

/**
 * Legacy `dataset_infos.json`: `{ config_name: { splits: { split: {...} } } }`. A single entry is the
 * `default` config (it was named after the user and the dataset by old versions of push_to_hub).
 */
export function datasetInfosFromJson(text: string | undefined): DatasetInfos {
  const out: DatasetInfos = new Map();
  if (!text) return out;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigNamesError(`dataset_infos.json is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ConfigNamesError('dataset_infos.json is not a mapping of config names to infos');
  const entries = Object.entries(data as Record<string, unknown>);
  for (const [config, info] of entries) {
    const splits = info && typeof info === 'object' ? splitsOf((info as Record<string, unknown>).splits, 'dataset_infos.json') : null;
    out.set(entries.length === 1 ? 'default' : config, splits);
  }
  return out;
}

/** The legacy file's infos, updated with the README's (`legacy_dataset_infos.update(dataset_infos)`). */
export function mergeDatasetInfos(legacy: DatasetInfos, readme: DatasetInfos): DatasetInfos {
  const out: DatasetInfos = new Map(legacy);
  for (const [k, v] of readme) out.set(k, v);
  return out;
}
