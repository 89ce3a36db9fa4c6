import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LocalHub } from '../../src/local-hub/hub-server.ts';
import { HubClient } from '../../src/hub/hub-client.ts';
import { computeSplits } from '../../src/splits/compute-splits.ts';
import type { SplitItem } from '../../src/splits/types.ts';
import { DATASETS_VERSION } from '../../src/splits/library-rules.ts';
import { WorkerError } from '../../src/errors/worker-error.ts';
import { generateRepos, type GeneratedRepo } from './generate.ts';

/**
 * The differential test: generated repos served by the local Hub, answered by the worker's computation
 * (in-process) and by the pinned `datasets` library (one Python process for the batch, through HF_ENDPOINT),
 * the answers compared, and each difference either excused by the deviations file or reported with a
 * minimal reproduction.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PY_DIR = path.join(ROOT, 'scripts/parity');
const CACHE_DIR = path.join(ROOT, '.cache/parity');

export interface LibraryError {
  stage?: string;
  chain: { type: string; mro: string[]; message: string }[];
  frames: string[];
}

export interface LibraryAnswer {
  id: string;
  configs?: string[];
  default?: string | null;
  error?: LibraryError;
  splits?: Record<
    string,
    { names?: string[]; declared?: Record<string, number>; error?: LibraryError; counts?: Record<string, number | { error: LibraryError }> }
  >;
}

export type WorkerAnswer =
  { ok: true; splits: { config: string; split: string; num_examples: number | null }[] } | { ok: false; code: string; message: string };

export interface Difference {
  kind: 'error' | 'error-class' | 'configs' | 'config-order' | 'splits' | 'count' | 'declared-count' | 'count-unstreamable';
  config?: string;
  split?: string;
  expected: unknown;
  actual: unknown;
}

export interface Deviation {
  id: string;
  /** `contract`: a change of contract written down for the reader, which excuses no difference */
  kind: Difference['kind'] | 'contract';
  /** the repo must have every one of these tags (generate.ts) */
  whenTags?: string[];
  /** and at least one of these */
  whenAnyTag?: string[];
  /** the library's value must be exactly this one (a number, null, a list…) */
  expected?: unknown;
  /** the worker's value must be exactly this one */
  actual?: unknown;
  /** the library's value is an error text (`Type: message`) that this regular expression matches */
  expectedMatches?: string;
  /** the worker's value is an error text that this regular expression matches */
  actualMatches?: string;
  reason: string;
}

/** A value named exactly: deep equality of the JSON forms (the values compared are JSON data). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An error text matched by a deviation's pattern; a value that is not a text (a count, null) never matches. */
function matches(value: unknown, pattern: string): boolean {
  return typeof value === 'string' && new RegExp(pattern).test(value);
}

export interface RepoResult {
  repo: GeneratedRepo;
  worker: WorkerAnswer;
  library: LibraryAnswer;
  differences: (Difference & { excusedBy?: string })[];
}

export interface ParityReport {
  seed: number;
  count: number;
  datasetsVersion: string;
  results: RepoResult[];
  /** repos with no difference at all, with only excused ones, with unexcused ones */
  agree: number;
  agreeWithDeviations: number;
  disagree: number;
  libraryErrors: number;
  /** splits the library streamed to a count, of them those the worker gave a number for, and equal ones */
  streamedSplits: number;
  workerCounted: number;
  countsEqual: number;
  countsWrong: number;
  /** the streamed splits the worker gave null for, by what the repo's data files are (nullCause) */
  nullCauses: Record<string, number>;
  deviationsUsed: Record<string, number>;
  cachedLibraryAnswers: number;
  seconds: { total: number; python: number; worker: number };
}

export function loadDeviations(): Deviation[] {
  return JSON.parse(readFileSync(path.join(ROOT, 'test/parity/deviations.json'), 'utf8')) as Deviation[];
}

/** The pinned library in a virtualenv (scripts/parity/setup-venv.sh: quick when already there). */
export function setupPython(): string {
  return execFileSync(path.join(PY_DIR, 'setup-venv.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** The worker's error code for the library's exception, by the mapping dataset-viewer uses. */
export function expectedErrorCode(err: LibraryError): string {
  const names = new Set(err.chain.flatMap((c) => [c.type, ...c.mro]));
  // dataset_module_factory re-raises some errors as FileNotFoundError, naming the original in the message
  for (const c of err.chain) for (const m of c.message.matchAll(/on the Hugging Face Hub either: (\w+): /g)) names.add(m[1]!);
  const messages = err.chain.map((c) => c.message).join('\n');
  if (names.has('DatasetNotFoundError') || names.has('RepositoryNotFoundError') || names.has('GatedRepoError')) return 'DatasetNotFoundError';
  if (/Dataset scripts are no longer supported/.test(messages)) return 'DatasetWithScriptNotSupportedError';
  if (names.has('EmptyDatasetError') || names.has('DataFilesNotFoundError')) return 'EmptyDatasetError';
  if (/Couldn't infer the same data file format for all splits/.test(messages)) return 'FileFormatMismatchBetweenSplitsError';
  if (
    err.stage === 'configs' &&
    (names.has('InvalidConfigName') || err.frames.some((f) => f === 'from_dataset_card_data' || f === 'get_default_config_name' || f === '__post_init__'))
  ) {
    return 'ConfigNamesError';
  }
  return 'SplitsNamesError';
}

function firstLibraryError(lib: LibraryAnswer): LibraryError | undefined {
  if (lib.error) return lib.error;
  for (const entry of Object.values(lib.splits ?? {})) if (entry.error) return { ...entry.error, stage: 'splits' };
  return undefined;
}

/** The library's configs with the default one first. */
function defaultFirst(lib: LibraryAnswer): string[] {
  const configs = lib.configs ?? [];
  const d = lib.default;
  return d && configs.includes(d) ? [d, ...configs.filter((c) => c !== d)] : configs;
}

export function compare(worker: WorkerAnswer, lib: LibraryAnswer): Difference[] {
  const libError = firstLibraryError(lib);
  if (libError) {
    const expected = expectedErrorCode(libError);
    if (worker.ok)
      return [
        { kind: 'error', expected: `${expected}: ${libError.chain.map((c) => `${c.type}: ${c.message.split('\n')[0]}`).join(' <- ')}`, actual: 'no error' },
      ];
    if (worker.code !== expected)
      return [
        {
          kind: 'error-class',
          expected: `${expected}: ${libError.chain.map((c) => `${c.type}: ${c.message.split('\n')[0]}`).join(' <- ')}`,
          actual: `${worker.code}: ${worker.message}`,
        },
      ];
    return [];
  }
  if (!worker.ok) return [{ kind: 'error', expected: 'no error', actual: `${worker.code}: ${worker.message}` }];
  const out: Difference[] = [];
  const actualConfigs = [...new Set(worker.splits.map((s) => s.config))];
  const expectedConfigs = lib.configs ?? [];
  if (JSON.stringify(actualConfigs) !== JSON.stringify(expectedConfigs)) {
    const onlyOrder = JSON.stringify(actualConfigs) === JSON.stringify(defaultFirst(lib));
    out.push({ kind: onlyOrder ? 'config-order' : 'configs', expected: expectedConfigs, actual: actualConfigs });
  }
  for (const config of expectedConfigs) {
    const entry = lib.splits?.[config];
    if (!entry?.names || !actualConfigs.includes(config)) continue;
    const mine = worker.splits.filter((s) => s.config === config);
    const names = mine.map((s) => s.split);
    if (JSON.stringify(names) !== JSON.stringify(entry.names)) {
      out.push({ kind: 'splits', config, expected: entry.names, actual: names });
      continue;
    }
    for (const s of mine) {
      if (entry.declared) {
        // the library's numbers are those of dataset_info (0 when a split declares none)
        const declared = entry.declared[s.split];
        if (declared !== s.num_examples) out.push({ kind: 'declared-count', config, split: s.split, expected: declared, actual: s.num_examples });
        continue;
      }
      if (s.num_examples === null) continue;
      const c = entry.counts?.[s.split];
      if (c === undefined) continue;
      if (typeof c === 'number') {
        if (c !== s.num_examples) out.push({ kind: 'count', config, split: s.split, expected: c, actual: s.num_examples });
      } else {
        out.push({
          kind: 'count-unstreamable',
          config,
          split: s.split,
          expected: `${c.error.chain[0]?.type}: ${c.error.chain[0]?.message.split('\n')[0]}`,
          actual: s.num_examples,
        });
      }
    }
  }
  return out;
}

export function excuse(d: Difference, repo: GeneratedRepo, deviations: readonly Deviation[]): Deviation | undefined {
  const tags = new Set(repo.tags);
  return deviations.find(
    (v) =>
      v.kind === d.kind &&
      (v.whenTags ?? []).every((t) => tags.has(t)) &&
      (!v.whenAnyTag || v.whenAnyTag.some((t) => tags.has(t))) &&
      (!('expected' in v) || same(d.expected, v.expected)) &&
      (!('actual' in v) || same(d.actual, v.actual)) &&
      (v.expectedMatches === undefined || matches(d.expected, v.expectedMatches)) &&
      (v.actualMatches === undefined || matches(d.actual, v.actualMatches)),
  );
}

/** The files and README of a repo, and what differs: enough to rebuild the case by hand. */
export function reproduction(r: RepoResult): string {
  const lines = [`repo ${r.repo.id} (tags: ${r.repo.tags.join(', ')})`, 'files:'];
  for (const [p, b] of Object.entries(r.repo.files).sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  ${p} (${b.length} bytes)`);
  for (const name of ['README.md', 'dataset_infos.json']) {
    const f = r.repo.files[name];
    if (f)
      lines.push(
        `${name}:`,
        ...f
          .toString('utf8')
          .split('\n')
          .map((l) => `  | ${l}`),
      );
  }
  for (const d of r.differences.filter((x) => !x.excusedBy)) {
    lines.push(
      `difference ${d.kind}${d.config !== undefined ? ` config=${d.config}` : ''}${d.split !== undefined ? ` split=${d.split}` : ''}:`,
      `  library: ${JSON.stringify(d.expected)}`,
      `  worker:  ${JSON.stringify(d.actual)}`,
    );
  }
  return lines.join('\n');
}

function repoHash(repo: GeneratedRepo, scriptHash: string): string {
  const h = createHash('sha256').update(`${DATASETS_VERSION}\n${scriptHash}\n${repo.id}\n`);
  for (const [p, b] of Object.entries(repo.files).sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${p}\n${b.length}\n`).update(b);
  return h.digest('hex');
}

/** Runs the library on the repos the cache does not know, in one Python process, answers as JSON lines. */
async function runLibrary(
  python: string,
  hubUrl: string,
  repos: GeneratedRepo[],
  useCache: boolean,
  log: (s: string) => void,
  progress: Progress,
): Promise<{ answers: Map<string, LibraryAnswer>; cached: number }> {
  const script = path.join(PY_DIR, 'run_library.py');
  const scriptHash = createHash('sha256')
    .update(readFileSync(script))
    .update(readFileSync(path.join(PY_DIR, 'requirements.txt')))
    .digest('hex');
  const answers = new Map<string, LibraryAnswer>();
  const hashes = new Map(repos.map((r) => [r.id, repoHash(r, scriptHash)]));
  let cached = 0;
  if (useCache) {
    for (const r of repos) {
      const file = path.join(CACHE_DIR, `${hashes.get(r.id)}.json`);
      if (existsSync(file)) {
        answers.set(r.id, JSON.parse(readFileSync(file, 'utf8')) as LibraryAnswer);
        cached++;
      }
    }
  }
  const todo = repos.filter((r) => !answers.has(r.id));
  progress.libraryTodo = todo.length;
  log(`library: ${cached} answers from the cache, ${todo.length} to compute (one Python process importing datasets)`);
  if (todo.length === 0) return { answers, cached };
  const home = mkdtempSync(path.join(os.tmpdir(), 'parity-hf-home-'));
  const child = spawn(python, [script], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HF_HOME: home,
      HF_ENDPOINT: hubUrl,
      HF_HUB_DISABLE_TELEMETRY: '1',
      HF_HUB_DISABLE_PROGRESS_BARS: '1',
      HF_HUB_DISABLE_IMPLICIT_TOKEN: '1',
      HF_UPDATE_DOWNLOAD_COUNTS: 'false',
      HF_HUB_ETAG_TIMEOUT: '10',
      HF_HUB_DOWNLOAD_TIMEOUT: '10',
      PYTHONWARNINGS: 'ignore',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const rl = createInterface({ input: child.stdout });
  child.stdin.end(todo.map((r) => r.id).join('\n') + '\n');
  let done = 0;
  for await (const line of rl) {
    if (!line.startsWith('{')) continue;
    const answer = JSON.parse(line) as LibraryAnswer & { ready?: boolean; version?: string };
    if (answer.ready) {
      if (answer.version !== DATASETS_VERSION) throw new Error(`the virtualenv has datasets ${answer.version}, the rules are those of ${DATASETS_VERSION}`);
      log(`library: datasets ${answer.version} imported`);
      continue;
    }
    answers.set(answer.id, answer);
    if (useCache) {
      mkdirSync(CACHE_DIR, { recursive: true });
      writeFileSync(path.join(CACHE_DIR, `${hashes.get(answer.id)}.json`), JSON.stringify(answer));
    }
    progress.libraryDone = ++done;
  }
  const code = await exited;
  rmSync(home, { recursive: true, force: true });
  if (code !== 0 || todo.some((r) => !answers.has(r.id))) throw new Error(`the library's process exited with ${code}: ${stderr}`);
  return { answers, cached };
}

/** How far each side is, for the progress lines of a run that takes minutes. */
interface Progress {
  libraryTodo: number;
  libraryDone: number;
  workerDone: number;
  /** the worker's answers that came in two phases (a partial answer first) */
  partials: number;
}

async function runWorker(hub: LocalHub, repos: GeneratedRepo[], cacheDir: string, progress: Progress): Promise<Map<string, WorkerAnswer>> {
  const out = new Map<string, WorkerAnswer>();
  let next = 0;
  const one = async () => {
    while (next < repos.length) {
      const repo = repos[next++]!;
      const client = new HubClient({ endpoint: hub.url, token: undefined, timeoutMs: 10_000, maxRetries: 1, retryBaseMs: 10, cacheDir });
      try {
        // every repo with a footer to read takes the two-phase path (the worker's threshold at 0 reads): its final
        // answer is the one compared, and its partial answer must be the final one less the counts still to come
        let partial: SplitItem[] | undefined;
        const res = await computeSplits(client, repo.id, {
          countRowsMaxBytes: 1 << 20,
          partial: { footerReads: 0, write: async (answer) => void ((partial = answer.splits), progress.partials++) },
        });
        const mismatch = partial && partialMismatch(partial, res.splits);
        if (mismatch) out.set(repo.id, { ok: false, code: 'crash:PartialAnswerMismatch', message: mismatch });
        else out.set(repo.id, { ok: true, splits: res.splits.map((s) => ({ config: s.config, split: s.split, num_examples: s.num_examples })) });
      } catch (err) {
        out.set(repo.id, {
          ok: false,
          code: err instanceof WorkerError ? err.errorCode : `crash:${(err as Error)?.constructor?.name}`,
          message: String((err as Error)?.message ?? err).split('\n')[0]!,
        });
      }
      progress.workerDone++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, one));
  return out;
}

/** What a partial answer has that the final one has not: other splits, sizes, or a count that differs; else undefined. */
function partialMismatch(partial: SplitItem[], final: SplitItem[]): string | undefined {
  const key = (s: SplitItem, count: boolean) => JSON.stringify([s.config, s.split, s.num_bytes, count ? s.num_examples : 0]);
  if (JSON.stringify(partial.map((s) => key(s, false))) !== JSON.stringify(final.map((s) => key(s, false))))
    return `the partial answer's splits differ from the final one's: ${JSON.stringify(partial)}`;
  const wrong = partial.find((s, i) => s.num_examples !== null && s.num_examples !== final[i]!.num_examples);
  return wrong ? `the partial answer counts ${wrong.config}/${wrong.split} otherwise: ${wrong.num_examples}` : undefined;
}

export interface ParityOptions {
  seed: number;
  count: number;
  /** read and write the library's answers under .cache/parity, keyed by a hash of the repo and the script */
  cache?: boolean;
  log?: (s: string) => void;
}

export async function runParity(opts: ParityOptions): Promise<ParityReport> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  log('virtualenv: scripts/parity/setup-venv.sh (a first run installs the pinned datasets from PyPI: minutes)');
  const python = setupPython();
  const repos = generateRepos(opts.seed, opts.count);
  log(`generated ${repos.length} repos (seed ${opts.seed})`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-repos-'));
  for (const repo of repos) {
    for (const [p, b] of Object.entries(repo.files)) {
      const file = path.join(dir, repo.id, p);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, b);
    }
    // an empty repo is still a repo
    mkdirSync(path.join(dir, repo.id), { recursive: true });
  }
  const hub = new LocalHub(dir);
  await hub.listen();
  const workerCache = mkdtempSync(path.join(os.tmpdir(), 'parity-worker-cache-'));
  const progress: Progress = { libraryTodo: repos.length, libraryDone: 0, workerDone: 0, partials: 0 };
  // a line every 20 s while both sides work, so that a run of minutes is not a silent one
  const heartbeat = setInterval(
    () =>
      log(
        `${Math.round((performance.now() - t0) / 1000)} s: library ${progress.libraryDone}/${progress.libraryTodo}, worker ${progress.workerDone}/${repos.length}`,
      ),
    20_000,
  );
  try {
    let pythonSeconds = 0;
    let workerSeconds = 0;
    const [lib, worker] = await Promise.all([
      (async () => {
        const t = performance.now();
        const r = await runLibrary(python, hub.url, repos, opts.cache ?? false, log, progress);
        pythonSeconds = (performance.now() - t) / 1000;
        log(`library: done in ${Math.round(pythonSeconds)} s`);
        return r;
      })(),
      (async () => {
        const t = performance.now();
        const r = await runWorker(hub, repos, workerCache, progress);
        workerSeconds = (performance.now() - t) / 1000;
        log(`worker: done in ${Math.round(workerSeconds)} s (${progress.partials} answers in two phases, each checked against its final one)`);
        return r;
      })(),
    ]);
    const deviations = loadDeviations();
    const report: ParityReport = {
      seed: opts.seed,
      count: opts.count,
      datasetsVersion: DATASETS_VERSION,
      results: [],
      agree: 0,
      agreeWithDeviations: 0,
      disagree: 0,
      libraryErrors: 0,
      streamedSplits: 0,
      workerCounted: 0,
      countsEqual: 0,
      countsWrong: 0,
      nullCauses: {},
      deviationsUsed: {},
      cachedLibraryAnswers: lib.cached,
      seconds: { total: 0, python: pythonSeconds, worker: workerSeconds },
    };
    for (const repo of repos) {
      const l = lib.answers.get(repo.id)!;
      const w = worker.get(repo.id)!;
      const differences = compare(w, l).map((d) => ({ ...d, excusedBy: excuse(d, repo, deviations)?.id }));
      for (const d of differences) if (d.excusedBy) report.deviationsUsed[d.excusedBy] = (report.deviationsUsed[d.excusedBy] ?? 0) + 1;
      report.results.push({ repo, worker: w, library: l, differences });
      if (differences.length === 0) report.agree++;
      else if (differences.every((d) => d.excusedBy)) report.agreeWithDeviations++;
      else report.disagree++;
      if (firstLibraryError(l)) report.libraryErrors++;
      // counts: over the splits both sides name
      if (w.ok && !firstLibraryError(l)) {
        for (const s of w.splits) {
          if (l.splits?.[s.config]?.declared) continue;
          const c = l.splits?.[s.config]?.counts?.[s.split];
          if (typeof c !== 'number') continue;
          report.streamedSplits++;
          if (s.num_examples === null) {
            const cause = nullCause(repo);
            report.nullCauses[cause] = (report.nullCauses[cause] ?? 0) + 1;
            continue;
          }
          report.workerCounted++;
          if (s.num_examples === c) report.countsEqual++;
          else report.countsWrong++;
        }
      }
    }
    report.seconds.total = (performance.now() - t0) / 1000;
    return report;
  } finally {
    clearInterval(heartbeat);
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(workerCache, { recursive: true, force: true });
  }
}

export function summary(r: ParityReport): string {
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
  return [
    `datasets ${r.datasetsVersion}, seed ${r.seed}, ${r.count} repos (${r.cachedLibraryAnswers} library answers from the cache)`,
    `agree: ${r.agree}, agree up to listed deviations: ${r.agreeWithDeviations}, disagree: ${r.disagree} (library errors on ${r.libraryErrors} repos)`,
    `splits the library streamed: ${r.streamedSplits}; worker num_examples non-null: ${r.workerCounted} (${pct(r.workerCounted, r.streamedSplits)}), equal to the library's count: ${r.countsEqual} (${pct(r.countsEqual, r.workerCounted)} of non-null, ${pct(r.countsEqual, r.streamedSplits)} of streamed), wrong: ${r.countsWrong}`,
    `streamed splits the worker left null, by the repo's data files: ${
      Object.entries(r.nullCauses)
        .sort(([, a], [, b]) => b - a)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || 'none'
    }`,
    `deviations used: ${
      Object.entries(r.deviationsUsed)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || 'none'
    }`,
    generatorMix(r),
    `time: ${r.seconds.total.toFixed(0)} s (library ${r.seconds.python.toFixed(0)} s, worker ${r.seconds.worker.toFixed(0)} s)`,
  ].join('\n');
}

/**
 * What the generator made: the share of valid repos (the library answers without an error), of repos in the
 * shapes of real Hub datasets (tag `real`), and how many repos have each construct's tag (generate.ts).
 */
export function generatorMix(r: ParityReport): string {
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
  const n = r.results.length;
  const valid = n - r.libraryErrors;
  const real = r.results.filter((x) => x.repo.tags.includes('real'));
  const realValid = real.filter((x) => !firstLibraryError(x.library)).length;
  const byTag = new Map<string, number>();
  for (const x of r.results) for (const t of x.repo.tags) byTag.set(t, (byTag.get(t) ?? 0) + 1);
  const tags = [...byTag]
    .filter(([t]) => t !== 'real')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([t, k]) => `${t} ×${k}`)
    .join(', ');
  return [
    `generator mix: valid repos (the library answers without an error) ${valid} of ${n} (${pct(valid, n)}); in real Hub shapes ${real.length} (${realValid} of them valid)`,
    `constructs (repos with each tag): ${tags}`,
  ].join('\n');
}

const COMPRESSION_EXTENSIONS = new Set(['.gz', '.bz2', '.xz', '.zst', '.lz4', '.zstd', '.bz', '.7z']);
const NOT_DATA = /(^|\/)(README\.md|dataset_infos\.json|\.gitattributes|\.hub-repo\.json|\.huggingface\.yaml)$/;

/**
 * What the data files of a repo are, for the breakdown of the splits the worker leaves null: the builder when
 * it is not chosen by extension (harbor), else each file's (compound) extension, with the members of a zip and
 * the shape of a `.json` file (where the json builder reads differently). Coarse (per repo, not per split),
 * but it names what a counter is missing for.
 */
export function nullCause(repo: GeneratedRepo): string {
  if (repo.tags.includes('harbor')) return 'builder:harbor';
  const kinds = new Set<string>();
  for (const [p, b] of Object.entries(repo.files)) {
    if (NOT_DATA.test(p) || p.split('/').some((part) => part.startsWith('.') || part === '__pycache__')) continue;
    kinds.add(fileKind(p, b));
  }
  return [...kinds].sort().join('+') || 'no data file';
}

function fileKind(p: string, b: Buffer): string {
  const ext = compoundExtension(p);
  if (ext === '.zip') {
    const members = [...new Set(zipMemberNames(b).map((n) => compoundExtension(n) || '(none)'))].sort();
    return `.zip[${members.join(',')}]`;
  }
  if (ext === '.json') return `.json(${jsonShape(b)})`;
  return ext || '(no extension)';
}

function compoundExtension(p: string): string {
  const parts = p
    .slice(p.lastIndexOf('/') + 1)
    .toLowerCase()
    .split('.');
  if (parts.length < 2) return '';
  const last = `.${parts.at(-1)}`;
  return COMPRESSION_EXTENSIONS.has(last) && parts.length > 2 ? `.${parts.at(-2)}${last}` : last;
}

/** The member names of a zip, from its central directory records. */
function zipMemberNames(b: Buffer): string[] {
  const names: string[] = [];
  for (let i = b.indexOf('PK\x01\x02', 0, 'latin1'); i >= 0 && i + 46 <= b.length; i = b.indexOf('PK\x01\x02', i + 46, 'latin1')) {
    const n = b.readUInt16LE(i + 28);
    const name = b.toString('utf8', i + 46, i + 46 + n);
    if (!name.endsWith('/')) names.push(name);
  }
  return names;
}

function isObjectLine(l: string): boolean {
  try {
    const v: unknown = JSON.parse(l);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** How a `.json` file starts: an array (after whitespace or not, empty or not), one object over several lines, lines. */
function jsonShape(b: Buffer): string {
  const text = b.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  const lead = trimmed.length < text.length ? 'space then ' : '';
  if (trimmed.startsWith('[')) return `${lead}${/^\[\s*\]\s*$/.test(trimmed) ? 'empty array' : 'array'}`;
  if (trimmed.startsWith('{')) return `${lead}${trimmed.split('\n').every((l) => l.trim() === '' || isObjectLine(l)) ? 'lines' : 'multi-line object'}`;
  return `${lead}other`;
}
