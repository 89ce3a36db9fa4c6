/**
 * README `configs:` and `dataset_info` parsing, with the cases of the `datasets` library's tests
 * (tests/test_metadata_util.py: test_metadata_dict_from_readme, test_metadata_configs_dataset_card_data,
 * test_metadata_configs_incorrect_yaml) carried over as input → expected output.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readmeCardData } from '../../src/splits/readme-metadata.ts';
import { checkConfigName, defaultConfigName, metadataConfigs } from '../../src/splits/metadata-configs.ts';
import { datasetInfosFromCardData, datasetInfosFromJson } from '../../src/splits/dataset-infos.ts';
import { ConfigNamesError, SplitsNamesError } from '../../src/splits/errors.ts';

const README_YAML = '---\nlanguage:\n- zh\n- en\ntask_ids:\n- sentiment-classification\n---\n# Begin of markdown\n\nSome cool dataset card\n';
const README_EMPTY_YAML = '---\n---\n# Begin of markdown\n\nSome cool dataset card\n';
const README_NO_YAML = '# Begin of markdown\n\nSome cool dataset card\n';
const README_METADATA_CONFIG_INCORRECT_FORMAT = '---\nconfigs:\n  data_dir: v1\n  drop_labels: true\n---\n';
const README_METADATA_SINGLE_CONFIG = '---\nconfigs:\n  - config_name: custom\n    data_dir: v1\n    drop_labels: true\n---\n';
const README_METADATA_TWO_CONFIGS_WITH_DEFAULT_FLAG =
  '---\nconfigs:\n  - config_name: v1\n    data_dir: v1\n    drop_labels: true\n  - config_name: v2\n    data_dir: v2\n    drop_labels: false\n    default: true\n---\n';
const README_METADATA_TWO_CONFIGS_WITH_DEFAULT_NAME =
  '---\nconfigs:\n  - config_name: custom\n    data_dir: custom\n    drop_labels: true\n  - config_name: default\n    data_dir: data\n    drop_labels: false\n---\n';
const README_METADATA_WITH_FEATURES =
  '---\nconfigs:\n  - config_name: default\n    features:\n      - name: id\n        dtype: int64\n      - name:  name\n        dtype: string\n      - name: score\n        dtype: float64\n---\n';

describe('README card data (ported from datasets tests/test_metadata_util.py)', () => {
  it('reads the YAML block of a README', () =>
    assert.deepEqual(readmeCardData(README_YAML), { language: ['zh', 'en'], task_ids: ['sentiment-classification'] }));
  it('reads an empty YAML block as no metadata', () => assert.deepEqual(readmeCardData(README_EMPTY_YAML), {}));
  it('reads a README without YAML as no metadata', () => assert.deepEqual(readmeCardData(README_NO_YAML), {}));
  it('reports invalid YAML as a SplitsNamesError naming the line', () => {
    assert.throws(
      () => readmeCardData('---\nconfigs: [unclosed\n  - a: : b\n---\n'),
      (e: unknown) => e instanceof SplitsNamesError && /README\.md is invalid \(line \d+\)/.test(e.message),
    );
  });
});

describe('configs: (ported from test_metadata_configs_dataset_card_data)', () => {
  const cases: [string, string, { name: string; dataDir: string | undefined }[], string][] = [
    ['a single config', README_METADATA_SINGLE_CONFIG, [{ name: 'custom', dataDir: 'v1' }], 'custom'],
    [
      'two configs, one flagged default',
      README_METADATA_TWO_CONFIGS_WITH_DEFAULT_FLAG,
      [
        { name: 'v1', dataDir: 'v1' },
        { name: 'v2', dataDir: 'v2' },
      ],
      'v2',
    ],
    [
      'two configs, one named default',
      README_METADATA_TWO_CONFIGS_WITH_DEFAULT_NAME,
      [
        { name: 'custom', dataDir: 'custom' },
        { name: 'default', dataDir: 'data' },
      ],
      'default',
    ],
    ['a config with features', README_METADATA_WITH_FEATURES, [{ name: 'default', dataDir: undefined }], 'default'],
  ];
  for (const [what, readme, configs, defaultName] of cases) {
    it(`reads ${what}, default ${defaultName}`, () => {
      const mc = metadataConfigs(readmeCardData(readme));
      assert.deepEqual(
        mc.configs.map((c) => ({ name: c.name, dataDir: c.dataDir })),
        configs,
      );
      assert.equal(defaultConfigName(mc.configs), defaultName);
    });
  }
  it('refuses configs given as a mapping instead of a list (test_metadata_configs_incorrect_yaml)', () => {
    assert.throws(() => metadataConfigs(readmeCardData(README_METADATA_CONFIG_INCORRECT_FORMAT)), ConfigNamesError);
  });
  it('refuses two default configs', () => {
    assert.throws(
      () =>
        defaultConfigName(
          metadataConfigs({
            configs: [
              { config_name: 'a', default: true },
              { config_name: 'b', default: true },
            ],
          }).configs,
        ),
      /several default configs/,
    );
  });
  it('reads data_files as a string, a list of strings, and a list of {split, path}', () => {
    const mc = metadataConfigs({
      configs: [
        { config_name: 'a', data_files: 'x/*' },
        { config_name: 'b', data_files: ['p', 'q'] },
        {
          config_name: 'c',
          data_files: [
            { split: 'test', path: 't/*' },
            { split: 'train', path: ['a', 'b'] },
          ],
        },
      ],
    });
    assert.deepEqual(
      mc.configs.map((c) => c.dataFiles),
      [{ train: ['x/*'] }, { train: ['p', 'q'] }, { test: ['t/*'], train: ['a', 'b'] }],
    );
  });
  it('refuses a config without config_name, as the library does', () => {
    assert.throws(
      () => metadataConfigs({ configs: [{ data_files: 'x/*' }] }),
      (e: unknown) => e instanceof ConfigNamesError && /config_name/.test(e.message),
    );
  });
  it('refuses data_files as a {split: pattern} mapping, a number, or with a split name outside ^\\w+(\\.\\w+)*$', () => {
    for (const data_files of [{ train: 'a/*' }, 3, [{ split: 'my-split', path: 'a' }], [{ split: 'train', path: 'a', extra: 1 }]]) {
      assert.throws(() => metadataConfigs({ configs: [{ config_name: 'x', data_files }] }), /Expected data_files in YAML/, JSON.stringify(data_files));
    }
    assert.doesNotThrow(() => metadataConfigs({ configs: [{ config_name: 'x', data_files: [{ split: 'train.v2', path: 'a' }] }] }));
  });
  it('refuses a config whose features Features._from_yaml_list cannot read (not a mapping or a list, an item without name), after every entry is checked', () => {
    for (const features of [null, 'string', 3, true, ['id'], [{ dtype: 'int64' }]]) {
      assert.throws(
        () => metadataConfigs(readmeCardData(`---\nconfigs:\n- config_name: a\n  features: ${JSON.stringify(features)}\n---\n`)),
        (e: unknown) => e instanceof ConfigNamesError,
        JSON.stringify(features),
      );
    }
    // the YAML's `features: ~` (PyYAML's None), and the library's first loop (config_name, data_files) comes first
    assert.throws(
      () => metadataConfigs(readmeCardData('---\nconfigs:\n- config_name: a\n  features: ~\n---\n')),
      /Expected a dict or a list but got <class 'NoneType'>: None/,
    );
    assert.throws(
      () => metadataConfigs({ configs: [{ config_name: 'a', features: null }, { data_files: 'x' }] }),
      (e: unknown) => e instanceof ConfigNamesError && /config_name/.test(e.message),
    );
    for (const features of [[{ name: 'id', dtype: 'int64' }], { dtype: 'string' }, {}, []]) {
      assert.doesNotThrow(() => metadataConfigs({ configs: [{ config_name: 'a', features }] }), JSON.stringify(features));
    }
  });
  it('refuses a config name with a character forbidden in Windows paths, and a name that is not a string', () => {
    for (const name of ['a/b', 'x:y', 'q?', 'p|q']) assert.throws(() => checkConfigName(name), ConfigNamesError, name);
    assert.doesNotThrow(() => checkConfigName('with space-and.dots'));
    const [numbered] = metadataConfigs({ configs: [{ config_name: 3 }] }).configs;
    assert.throws(() => checkConfigName(numbered!.name, numbered!.nameIsString), ConfigNamesError);
  });
});

describe('dataset_info sizes', () => {
  it('reads one dataset_info mapping as the default config, splits in order', () => {
    const infos = datasetInfosFromCardData({
      dataset_info: {
        splits: [
          { name: 'train', num_bytes: 10, num_examples: 2 },
          { name: 'test', num_bytes: 5, num_examples: 1 },
        ],
      },
    });
    assert.deepEqual(infos?.get('default'), [
      { name: 'train', num_bytes: 10, num_examples: 2 },
      { name: 'test', num_bytes: 5, num_examples: 1 },
    ]);
  });
  it('reads a list of dataset_info per config, null for a missing size, and null splits for an info without any', () => {
    const infos = datasetInfosFromCardData({ dataset_info: [{ config_name: 'a', splits: [{ name: 'train', num_examples: 3 }] }, { config_name: 'b' }] });
    assert.deepEqual([...infos.keys()], ['a', 'b']);
    assert.deepEqual(infos.get('a'), [{ name: 'train', num_bytes: null, num_examples: 3 }]);
    assert.equal(infos.get('b'), null);
  });
  it('refuses an unknown key in a dataset_info split, as the library (SplitInfo) does', () => {
    assert.throws(() => datasetInfosFromCardData({ dataset_info: { splits: [{ name: 'train', num_bytes: 1, num_examples: 1, rows: 1 }] } }), ConfigNamesError);
  });
  it('reads a single-entry legacy dataset_infos.json as the default config, several entries by their names', () => {
    const single = datasetInfosFromJson('{"user--plain_text": {"splits": {"train": {"name": "train", "num_bytes": 7, "num_examples": 1}}}}');
    assert.deepEqual([...single.entries()], [['default', [{ name: 'train', num_bytes: 7, num_examples: 1 }]]]);
    const several = datasetInfosFromJson('{"a": {"splits": {}}, "b": {}}');
    assert.deepEqual([...several.keys()], ['a', 'b']);
  });
  it('refuses a legacy dataset_infos.json that is not JSON, as the library does', () => {
    assert.throws(() => datasetInfosFromJson('{nope'), ConfigNamesError);
  });
});
