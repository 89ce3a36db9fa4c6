import { BUILDER_CONFIG_PARAMS, type ModuleName } from './library-rules.ts';

/**
 * The builder options of a YAML config (`configs:` entries' other keys: `sep`, `field`, `sample_by`, `filters`…), as
 * `create_builder_configs_from_metadata_configs` passes them: the inferred module's kwargs (`{"sep": "\t"}` for
 * `.tsv`), overridden by the config's own params that are attributes of the builder's config class (the others are
 * ignored by the library, with a warning). A count honours every option in force, or is not given:
 *
 * - `neutral`: the option changes values, columns, types or speed, never which records there are;
 * - `honoured`: the counter reads it (the csv separator, conll's comment prefix);
 * - `utf-8`: an encoding the counters read (UTF-8, the default), any other makes the count null;
 * - anything else: the count is null unless the option has its default value.
 *
 * The table per builder is in docs/answer.md ("Builder options").
 */
type Treatment = 'neutral' | 'honoured' | 'utf-8' | 'strict-errors';

const COMMON: Readonly<Record<string, Treatment>> = {
  features: 'neutral',
  columns: 'neutral',
  batch_size: 'neutral',
  chunksize: 'neutral',
  block_size: 'neutral',
  use_threads: 'neutral',
  decode_num_threads: 'neutral',
  input_batch_size: 'neutral',
  output_batch_size: 'neutral',
  max_batch_bytes: 'neutral',
  fragment_scan_options: 'neutral',
  token: 'neutral',
  encoding: 'utf-8',
  encoding_errors: 'strict-errors',
};

export const BUILDER_OPTION_TREATMENT: Readonly<Partial<Record<ModuleName, Readonly<Record<string, Treatment>>>>> = {
  csv: {
    sep: 'honoured',
    delimiter: 'honoured',
    usecols: 'neutral',
    index_col: 'neutral',
    prefix: 'neutral',
    mangle_dupe_cols: 'neutral',
    converters: 'neutral',
    true_values: 'neutral',
    false_values: 'neutral',
    skipinitialspace: 'neutral',
    na_values: 'neutral',
    keep_default_na: 'neutral',
    na_filter: 'neutral',
    verbose: 'neutral',
    thousands: 'neutral',
    decimal: 'neutral',
    memory_map: 'neutral',
    float_precision: 'neutral',
    date_format: 'neutral',
    error_bad_lines: 'neutral',
    warn_bad_lines: 'neutral',
  },
  json: { on_mixed_types: 'neutral' },
  text: { keep_linebreaks: 'neutral' },
  conll: { comment_prefix: 'honoured', delimiter: 'neutral' },
  harbor: { strip_canary: 'neutral', include_files: 'neutral' },
  imagefolder: { drop_labels: 'neutral' },
  audiofolder: { drop_labels: 'neutral' },
  videofolder: { drop_labels: 'neutral' },
  meshfolder: { drop_labels: 'neutral' },
  pdffolder: { drop_labels: 'neutral' },
  niftifolder: { drop_labels: 'neutral' },
  mmcif: { drop_labels: 'neutral' },
  pdb: { drop_labels: 'neutral' },
};

/** How an option of this builder is treated when it is not at its default (see above); `default-only` otherwise. */
export function optionTreatment(module: ModuleName, option: string): Treatment | 'default-only' {
  return BUILDER_OPTION_TREATMENT[module]?.[option] ?? COMMON[option] ?? 'default-only';
}

export type BuilderOptions = { countable: true; kwargs: string } | { countable: false; option: string };

const UTF8 = new Set(['utf-8', 'utf8', 'UTF-8', 'UTF8', 'utf_8']);

/**
 * The options in force for a config (the module's kwargs, then the config's params the builder knows), and whether
 * its rows can be counted exactly: `kwargs` (JSON) for the counter, or the first option that keeps the count unknown.
 */
export function builderOptions(module: ModuleName, moduleKwargs: string, params: Readonly<Record<string, unknown>>): BuilderOptions {
  const known = BUILDER_CONFIG_PARAMS[module];
  const effective: Record<string, unknown> = { ...(JSON.parse(moduleKwargs) as Record<string, unknown>) };
  for (const [k, v] of Object.entries(params)) if (Object.hasOwn(known, k)) effective[k] = v;
  // CsvConfig.__post_init__: a delimiter replaces sep
  if (module === 'csv' && effective.delimiter !== undefined && effective.delimiter !== null) effective.sep = effective.delimiter;
  for (const [option, value] of Object.entries(effective)) {
    if (!Object.hasOwn(known, option) || JSON.stringify(value) === JSON.stringify(known[option])) continue;
    const treatment = optionTreatment(module, option);
    if (treatment === 'neutral' || treatment === 'honoured') continue;
    if (treatment === 'utf-8' && (value === null || (typeof value === 'string' && UTF8.has(value)))) continue;
    if (treatment === 'strict-errors' && (value === null || value === 'strict')) continue;
    return { countable: false, option };
  }
  return { countable: true, kwargs: JSON.stringify(effective) };
}
