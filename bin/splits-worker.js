#!/usr/bin/env node
// The CLI, installed as `splits-worker`: runs the built JavaScript (`npm run build` → dist/) in this process
// when it exists, and otherwise, in a development checkout, the TypeScript entry point through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const built = path.join(here, '../dist/src/cli/main.js');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const res = spawnSync(process.execPath, ['--import', tsx, path.join(here, '../src/cli/main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(res.status ?? 1);
}
