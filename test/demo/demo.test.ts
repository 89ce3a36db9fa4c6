/**
 * The demo as a user runs it: `npm run demo -- --once` prints every sample's answer (configs, splits and row
 * counts, or the error code) and exits by itself; the installed bin (`splits-worker demo`, the built code)
 * serves a dashboard a real browser opens, and a SIGINT stops it and every process it started.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { childEnv } from '../helpers/env.ts';
import { isAlive } from '../helpers/process.ts';
import { testMongoUrl } from '../helpers/mongo.ts';
import { waitFor } from '../helpers/workers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const FREE_PORTS = ['--hub-port', '0', '--metrics-port', '0', '--dashboard-port', '0'];

/** What each sample must answer: its configs, splits and row counts, or its status and error code. */
const EXPECTED: Record<string, { status: number; what: string | RegExp }> = {
  'samples/reviews-csv': { status: 200, what: 'default: train 12, test 5' },
  'samples/sharded-parquet': { status: 200, what: 'default: train 50, validation 10' },
  'samples/multi-config': { status: 200, what: 'en: train 8, test 3; fr: train 6' },
  'samples/gated': { status: 404, what: /^DatasetNotFoundError: / },
  'samples/broken-parquet': { status: 500, what: /^SplitsNamesError: Cannot read the parquet footer/ },
  'samples/with-script': { status: 501, what: /^DatasetWithScriptNotSupportedError: / },
};

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startDemo(command: string, args: string[]): Demo {
  // a suite pointed at another MongoDB (TEST_MONGO_URL) points the demo there too; otherwise it starts its own
  const url = testMongoUrl();
  const child = spawn(command, args, { cwd: root, env: childEnv(url ? { MONGO_URL: url } : {}) });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** The answers the demo printed, by dataset. */
function answers(out: string): Map<string, { status: number; what: string }> {
  const found = new Map<string, { status: number; what: string }>();
  for (const m of out.matchAll(/^[✓✗] answered\s+(\S+)\s+(\d{3})\s+(.*?)\s+\(\d+\.\d s\)$/gm)) found.set(m[1]!, { status: Number(m[2]), what: m[3]! });
  return found;
}

function checkAnswers(out: string): void {
  const got = answers(out);
  assert.deepEqual([...got.keys()].sort(), Object.keys(EXPECTED).sort(), `one answer per sample; output:\n${out}`);
  for (const [dataset, want] of Object.entries(EXPECTED)) {
    const answer = got.get(dataset)!;
    assert.equal(answer.status, want.status, `status of ${dataset}`);
    if (typeof want.what === 'string') assert.equal(answer.what, want.what, `answer of ${dataset}`);
    else assert.match(answer.what, want.what, `answer of ${dataset}`);
  }
}

/** "the first after 5.5 s, all after 5.7 s": the demo's own figures, for the report. */
function timings(out: string): string {
  const m = /the first after ([\d.]+) s, all after ([\d.]+) s/.exec(out);
  assert.ok(m, `the demo says how long the answers took; output:\n${out}`);
  return `first answer after ${m[1]} s, all after ${m[2]} s`;
}

/** The ids the demo says it started (worker, dashboard, MongoDB, itself). */
function announcedPids(out: string): number[] {
  const line = /^\s*processes\s+(.*)$/m.exec(out)?.[1];
  assert.ok(line, `the demo lists its processes; output:\n${out}`);
  return [...line.matchAll(/(\d+)/g)].map((m) => Number(m[1]));
}

/** Every process under `pid` (children, grandchildren…), from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** Waits up to 2 minutes for what the demo prints; a time-out shows its output. */
async function until<T>(demo: Demo, fn: () => T | undefined | false, what: string): Promise<NonNullable<T>> {
  return waitFor(async () => fn(), 120_000, what).catch((err: unknown) => {
    throw new Error(`${String(err)}; the demo's output:\n${demo.output()}`);
  });
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

describe('npm run demo', () => {
  it('answers every sample with its configs, splits and counts, or its error code, and exits by itself with --once', async () => {
    const demo = startDemo('npm', ['run', '--silent', 'demo', '--', '--once', ...FREE_PORTS]);
    const timer = setTimeout(() => demo.child.kill('SIGINT'), 240_000);
    const { code } = await demo.exited;
    clearTimeout(timer);
    const out = demo.output();
    assert.equal(code, 0, `exit code; output:\n${out}`);
    checkAnswers(out);
    assert.match(out, /MAX_LOAD_PCT=0 and MAX_MEMORY_PCT=0/);
    assert.match(out, /^stopped: worker, dashboard, local Hub/m);
    const pids = announcedPids(out);
    await waitFor(async () => pids.every((p) => !isAlive(p)), 10_000, `no process left of ${pids.join(', ')}`);
    console.log(`# npm run demo -- --once: ${timings(out)}`);
  });

  it('serves a dashboard a browser opens, and a SIGINT stops the demo and every process it started', async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    // the installed command: bin/splits-worker.js runs the built code (npm run build) in its own process
    const demo = startDemo(process.execPath, [path.join(root, 'bin/splits-worker.js'), 'demo', ...FREE_PORTS]);
    let tree: number[] = [];
    try {
      const dashboardUrl = await until(demo, () => /^\s*dashboard\s+(http:\/\/\S+)/m.exec(demo.output())?.[1], "the dashboard's URL");
      await until(demo, () => answers(demo.output()).size === Object.keys(EXPECTED).length, 'every answer');
      checkAnswers(demo.output());
      const metricsUrl = /^\s*\/metrics\s+(http:\/\/\S+)/m.exec(demo.output())?.[1];
      assert.ok(metricsUrl);
      assert.match(await (await fetch(metricsUrl)).text(), /^worker_jobs_total\{/m, 'the worker serves its /metrics');

      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        await page.goto(dashboardUrl);
        for (const dataset of Object.keys(EXPECTED))
          await page
            .locator('td.job-name', { hasText: `splits · ${dataset}` })
            .first()
            .waitFor({ timeout: 30_000 });
        const dir = path.join(root, '.cache', 'test-artifacts');
        mkdirSync(dir, { recursive: true });
        const shot = path.join(dir, 'demo-dashboard.png');
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`# the demo's dashboard: ${shot}`);
      } finally {
        await browser.close();
      }

      tree = [...new Set([...announcedPids(demo.output()), ...descendants(demo.child.pid!)])];
      assert.ok(tree.length >= 4, `the demo, its worker, its dashboard and MongoDB: ${tree.join(', ')}`);
      demo.child.kill('SIGINT');
      const { code, signal } = await demo.exited;
      assert.equal(code, 0, `exit code (signal ${signal}); output:\n${demo.output()}`);
      assert.match(demo.output(), /^stopped: worker, dashboard, local Hub/m);
      const left = tree.filter((p) => isAlive(p));
      assert.deepEqual(left, [], `processes left after SIGINT: ${left.join(', ')}`);
      console.log(`# the demo (bin, built code): ${timings(demo.output())}`);
    } finally {
      if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
      killAll(tree);
    }
  });
});
