/**
 * Start-up checks that stop a misconfigured worker before its first job, and never print a secret: a
 * token of the wrong shape (every job would fail as a Hub outage), one read with the trailing newline of
 * a secret file, a MongoDB URL with a password.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig, maskUrlPassword } from '../../src/config/config.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('start-up checks of secrets (outcome: a ConfigError that never shows the secret)', () => {
  it('refuses a token without the hf_ prefix, and does not print it', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const err = configError({ HF_TOKEN: secret });
    assert.match(err.message, /HF_TOKEN=<secret, 36 characters>: a Hugging Face token, which starts with "hf_"/);
    assert.ok(!JSON.stringify({ message: err.message, problems: err.problems, stack: err.stack }).includes(secret));
  });

  it('refuses a token with a trailing newline (a mounted secret file), and does not print it', () => {
    const secret = 'hf_MountedSecretFile0123456789';
    const err = configError({ HF_TOKEN: `${secret}\n` });
    assert.match(err.message, /HF_TOKEN=<secret, 31 characters>: .*newlines/);
    assert.ok(!JSON.stringify({ message: err.message, problems: err.problems, stack: err.stack }).includes(secret));
  });

  it("refuses a token that cannot be sent in an HTTP header (the README's placeholder hf_… pasted as is), naming the character", () => {
    // Accepted, this token failed every request with `Invalid character in header content ["authorization"]`,
    // retried and reported as a Hub outage.
    const err = configError({ HF_TOKEN: 'hf_…' });
    assert.match(err.message, /HF_TOKEN=<secret, 4 characters>: .*visible ASCII.*character 4 is "…" \(U\+2026\)/);
    const secret = 'hf_Abc\u0007def0123456789';
    const bell = configError({ HF_TOKEN: secret });
    assert.match(bell.message, /character 7 is U\+0007/);
    assert.ok(!JSON.stringify({ message: bell.message, problems: bell.problems, stack: bell.stack }).includes(secret));
    assert.match(configError({ HF_TOKEN: 'hf_Abcé' }).message, /character 7 is "é" \(U\+00E9\)/);
  });

  it('accepts a well-formed token, or none', () => {
    assert.equal(loadConfig({ HF_TOKEN: 'hf_AbC123' }).hfToken, 'hf_AbC123');
    assert.equal(loadConfig({ HF_TOKEN: '' }).hfToken, undefined);
  });

  it('masks the password of a bad MONGO_URL, and of any URL-like value', () => {
    const err = configError({ MONGO_URL: 'mongodb://admin:s3cr3t-pw@', HF_ENDPOINT: 'ftp://user:hunter2@hub', HF_TOKEN: 'nope' });
    assert.ok(!err.message.includes('s3cr3t-pw') && !err.message.includes('hunter2') && !err.message.includes('nope'));
    assert.match(err.message, /MONGO_URL="mongodb:\/\/admin:\*\*\*\*@"/);
    assert.equal(maskUrlPassword('mongodb://u:p@h:1/db'), 'mongodb://u:****@h:1/db');
    assert.equal(maskUrlPassword('mongodb://h:1/db'), 'mongodb://h:1/db');
  });

  it('reads the bounds of Hub reads, with their defaults', () => {
    assert.deepEqual(loadConfig({}).hubLimits, {
      maxMetadataFileBytes: 10485760,
      maxParquetFooterBytes: 16777216,
      maxParquetRowGroups: 100000,
      maxTreeFiles: 500000,
      maxTreePages: 10000,
      maxRequests: 1000000,
    });
    const err = configError({ HF_MAX_METADATA_FILE_BYTES: '0', HF_MAX_REQUESTS_PER_JOB: 'many', PARQUET_MAX_ROW_GROUPS: '0' });
    assert.deepEqual(err.problems.map((p) => p.name).sort(), ['HF_MAX_METADATA_FILE_BYTES', 'HF_MAX_REQUESTS_PER_JOB', 'PARQUET_MAX_ROW_GROUPS']);
  });
});
