import { previewValue } from './preview-value.ts';
import { ConfigNamesError } from './errors.ts';
import { sanitizePatterns, SPLIT_RE } from './data-files-patterns.ts';
import { INVALID_CONFIG_NAME_CHARACTERS } from './library-rules.ts';

/** One entry of the README's `configs:` (MetadataConfigs in the library). */
export interface MetadataConfig {
  /** a YAML name may be a number: the library only fails on it when it makes the builder config */
  name: string;
  nameIsString: boolean;
  /** split → patterns, in the YAML's order; undefined: inferred from the files under dataDir */
  dataFiles: Record<string, string[]> | undefined;
  dataDir: string | undefined;
  isDefault: boolean;
  /** the entry's other keys: builder options (`sep`, `field`, `sample_by`…), see builder-options.ts */
  params: Record<string, unknown>;
}

export interface MetadataConfigs {
  configs: MetadataConfig[];
}

/** The keys of a `configs:` entry that are not builder options. */
const CONFIG_KEYS: ReadonlySet<string> = new Set(['config_name', 'data_files', 'data_dir', 'default']);

/** Python's truthiness, for the YAML values the library tests with `if value:`. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/**
 * Reads `configs:` as `MetadataConfigs.from_dataset_card_data` does: a list of mappings, each with a
 * `config_name`; `data_files` a string, a list of strings, or a list of `{split, path}` with a valid split
 * name (a `{split: pattern}` mapping is rejected). A name given twice keeps its first place and its last
 * value. Names are checked later, when the builder configs are made (`checkConfigName`).
 */
export function metadataConfigs(cardData: Record<string, unknown>): MetadataConfigs {
  const raw = cardData.configs;
  if (!truthy(raw)) return { configs: [] };
  if (!Array.isArray(raw)) throw new ConfigNamesError(`Expected configs to be a list, but got '${previewValue(raw)}'`);
  // keyed by the YAML value: 1 and "1" are two configs, as two keys of a Python dict
  const byName = new Map<unknown, MetadataConfig>();
  for (const entry of raw as unknown[]) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry) || !('config_name' in entry)) {
      throw new ConfigNamesError(`Each config must include \`config_name\` field with a string name of a config, but got ${previewValue(entry)}.`);
    }
    const c = entry as Record<string, unknown>;
    validateDataFilesField(c.data_files);
    const dataFiles = c.data_files === undefined || c.data_files === null ? undefined : sanitizePatterns(c.data_files);
    const name = c.config_name;
    const previous = byName.get(name);
    const config = {
      name: String(name),
      nameIsString: typeof name === 'string',
      dataFiles,
      dataDir: truthy(c.data_dir) ? String(c.data_dir) : undefined,
      isDefault: truthy(c.default),
      params: Object.fromEntries(Object.entries(c).filter(([k]) => !CONFIG_KEYS.has(k))),
    };
    if (previous) Object.assign(previous, config);
    else byName.set(name, config);
  }
  // then, entry by entry, `Features._from_yaml_list(features)` (after every entry passed the checks above)
  for (const entry of raw as Record<string, unknown>[]) if ('features' in entry) checkYamlFeatures(entry.features);
  return { configs: [...byName.values()] };
}

/** Python's type name of a YAML value, as `type(obj)` prints it. */
function pythonType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return 'int';
  if (typeof v === 'number') return 'float';
  if (v instanceof Date) return 'datetime.datetime';
  return 'object';
}

/**
 * The outer checks of `Features._from_yaml_list`, run on each config's `features` when the library reads
 * `configs:` (MetadataConfigs.from_dataset_card_data): a mapping or a list, a list's items mappings with a
 * `name` (`_feature.pop("name")`). What `Features.from_dict` then makes of the types is not checked here.
 */
function checkYamlFeatures(features: unknown): void {
  if (Array.isArray(features)) {
    for (const item of features as unknown[]) {
      if (!item || typeof item !== 'object' || Array.isArray(item) || item instanceof Date) {
        throw new ConfigNamesError(`'${pythonType(item)}' object has no attribute 'pop' (a config's features: ${previewValue(item)})`);
      }
      if (!('name' in item)) throw new ConfigNamesError(`KeyError: 'name' (a config's features: ${previewValue(item)})`);
    }
    return;
  }
  if (features && typeof features === 'object' && !(features instanceof Date)) return;
  const shown = features === null || features === undefined ? 'None' : previewValue(features);
  throw new ConfigNamesError(`Expected a dict or a list but got <class '${pythonType(features)}'>: ${shown}`);
}

/** `MetadataConfigs.get_default_config_name`: the only config, the one named "default", or the one with `default: true`. */
export function defaultConfigName(configs: readonly MetadataConfig[]): string | undefined {
  let found: string | undefined;
  for (const c of configs) {
    if (configs.length === 1 || c.name === 'default' || c.isDefault) {
      if (found !== undefined) throw new ConfigNamesError(`Dataset has several default configs: '${found}' and '${c.name}'.`);
      found = c.name;
    }
  }
  return found;
}

/** `BuilderConfig.__post_init__`: characters that would make a bad folder name on Windows are refused, and a name that is not a string. */
export function checkConfigName(name: string, isString = true): void {
  if (!isString) throw new ConfigNamesError(`The config name ${name} is not a string`);
  for (const ch of INVALID_CONFIG_NAME_CHARACTERS) {
    if (name.includes(ch)) {
      throw new ConfigNamesError(
        `Bad characters from black list '${INVALID_CONFIG_NAME_CHARACTERS}' found in '${name}'. They could create issues when creating a directory for this config on Windows filesystem.`,
      );
    }
  }
}

/** `_raise_if_data_files_field_not_valid`: a string, or a list of strings and `{split, path}` with a valid split name. */
function validateDataFilesField(value: unknown): void {
  if (value === undefined || value === null) return;
  const ok =
    typeof value === 'string' ||
    (Array.isArray(value) &&
      value.every((item) => {
        if (typeof item === 'string') return true;
        if (!item || typeof item !== 'object' || Array.isArray(item)) return false;
        const o = item as Record<string, unknown>;
        return (
          Object.keys(o).length === 2 &&
          'split' in o &&
          typeof o.split === 'string' &&
          SPLIT_RE.test(o.split) &&
          (typeof o.path === 'string' || Array.isArray(o.path))
        );
      }));
  if (!ok) {
    throw new ConfigNamesError(
      `Expected data_files in YAML to be either a string or a list of strings or a list of dicts with two keys: 'split' and 'path', but got ${previewValue(value)}`,
    );
  }
}
