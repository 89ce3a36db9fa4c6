import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** CPU time (user + system) a process has used so far, in ms, from /proc (clock ticks of 10 ms); NaN without a pid. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The machine a benchmark ran on, printed and stored with its figures. */
export function machine() {
  return {
    cpus: os.availableParallelism(),
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    mongo: process.env.TEST_MONGO_URL ? 'TEST_MONGO_URL' : 'mongo-java-server 1.46 (H2), started by the benchmark',
  };
}

/** Prints the figures and writes them to bench/results/<name>.json. */
export function report(name: string, figures: Record<string, unknown>): void {
  const result = { benchmark: name, date: new Date().toISOString(), machine: machine(), figures };
  const dir = path.resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n## ${name}\nmachine: ${JSON.stringify(result.machine)}`);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions -- v is a primitive here: numbers print as JavaScript prints them (NaN included)
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The machine's 1-minute load average, printed beside each run (these machines are shared) */
export function loadAverage(): number {
  return round(os.loadavg()[0]!, 2);
}

/**
 * Counts that go on growing, and a mark: a consumer process of the queue benchmarks takes one on SIGUSR2 (sent
 * by the benchmark right before it inserts the jobs), and prints the counts since the mark beside the totals, so
 * that commands per job can be read over the drain alone (the idle polls before it are no job's).
 */
export function markOnSigusr2(counts: Record<string, Record<string, number>>): () => Record<string, Record<string, number>> {
  let mark: Record<string, Record<string, number>> = {};
  process.on('SIGUSR2', () => {
    mark = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, { ...v }]));
  });
  return () =>
    Object.fromEntries(
      Object.entries(counts).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([name, n]) => [name, n - (mark[k]?.[name] ?? 0)]))]),
    );
}
