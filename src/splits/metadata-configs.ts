import { SplitsNamesError } from './errors.ts';
import { sanitizePatterns } from './data-files-patterns.ts';

/** One entry of the README's `configs:` (MetadataConfigs in the library). */
export interface MetadataConfig {
  name: string;
  /** split → patterns, in the YAML's order; undefined: inferred from the files under dataDir */
  dataFiles: Record<string, string[]> | undefined;
  dataDir: string | undefined;
}

export interface MetadataConfigs {
  configs: MetadataConfig[];
  defaultConfigName: string | undefined;
}

/**
 * Reads `configs:` (a list of mappings), as `MetadataConfigs.from_dataset_card_data` does:
 * `config_name` defaults to "default"; `data_files` is a string, a list, a split → patterns mapping or a
 * list of {split, path}. The default config is the one with `default: true`, the one named "default", or the
 * only one; two defaults are an error.
 */
export function metadataConfigs(cardData: Record<string, unknown>): MetadataConfigs {
  const raw = cardData.configs;
  if (raw === undefined || raw === null) return { configs: [], defaultConfigName: undefined };
  if (!Array.isArray(raw)) {
    throw new SplitsNamesError(`Expected configs to be a list in the README YAML, but got ${JSON.stringify(raw)}`);
  }
  const list: unknown[] = raw;
  const byName = new Map<string, MetadataConfig & { isDefault: boolean }>();
  for (const entry of list) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new SplitsNamesError(`Invalid 'configs' in the README YAML: each config must be a mapping, got ${JSON.stringify(entry)}`);
    }
    const c = entry as Record<string, unknown>;
    const name = c.config_name === undefined ? 'default' : String(c.config_name);
    let dataFiles: Record<string, string[]> | undefined;
    if (c.data_files !== undefined && c.data_files !== null) {
      validateDataFilesField(c.data_files, name);
      try {
        dataFiles = sanitizePatterns(c.data_files);
      } catch (err) {
        throw new SplitsNamesError(`Invalid 'data_files' of config '${name}' in the README YAML: ${(err as Error).message}`, { cause: err });
      }
    }
    byName.set(name, { name, dataFiles, dataDir: c.data_dir === undefined || c.data_dir === null ? undefined : String(c.data_dir), isDefault: c.default === true });
  }
  const configs = [...byName.values()];
  let defaultConfigName: string | undefined;
  for (const c of configs) {
    if (configs.length === 1 || c.name === 'default' || c.isDefault) {
      if (defaultConfigName !== undefined) throw new SplitsNamesError(`Dataset has several default configs: '${defaultConfigName}' and '${c.name}'.`);
      defaultConfigName = c.name;
    }
  }
  return { configs: configs.map(({ isDefault: _, ...c }) => c), defaultConfigName };
}

/** `_raise_if_data_files_field_not_valid`: a string, a list of strings, or a list of {split, path}. */
function validateDataFilesField(value: unknown, configName: string): void {
  const isStr = (v: unknown) => typeof v === 'string';
  const isSplitEntry = (v: unknown) =>
    !!v && typeof v === 'object' && !Array.isArray(v) && 'split' in v && 'path' in v &&
    (isStr((v as { path: unknown }).path) || (Array.isArray((v as { path: unknown }).path) && ((v as { path: unknown[] }).path).every(isStr)));
  const ok = isStr(value) || (Array.isArray(value) && (value.every(isStr) || value.every(isSplitEntry))) || (typeof value === 'object' && value !== null && !Array.isArray(value));
  if (!ok) {
    throw new SplitsNamesError(
      `Expected data_files in YAML to be either a string or a list of strings or a list of dicts with two keys: 'split' and 'path', but got ${JSON.stringify(value)} (config '${configName}')`,
    );
  }
}
