/** Sizes one config's splits have in `dataset_info` (README) or the legacy `dataset_infos.json`. */
export interface SplitInfo {
  name: string;
  num_bytes: number | null;
  num_examples: number | null;
}

/** config name → its splits, in the order they are declared */
export type DatasetInfos = Map<string, SplitInfo[]>;

function toNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

function splitsOf(info: Record<string, unknown>): SplitInfo[] | undefined {
  const splits = info.splits;
  if (Array.isArray(splits)) {
    return splits
      .filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
      .map((s) => ({ name: String(s.name), num_bytes: toNumber(s.num_bytes), num_examples: toNumber(s.num_examples) }));
  }
  if (splits && typeof splits === 'object') {
    // dataset_infos.json: { split_name: { name, num_bytes, num_examples } }
    return Object.entries(splits as Record<string, Record<string, unknown>>).map(([name, s]) => ({
      name: String(s?.name ?? name),
      num_bytes: toNumber(s?.num_bytes),
      num_examples: toNumber(s?.num_examples),
    }));
  }
  return undefined;
}

/** README `dataset_info`: one mapping or a list of them, `config_name` defaulting to "default". */
export function datasetInfosFromCardData(cardData: Record<string, unknown>): DatasetInfos | undefined {
  const raw = cardData.dataset_info;
  if (!raw || typeof raw !== 'object') return undefined;
  const out: DatasetInfos = new Map();
  for (const info of Array.isArray(raw) ? raw : [raw]) {
    if (!info || typeof info !== 'object') continue;
    const i = info as Record<string, unknown>;
    const splits = splitsOf(i);
    if (splits) out.set(i.config_name === undefined ? 'default' : String(i.config_name), splits);
  }
  return out.size > 0 ? out : undefined;
}

/** Legacy `dataset_infos.json`: `{ config_name: { splits: { split: {...} } } }`. Unreadable JSON counts as absent. */
export function datasetInfosFromJson(text: string | undefined): DatasetInfos | undefined {
  if (!text) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const out: DatasetInfos = new Map();
  for (const [config, info] of Object.entries(data as Record<string, Record<string, unknown>>)) {
    const splits = info && typeof info === 'object' ? splitsOf(info) : undefined;
    if (splits) out.set(config, splits);
  }
  return out.size > 0 ? out : undefined;
}
