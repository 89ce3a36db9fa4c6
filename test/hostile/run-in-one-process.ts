/**
 * Runs the whole hostile suite in ONE process (as one worker would meet these datasets one after the
 * other) and reports its peak RSS: `node --import tsx test/hostile/run-in-one-process.ts`. The process must
 * reach its end alive (no V8 abort from a README) with a peak under 300 MB; exit code 1 otherwise.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const PEAK_RSS_LIMIT_MB = 300;
const dir = import.meta.dirname;
// HOSTILE_FILES=a,b runs only the files whose names contain one of these (to find where memory goes)
const only = process.env.HOSTILE_FILES?.split(',');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts') && (!only || only.some((o) => f.includes(o))))
  .sort();
process.on('exit', (code) => {
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const ok = code === 0 && peakMb < PEAK_RSS_LIMIT_MB;
  process.stdout.write(`hostile suite in one process (pid ${process.pid}): ${files.length} files, exit code ${code}, peak RSS ${peakMb.toFixed(0)} MB (limit ${PEAK_RSS_LIMIT_MB} MB)\n`);
  if (!ok) process.exitCode = 1;
});
for (const f of files) await import(pathToFileURL(path.join(dir, f)).href);
