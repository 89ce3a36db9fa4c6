/**
 * Builder options in a YAML config (`configs:` entries' other keys), as `datasets` 5.2.0 passes them to the builder:
 * a count honours them, or is null; never a number the library would not give.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalHubRepos } from './local-hub-repos.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builderOptions, optionTreatment } from '../../src/splits/builder-options.ts';
import { BUILDER_CONFIG_PARAMS, type ModuleName } from '../../src/splits/library-rules.ts';

const repos = new LocalHubRepos();

/** A repo with one YAML config over `data/*`, with these options. */
function withOptions(id: string, options: string, files: Record<string, string>): void {
  repos.repo(id, { 'README.md': `---\nconfigs:\n- config_name: default\n  data_files: "data/*"\n${options}---\n`, ...files });
}

const CSV = { 'data/a.csv': 'x;y\n# a comment\n1;2\n3;4\n' };
before(async () => {
  withOptions('acme/csv-sep', '  sep: ";"\n', CSV);
  withOptions('acme/csv-delimiter', '  sep: ","\n  delimiter: ";"\n', CSV);
  withOptions('acme/csv-skiprows', '  skiprows: 1\n', CSV);
  withOptions('acme/csv-comment', '  comment: "#"\n', CSV);
  withOptions('acme/csv-header-none', '  header: null\n', CSV);
  withOptions('acme/csv-latin1', '  encoding: latin-1\n', CSV);
  withOptions('acme/csv-utf8-features', '  encoding: utf-8\n  features: {x: {dtype: string}}\n  usecols: [x]\n', CSV);
  withOptions('acme/csv-unknown-param', '  not_an_option: 3\n', CSV);
  withOptions('acme/json-field', '  field: data\n', { 'data/a.json': '{"data": [{"a": 1}, {"a": 2}, {"a": 3}]}' });
  withOptions('acme/text-paragraph', '  sample_by: paragraph\n', { 'data/a.txt': 'a\nb\n\nc\nd\n' });
  withOptions('acme/text-linebreaks', '  keep_linebreaks: true\n', { 'data/a.txt': 'a\nb\n\nc\nd\n' });
  await repos.start();
});
after(() => repos.close());

describe('builder options in a YAML config', () => {
  it('honours the csv separator (sep, and delimiter over sep)', async () => {
    assert.deepEqual(await repos.counts('acme/csv-sep'), [['train', 3]]);
    assert.deepEqual(await repos.counts('acme/csv-delimiter'), [['train', 3]]);
  });
  for (const [repo, option] of [
    ['acme/csv-skiprows', 'skiprows'],
    ['acme/csv-comment', 'comment'],
    ['acme/csv-header-none', 'header'],
    ['acme/csv-latin1', 'encoding'],
    ['acme/json-field', 'field'],
    ['acme/text-paragraph', 'sample_by'],
  ] as const)
    it(`leaves the count null when ${option} changes which records there are (${repo})`, async () => {
      assert.deepEqual(await repos.counts(repo), [['train', null]]);
    });
  it('counts through options that change values, not records (encoding utf-8, features, usecols, keep_linebreaks)', async () => {
    assert.deepEqual(await repos.counts('acme/csv-utf8-features'), [['train', 3]]);
    assert.deepEqual(await repos.counts('acme/text-linebreaks'), [['train', 5]]);
  });
  it('ignores a param the builder does not have, as the library does', async () => {
    assert.deepEqual(await repos.counts('acme/csv-unknown-param'), [['train', 3]]);
  });
});

describe('builderOptions', () => {
  it('takes the module kwargs, then the config params the builder knows', () => {
    assert.deepEqual(builderOptions('csv', '{"sep": "\\t"}', {}), { countable: true, kwargs: '{"sep":"\\t"}' });
    assert.deepEqual(builderOptions('csv', '{"sep": "\\t"}', { sep: ',', x: 1 }), { countable: true, kwargs: '{"sep":","}' });
    assert.deepEqual(builderOptions('parquet', '{}', { filters: [['a', '>', 1]] }), { countable: false, option: 'filters' });
    assert.deepEqual(builderOptions('imagefolder', '{}', { drop_metadata: true }), { countable: false, option: 'drop_metadata' });
    assert.deepEqual(builderOptions('imagefolder', '{}', { drop_labels: true }).countable, true);
    assert.deepEqual(builderOptions('json', '{}', { field: null }).countable, true);
  });
});

/** The docs' table of every option of every builder and what the count does with it (docs/answer.md). */
export function optionsTable(): string {
  const rows = ['| builder | option (default) | the count |', '| --- | --- | --- |'];
  const words = {
    neutral: 'counted whatever its value (changes values, not records)',
    honoured: 'honoured',
    'utf-8': 'counted for UTF-8 (or unset), else null',
    'strict-errors': 'counted for `strict` (or unset), else null',
    'default-only': 'null unless at its default',
  };
  for (const [module, params] of Object.entries(BUILDER_CONFIG_PARAMS)) {
    for (const [option, def] of Object.entries(params))
      rows.push(`| ${module} | \`${option}\` (\`${JSON.stringify(def)}\`) | ${words[optionTreatment(module as ModuleName, option)]} |`);
  }
  return rows.join('\n');
}

describe('the docs', () => {
  it("list every option of every builder with what the count does with it (docs/answer.md, 'Builder options')", () => {
    const docs = readFileSync(path.join(import.meta.dirname, '../../docs/answer.md'), 'utf8');
    assert.ok(docs.includes(optionsTable()), 'docs/answer.md has the table optionsTable() prints (paste it from `npx tsx -e` of it)');
  });
});
