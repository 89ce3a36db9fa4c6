/**
 * The dataset card's YAML read as the `datasets` library reads it, with the library's own stack as the oracle: the
 * pinned PyYAML (`yaml.safe_load`, YAML 1.1) and huggingface_hub's `REGEX_YAML_BLOCK` from the parity virtualenv
 * (`scripts/parity/setup-venv.sh`), run on the same texts as the worker.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { PYYAML_SAFE_LOAD } from '../../src/splits/pyyaml-schema.ts';
import { readmeCardData } from '../../src/splits/readme-metadata.ts';
import { defaultConfigName, metadataConfigs, checkConfigName } from '../../src/splits/metadata-configs.ts';
import { ConfigNamesError } from '../../src/splits/errors.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Scalars in every form PyYAML's resolvers tell apart, one document each. */
const SCALARS = [
  // booleans: three casings of six words; `y`, `n`, `yES` are strings
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'NO',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'y',
  'Y',
  'n',
  'N',
  'yES',
  'oN',
  '"yes"',
  "'no'",
  // null
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  '',
  // integers: octal, binary, hex, separators, sexagesimal; no leading zero in a decimal
  '0',
  '-0',
  '+12',
  '010',
  '-010',
  '09',
  '0x1F',
  '0b101',
  '1_000',
  '1:30',
  '-1:30',
  '190:20:30',
  '0o17',
  '00',
  '1:60',
  // floats: a dot is needed, an exponent has its sign
  '1.5',
  '1.',
  '.5',
  '-.5',
  '1e3',
  '1.0e3',
  '1.0e+3',
  '6.8523015e+5',
  '1:30.5',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '1_000.5',
  '1.5e-3',
  // timestamps: two-digit month and day for a date alone; a date and a time with or without a zone
  '2001-12-14',
  '2001-1-4',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  '2001-12-15 2:59:43.10',
  '2002-12-14T00:00:00Z',
  '2001-12-14 21:59:43.1234567',
  // strings that look like something else
  '1.2.3',
  '0x',
  '0b2',
  '1e',
  'v1',
  '- x',
  '"1"',
  '=x',
].map((s) => `v: ${s}\n`);

const DOCUMENTS = [
  ...SCALARS,
  // merge keys, one map and a list of maps; explicit keys win, then earlier maps
  'base: &b {a: 1, b: 2}\nother: &o {b: 3, c: 4}\nx:\n  <<: *b\n  a: 10\ny:\n  <<: [*o, *b]\n',
  // keys are resolved too
  'on: 1\n2: x\nnull: y\n2001-12-14: z\n',
  // configs as real READMEs write them
  'configs:\n- config_name: no\n  data_files: no.csv\n- config_name: yes\n  default: no\n',
  'configs:\n- config_name: 2020-01-01\n  data_files: a.csv\n',
  'dataset_info:\n  splits:\n  - name: train\n    num_examples: 1_000\n    num_bytes: 0x10\n',
  // `=` is PyYAML's value tag, which the safe loader cannot build
  'v: =\n',
];

const READMES = [
  '---\na: 1\n---\n',
  '\n---\na: 1\n---\n',
  '  \n\t---\na: 1\n---\n',
  '--- \na: 1\n---\n',
  '---\na: 1\n--- \n',
  '---\na: 1\n---x\n',
  '---\r\na: 1\r\n---\r\n',
  '---\ra: 1\r---\r\n',
  '---\ra: 1\r---\r',
  '\uFEFF---\na: 1\n---\n',
  '\uFEFF\uFEFF---\na: 1\n---\n',
  '\u00a0---\na: 1\n---\n',
  '\u0085---\na: 1\n---\n',
  '---\na: 1\n---',
  '---\na: 1\n',
  '---\n---\n',
  '---\n\n---\n',
  '---\n# only a comment\n---\n',
  'text\n---\na: 1\n---\n',
];

const ORACLE = String.raw`
import datetime, json, math, sys, yaml
from huggingface_hub.repocard import REGEX_YAML_BLOCK

def canon(v):
    if v is None: return ['null']
    if isinstance(v, bool): return ['bool', v]
    if isinstance(v, int): return ['num', str(v)]
    if isinstance(v, float):
        if math.isnan(v): return ['num', 'nan']
        if math.isinf(v): return ['num', 'inf' if v > 0 else '-inf']
        return ['num', str(int(v)) if v.is_integer() else repr(v)]
    if isinstance(v, str): return ['str', v]
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None: v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return ['ts', v.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (v.microsecond // 1000)]
    if isinstance(v, datetime.date): return ['ts', v.strftime('%Y-%m-%dT00:00:00.000Z')]
    if isinstance(v, list): return ['list', [canon(x) for x in v]]
    if isinstance(v, dict): return ['dict', [[canon(k), canon(x)] for k, x in v.items()]]
    return ['other', repr(v)]

def load(text):
    try: return {'ok': canon(yaml.safe_load(text))}
    except Exception as e: return {'error': type(e).__name__}

cases = json.load(sys.stdin)
out = {'documents': [load(t) for t in cases['documents']], 'readmes': []}
for r in cases['readmes']:
    r = r[1:] if r.startswith('\ufeff') else r  # read as utf-8-sig
    m = REGEX_YAML_BLOCK.search(r)
    loaded = load(m.group(2)) if m else {'ok': ['null']}
    # RepoCard: no block, or one that loads as None, is no metadata
    out['readmes'].append({'ok': ['dict', []]} if loaded == {'ok': ['null']} else loaded)
print(json.dumps(out))
`;

type Canon = unknown[];
type Loaded = { ok: Canon } | { error: string };

/** The same canonical form, from JavaScript values: keys in order, numbers as Python prints them. */
function canon(v: unknown): Canon {
  if (v === null || v === undefined) return ['null'];
  if (typeof v === 'boolean') return ['bool', v];
  if (typeof v === 'bigint') return ['num', String(v)];
  if (typeof v === 'number') return ['num', Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : Object.is(v, -0) ? '0' : String(v)];
  if (typeof v === 'string') return ['str', v];
  if (v instanceof Date) return ['ts', v.toISOString()];
  if (Array.isArray(v)) return ['list', v.map(canon)];
  if (v instanceof Map) return ['dict', [...v.entries()].map(([k, x]) => [canon(k), canon(x)])];
  return ['other', Object.prototype.toString.call(v)];
}

function loadJs(text: string): Loaded {
  try {
    return { ok: canon(parse(text, { ...PYYAML_SAFE_LOAD, mapAsMap: true, uniqueKeys: false })) };
  } catch (err) {
    return { error: (err as Error).name };
  }
}

let oracle: { documents: Loaded[]; readmes: Loaded[] };

before(() => {
  const python = execFileSync(path.join(root, 'scripts/parity/setup-venv.sh'), { encoding: 'utf8' }).trim();
  oracle = JSON.parse(
    execFileSync(python, ['-c', ORACLE], { input: JSON.stringify({ documents: DOCUMENTS, readmes: READMES }), encoding: 'utf8', maxBuffer: 1 << 24 }),
  ) as typeof oracle;
});

describe("YAML read as PyYAML's safe_load reads it (YAML 1.1)", () => {
  for (const [i, text] of DOCUMENTS.entries())
    it(`reads ${JSON.stringify(text)} as PyYAML does`, () => {
      const expected = oracle.documents[i]!;
      const actual = loadJs(text);
      if ('error' in expected) assert.ok('error' in actual, `PyYAML refuses it (${expected.error}); the worker read ${JSON.stringify(actual)}`);
      else assert.deepEqual(actual, expected);
    });
});

describe("the README's front matter found as huggingface_hub finds it", () => {
  for (const [i, readme] of READMES.entries())
    it(`finds the metadata of ${JSON.stringify(readme)} as the library does`, () => {
      const expected = oracle.readmes[i]!;
      assert.ok('ok' in expected);
      let actual: Canon;
      try {
        actual = canon(new Map(Object.entries(readmeCardData(readme))));
      } catch (err) {
        assert.fail(`the worker refused it: ${(err as Error).message}`);
      }
      assert.deepEqual(actual, expected.ok);
    });
});

describe('YAML 1.1 scalars in configs', () => {
  it('refuses `config_name: no` as the library does: a boolean is not a config name', () => {
    const { configs } = metadataConfigs(readmeCardData('---\nconfigs:\n- config_name: no\n  data_files: a.csv\n---\n'));
    assert.throws(() => checkConfigName(configs[0]!.name, configs[0]!.nameIsString), ConfigNamesError);
  });
  it('takes `default: no` as false: the named config is not the default', () => {
    const { configs } = metadataConfigs(
      readmeCardData('---\nconfigs:\n- config_name: a\n  data_files: a.csv\n  default: no\n- config_name: b\n  data_files: b.csv\n---\n'),
    );
    assert.equal(defaultConfigName(configs), undefined);
  });
  it('applies merge keys to a config', () => {
    const { configs } = metadataConfigs(readmeCardData('---\nx-base: &base\n  data_dir: shared\nconfigs:\n- <<: *base\n  config_name: a\n---\n'));
    assert.equal(configs[0]!.dataDir, 'shared');
  });
});
