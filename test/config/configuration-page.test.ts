/**
 * docs/configuration.md is generated from the schema in src/config/config.ts (each variable's check, default and
 * description): this test fails when the page differs from what the schema gives, so it cannot drift.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_DEFAULTS, spec } from '../../src/config/config.ts';
import { BEGIN_MARKER, CONFIGURATION_PAGE, END_MARKER, configReference, renderConfigurationPage, shownDefault } from '../../src/config/config-reference.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('the configuration reference', () => {
  it('is what the schema generates (npm run docs:config writes it)', () => {
    const page = readFileSync(CONFIGURATION_PAGE, 'utf8');
    assert.equal(page, renderConfigurationPage(page), 'docs/configuration.md differs from src/config/config.ts: run npm run docs:config');
  });

  it('documents every variable of the schema, with its description and its default, between hand-written parts', () => {
    const page = readFileSync(CONFIGURATION_PAGE, 'utf8');
    const block = page.slice(page.indexOf(BEGIN_MARKER), page.indexOf(END_MARKER));
    for (const name of Object.keys(CONFIG_DEFAULTS)) {
      const desc = (spec[name as keyof typeof spec] as { desc?: string }).desc;
      assert.ok(desc && desc.length > 10, `${name} has a description`);
      assert.match(block, new RegExp(`^- \`${name}\`: `, 'm'), `${name} is in the generated block`);
    }
    assert.ok(page.indexOf('A bad value stops the start-up') < page.indexOf(BEGIN_MARKER), 'the prose intro stays above');
    assert.ok(page.indexOf('## Variables read elsewhere') > page.indexOf(END_MARKER), 'the variables of compose, the dashboard and the tests stay below');
    assert.match(page, /`MONGO_PORT`, `PROMETHEUS_PORT`, `GRAFANA_PORT`/);
  });

  it('changes when a description or a default changes, and shows defaults the same on every machine', () => {
    const validator = spec.METRICS_PORT as { desc?: string; default?: unknown };
    const before = configReference();
    const desc = validator.desc;
    try {
      validator.desc = 'another text.';
      assert.notEqual(configReference(), before);
      assert.match(configReference(), /^- `METRICS_PORT`: another text\. Defaults to `9464`\.$/m);
    } finally {
      validator.desc = desc;
    }
    assert.equal(configReference(), before);
    assert.match(before, /Defaults to `~\/\.cache\/huggingface\/datasets`\./, 'the home directory is ~');
    assert.equal(shownDefault('COUNT_ROWS_MAX_BYTES', 100 * 1024 * 1024), '`104857600` (100 MiB)');
    assert.equal(shownDefault('FINISHED_JOBS_RETENTION_SECONDS', 604800), '`604800` (7 days)');
    assert.equal(shownDefault('HF_TOKEN', ''), 'empty');
  });

  it('npm run docs:config -- --check passes on the committed page', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'src/config/config-reference.ts', '--check'], { cwd: root, stdio: 'pipe' });
  });
});

describe("the README's configuration table", () => {
  it('lists every variable of the schema once, with the default the schema has', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const rows = new Map([...readme.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]));
    for (const [name, value] of Object.entries(CONFIG_DEFAULTS)) {
      if (name === 'MACHINE_READINGS_FILE') continue; // tests only
      if (name === 'HF_ALLOWED_REDIRECT_ORIGINS') {
        assert.equal(rows.get(name), "the Hub's CDN origins", 'a list too long for the table: named');
        continue;
      }
      assert.ok(rows.has(name), `README.md's table has ${name}`);
      const shown = shownDefault(name, value).replace(/ \(.*\)$/, '');
      const row = rows.get(name)!;
      assert.ok(row === shown || (shown === 'empty' && row === 'empty') || row === `\`${String(value)}\``, `${name}: README says ${row}, the schema ${shown}`);
    }
    for (const name of rows.keys()) assert.ok(name in CONFIG_DEFAULTS, `README.md's table has ${name}, which the schema does not`);
  });
});
