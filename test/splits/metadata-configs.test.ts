/**
 * README `configs:` and `dataset_info` parsing, with the cases of the `datasets` library's tests
 * (tests/test_metadata_util.py: test_metadata_dict_from_readme, test_metadata_configs_dataset_card_data,
 * test_metadata_configs_incorrect_yaml) carried over as input → expected output.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readmeCardData } from '../../src/splits/readme-metadata.ts';
import { metadataConfigs } from '../../src/splits/metadata-configs.ts';
import { datasetInfosFromCardData, datasetInfosFromJson } from '../../src/splits/dataset-infos.ts';
import { SplitsNamesError } from '../../src/splits/errors.ts';

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
  it('reads the YAML block of a README', () => assert.deepEqual(readmeCardData(README_YAML), { language: ['zh', 'en'], task_ids: ['sentiment-classification'] }));
  it('reads an empty YAML block as no metadata', () => assert.deepEqual(readmeCardData(README_EMPTY_YAML), {}));
  it('reads a README without YAML as no metadata', () => assert.deepEqual(readmeCardData(README_NO_YAML), {}));
  it('reports invalid YAML as a SplitsNamesError naming the line', () => {
    assert.throws(() => readmeCardData('---\nconfigs: [unclosed\n  - a: : b\n---\n'), (e: unknown) => e instanceof SplitsNamesError && /README\.md is invalid \(line \d+\)/.test(e.message));
  });
});

describe('configs: (ported from test_metadata_configs_dataset_card_data)', () => {
  const cases: [string, string, { name: string; dataDir: string | undefined }[], string][] = [
    ['a single config', README_METADATA_SINGLE_CONFIG, [{ name: 'custom', dataDir: 'v1' }], 'custom'],
    ['two configs, one flagged default', README_METADATA_TWO_CONFIGS_WITH_DEFAULT_FLAG, [{ name: 'v1', dataDir: 'v1' }, { name: 'v2', dataDir: 'v2' }], 'v2'],
    ['two configs, one named default', README_METADATA_TWO_CONFIGS_WITH_DEFAULT_NAME, [{ name: 'custom', dataDir: 'custom' }, { name: 'default', dataDir: 'data' }], 'default'],
    ['a config with features', README_METADATA_WITH_FEATURES, [{ name: 'default', dataDir: undefined }], 'default'],
  ];
  for (const [what, readme, configs, defaultName] of cases) {
    it(`reads ${what}, default ${defaultName}`, () => {
      const mc = metadataConfigs(readmeCardData(readme));
      assert.deepEqual(mc.configs.map((c) => ({ name: c.name, dataDir: c.dataDir })), configs);
      assert.equal(mc.defaultConfigName, defaultName);
    });
  }
  it('refuses configs given as a mapping instead of a list (test_metadata_configs_incorrect_yaml)', () => {
    assert.throws(() => metadataConfigs(readmeCardData(README_METADATA_CONFIG_INCORRECT_FORMAT)), SplitsNamesError);
  });
  it('refuses two default configs', () => {
    assert.throws(() => metadataConfigs({ configs: [{ config_name: 'a', default: true }, { config_name: 'b', default: true }] }), /several default configs/);
  });
  it('names a config without config_name "default" and reads data_files in every form', () => {
    const mc = metadataConfigs({ configs: [{ data_files: [{ split: 'test', path: 't/*' }, { split: 'train', path: ['a', 'b'] }] }] });
    assert.deepEqual(mc.configs, [{ name: 'default', dataFiles: { test: ['t/*'], train: ['a', 'b'] }, dataDir: undefined }]);
  });
  it('refuses data_files that is a number', () => {
    assert.throws(() => metadataConfigs({ configs: [{ config_name: 'x', data_files: 3 }] }), /Expected data_files in YAML/);
  });
});

describe('dataset_info sizes', () => {
  it('reads one dataset_info mapping as the default config, splits in order', () => {
    const infos = datasetInfosFromCardData({ dataset_info: { splits: [{ name: 'train', num_bytes: 10, num_examples: 2 }, { name: 'test', num_bytes: 5, num_examples: 1 }] } });
    assert.deepEqual(infos?.get('default'), [
      { name: 'train', num_bytes: 10, num_examples: 2 },
      { name: 'test', num_bytes: 5, num_examples: 1 },
    ]);
  });
  it('reads a list of dataset_info per config, and null for a missing size', () => {
    const infos = datasetInfosFromCardData({ dataset_info: [{ config_name: 'a', splits: [{ name: 'train', num_examples: 3 }] }, { config_name: 'b' }] });
    assert.deepEqual([...infos!.keys()], ['a']);
    assert.deepEqual(infos?.get('a'), [{ name: 'train', num_bytes: null, num_examples: 3 }]);
  });
  it('reads the legacy dataset_infos.json, and ignores one that is not JSON', () => {
    const infos = datasetInfosFromJson('{"plain_text": {"splits": {"train": {"name": "train", "num_bytes": 7, "num_examples": 1}}}}');
    assert.deepEqual(infos?.get('plain_text'), [{ name: 'train', num_bytes: 7, num_examples: 1 }]);
    assert.equal(datasetInfosFromJson('{nope'), undefined);
  });
});
