import type { ParseOptions, DocumentOptions, SchemaOptions, ScalarTag, Tags } from 'yaml';

/**
 * YAML as the `datasets` library reads a dataset card: PyYAML's `yaml.safe_load`, which is YAML 1.1 with PyYAML's
 * own implicit resolvers (resolver.py) and SafeConstructor. The `yaml` package's YAML 1.1 schema is close, but not
 * the same; the differences change answers:
 *
 * - booleans: PyYAML takes `yes/no/on/off/true/false` in three casings, not `y`/`n`;
 * - integers: `0b…`, `0x…`, `0…` octal, sexagesimal `1:30` (= 90), `_` separators; a decimal never starts with `0`
 *   (`09` is a string);
 * - floats need a dot, and an exponent needs its sign (`1e3` and `1.0e3` are strings; `1.0e+3` is a float);
 * - timestamps: `2001-12-14` (two-digit month and day), or a date and a time;
 * - a plain `=` is PyYAML's `value` tag, which `safe_load` cannot construct: an error;
 * - merge keys (`<<: *anchor`) are applied (YAML 1.1).
 *
 * Each resolver below is PyYAML 6's regular expression, written the same way, and applies to plain scalars only.
 */

/** A plain scalar PyYAML resolves to its `value` tag, which the safe loader refuses (a ConstructorError). */
export class PyYamlConstructorError extends Error {
  override name = 'ConstructorError';
}

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const TIMESTAMP_PARTS =
  /^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$/;

/** Base-60 digits, as SafeConstructor reads `1:30:00`. */
function sexagesimal(value: string): number {
  let n = 0;
  for (const part of value.split(':')) n = n * 60 + Number(part);
  return n;
}

/** SafeConstructor.construct_yaml_int. */
function constructInt(source: string): number | bigint {
  let value = source.replaceAll('_', '');
  let sign = 1;
  if (value[0] === '-') sign = -1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  let n: bigint;
  if (value === '0') return 0;
  if (value.startsWith('0b')) n = BigInt(value);
  else if (value.startsWith('0x')) n = BigInt(value);
  else if (value[0] === '0') n = BigInt(`0o${value.slice(1)}`);
  else if (value.includes(':')) return sign * sexagesimal(value);
  else n = BigInt(value);
  const signed = sign < 0 ? -n : n;
  // Python's ints are unbounded: past 2^53 the exact value is kept as a bigint rather than rounded.
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed;
}

/** SafeConstructor.construct_yaml_float. */
function constructFloat(source: string): number {
  let value = source.replaceAll('_', '').toLowerCase();
  let sign = 1;
  if (value[0] === '-') sign = -1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return NaN;
  if (value.includes(':')) return sign * sexagesimal(value);
  return sign * Number(value.endsWith('.') ? value.slice(0, -1) : value.replace(/^\./, '0.'));
}

/** SafeConstructor.construct_yaml_timestamp: a date at midnight UTC, or the date and time in UTC. */
function constructTimestamp(source: string): Date {
  const m = TIMESTAMP_PARTS.exec(source)!;
  const [, y, mo, d, h, mi, s, frac, tz, tzSign, tzH, tzM] = m;
  const ms = frac ? Math.floor(Number(`0.${frac.slice(0, 6).padEnd(6, '0')}`) * 1000) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (tz && tz !== 'Z') t -= (tzSign === '-' ? -1 : 1) * (Number(tzH) * 60 + Number(tzM ?? 0)) * 60_000;
  return new Date(t);
}

const PYYAML_SCALARS: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:bool', default: true, identify: (v) => typeof v === 'boolean', test: BOOL, resolve: (s) => /^(?:yes|true|on)$/i.test(s) },
  {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    identify: (v) => typeof v === 'bigint' || Number.isInteger(v),
    test: INT,
    resolve: (s) => constructInt(s),
  },
  { tag: 'tag:yaml.org,2002:float', default: true, identify: (v) => typeof v === 'number', test: FLOAT, resolve: (s) => constructFloat(s) },
  { tag: 'tag:yaml.org,2002:timestamp', default: true, identify: (v) => v instanceof Date, test: TIMESTAMP, resolve: (s) => constructTimestamp(s) },
  {
    tag: 'tag:yaml.org,2002:value',
    default: true,
    test: /^=$/,
    resolve: () => {
      throw new PyYamlConstructorError("could not determine a constructor for the tag 'tag:yaml.org,2002:value'");
    },
  },
];

const REPLACED = new Set(['tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);

/** The `yaml` package's YAML 1.1 schema with PyYAML's resolvers in place of its own (see above). */
function pyYamlTags(tags: Tags): Tags {
  return [...tags.filter((t) => !REPLACED.has(typeof t === 'string' ? t : t.tag)), ...PYYAML_SCALARS];
}

/** Options of `yaml`'s `parse` that read a text as `yaml.safe_load` does. */
export const PYYAML_SAFE_LOAD: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: 'yaml-1.1',
  merge: true,
  customTags: pyYamlTags,
  intAsBigInt: false,
};
