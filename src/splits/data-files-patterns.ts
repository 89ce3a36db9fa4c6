import { sortedPython } from './python-order.ts';
import picomatch from 'picomatch';

/**
 * How the `datasets` library finds data files and splits in a repo without `configs:` (`data_files.py` of the
 * release in library-rules.ts): the same keywords, patterns and order, matched with fsspec-glob semantics
 * (`*` stays inside a folder, `**` spans folders, `[...]` is a character class, no braces).
 */

export const SPLIT_KEYWORDS: Record<string, string[]> = {
  train: ['train', 'training'],
  validation: ['validation', 'valid', 'dev', 'val'],
  test: ['test', 'testing', 'eval', 'evaluation'],
};
export const DEFAULT_SPLITS = ['train', 'validation', 'test'];
const NON_WORDS_CHARS = '-._ 0-9';
const KEYWORDS_IN_FILENAME_BASE_PATTERNS = ['**/{keyword}[{sep}]*', '**/*[{sep}]{keyword}[{sep}]*'];
const KEYWORDS_IN_DIR_NAME_BASE_PATTERNS = ['**/{keyword}/**', '**/{keyword}[{sep}]*/**', '**/*[{sep}]{keyword}/**', '**/*[{sep}]{keyword}[{sep}]*/**'];

export const SPLIT_PATTERN_SHARDED = 'data/{split}-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*';

function expand(bases: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const split of DEFAULT_SPLITS) {
    out[split] = SPLIT_KEYWORDS[split]!.flatMap((keyword) => bases.map((b) => b.replaceAll('{keyword}', keyword).replaceAll('{sep}', NON_WORDS_CHARS)));
  }
  return out;
}

export const DEFAULT_PATTERNS_SPLIT_IN_FILENAME = expand(KEYWORDS_IN_FILENAME_BASE_PATTERNS);
export const DEFAULT_PATTERNS_SPLIT_IN_DIR_NAME = expand(KEYWORDS_IN_DIR_NAME_BASE_PATTERNS);
export const DEFAULT_PATTERNS_ALL: Record<string, string[]> = { train: ['**'] };
export const DEFAULT_PATTERNS_LOGS: Record<string, string[]> = { logs: ['**/*.eval'] };
export const DEFAULT_PATTERNS_HARBOR: Record<string, string[]> = { test: ['**/task.toml', '**/instruction.md'] };
export const ALL_DEFAULT_PATTERNS = [
  DEFAULT_PATTERNS_LOGS,
  DEFAULT_PATTERNS_HARBOR,
  DEFAULT_PATTERNS_SPLIT_IN_DIR_NAME,
  DEFAULT_PATTERNS_SPLIT_IN_FILENAME,
  DEFAULT_PATTERNS_ALL,
];

export const FILES_TO_IGNORE = ['README.md', 'config.json', 'dataset_info.json', 'dataset_infos.json', 'dummy_data.zip', 'dataset_dict.json'];

/**
 * A split name the library accepts (`naming._split_re`, `^\w+(\.\w+)*$` with Python's `re`: `\w` is any
 * Unicode letter, digit or underscore, and `$` also matches before a final newline).
 */
export const SPLIT_RE = /^[\p{L}\p{N}_]+(\.[\p{L}\p{N}_]+)*\n?$/u;

export class NoDataFilesError extends Error {}
export class PatternNotFoundError extends Error {}

export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

const GLOB_OPTIONS = { dot: true, nobrace: true, noextglob: true };
const matchers = new Map<string, (s: string) => boolean>();
/** The matcher of a pattern (fsspec-glob semantics), compiled once. */
export function matcher(pattern: string): (s: string) => boolean {
  let m = matchers.get(pattern);
  if (!m) {
    m = segmentMatcher(pattern) ?? picomatch(pattern, GLOB_OPTIONS);
    matchers.set(pattern, m);
  }
  return m;
}

/**
 * The default patterns, a leading `**` then one path segment S (a file named S in any folder), or that and a
 * trailing `/**` too (anything under a folder named S, or a file named S), matched segment by segment: the same
 * answers as picomatch's whole-path regex (Hub paths have no `.` or `..` segments, which that regex would refuse),
 * in time linear in the path, where that regex backtracks through every folder of a long path (50,000 files with
 * 4,000-character paths took 14 s of regex for the default patterns). A path without S's longest plain text
 * (`train` in `*[-._ 0-9]train[-._ 0-9]*`) is not split at all, and a folder's answer serves its files one after
 * the other. Any other pattern gets picomatch's regex.
 */
function segmentMatcher(pattern: string): ((s: string) => boolean) | undefined {
  const m = /^\*\*\/([^/]+?)(\/\*\*)?$/.exec(pattern);
  if (!m || m[1]!.includes('**')) return undefined;
  const segment = picomatch(m[1]!, GLOB_OPTIONS);
  const literal = longestLiteral(m[1]!);
  const anyFolder = m[2] !== undefined;
  // picomatch lets `**/S/**` match a file named S too when S ends with plain text (`**/train/**` and
  // `**/*[-._ 0-9]train/**` match `a/my-train`), not when it ends with `*` (`**/train[-._ 0-9]*/**` does not
  // match `a/train.txt`); S ending otherwise keeps picomatch's regex
  const lastChar = m[1]!.at(-1)!;
  if (anyFolder && /[?\]\\]/.test(lastChar)) return undefined;
  const fileToo = !anyFolder || lastChar !== '*';
  const inSegments = (text: string) => (literal === '' || text.includes(literal)) && text.split('/').some((s) => segment(s));
  // the listing gives a folder's files one after the other: its folders' answer is kept for the next path
  let lastDir: string | undefined;
  let lastDirMatches = false;
  return (path) => {
    const last = path.lastIndexOf('/');
    if (fileToo && inSegments(path.slice(last + 1))) return true;
    if (!anyFolder || last < 0) return false;
    const dir = path.slice(0, last);
    if (dir !== lastDir) {
      lastDir = dir;
      lastDirMatches = inSegments(dir);
    }
    return lastDirMatches;
  };
}

/** The longest run of plain characters of a one-segment glob (outside `*`, `?` and `[…]`): any match contains it. */
function longestLiteral(glob: string): string {
  let best = '';
  for (const run of glob.replace(/\[[^\]]*\]|[*?]/g, '\0').split('\0')) if (run.length > best.length && !/[\\[\]]/.test(run)) best = run;
  return best;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function parents(p: string): string[] {
  return p.split('/').slice(0, -1);
}

/** Files in folders starting with "__" are skipped unless the pattern names such folders too. */
function isInsideUnrequestedSpecialDir(path: string, pattern: string): boolean {
  const inPath = parents(path).filter((part) => part.startsWith('__')).length;
  const inPattern = parents(pattern).filter((part) => part.startsWith('__')).length;
  return inPath !== inPattern;
}

/** Hidden files and folders (starting with ".") are skipped unless the pattern names them. */
function isUnrequestedHidden(path: string, pattern: string): boolean {
  const hidden = (parts: string[]) => parts.filter((part) => part.startsWith('.') && !/^\.+$/.test(part)).length;
  return hidden(path.split('/')) !== hidden(pattern.split('/'));
}

/**
 * The files of the repo (paths relative to `baseDir`) that a pattern selects, in listing order, as
 * `resolve_pattern` does. Throws PatternNotFoundError when nothing matches.
 */
export function resolvePattern(pattern: string, files: readonly string[], allowedExtensions?: ReadonlySet<string>): string[] {
  const ignore = new Set(FILES_TO_IGNORE);
  ignore.delete(basename(pattern));
  // a `.` folder in the pattern is kept by the library's path join and matches no file on the Hub
  if (pattern.split('/').includes('.')) throw new PatternNotFoundError(`Unable to find '${pattern}'`);
  const match = matcher(pattern);
  const out: string[] = [];
  for (const file of files) {
    if (!match(file)) continue;
    if (ignore.has(basename(file))) continue;
    if (isInsideUnrequestedSpecialDir(file, pattern)) continue;
    if (isUnrequestedHidden(file, pattern)) continue;
    if (
      allowedExtensions &&
      !basename(file)
        .split('.')
        .slice(1)
        .some((suffix) => allowedExtensions.has(`.${suffix}`))
    )
      continue;
    out.push(file);
  }
  if (out.length === 0) throw new PatternNotFoundError(`Unable to find '${pattern}'`);
  return out;
}

/**
 * The split → patterns mapping the library infers from the files (`get_data_patterns`): first the sharded
 * `data/{split}-00000-of-00001.*` layout, then split keywords in folder names, then in file names,
 * then everything as `train`. Throws NoDataFilesError when the repo has no data file at all.
 */
export function inferDataFilesPatterns(files: readonly string[]): Record<string, string[]> {
  const found = (pattern: string) => {
    try {
      return resolvePattern(pattern, files);
    } catch (err) {
      if (err instanceof PatternNotFoundError) return [];
      throw err;
    }
  };
  const sharded = found(SPLIT_PATTERN_SHARDED.replace('{split}', '*'));
  if (sharded.length > 0) {
    const splits = new Set<string>();
    for (const f of sharded) {
      const m = /^(.*)-\d{5}-of-\d{5}/.exec(basename(f));
      if (m) splits.add(m[1]!);
    }
    for (const s of splits) {
      if (!SPLIT_RE.test(s)) throw new Error(`Split name should match '^\\w+(\\.\\w+)*$' but got '${[...splits].join("', '")}'.`);
    }
    const ordered = [...DEFAULT_SPLITS.filter((s) => splits.has(s)), ...sortedPython([...splits].filter((s) => !DEFAULT_SPLITS.includes(s)))];
    return Object.fromEntries(ordered.map((s) => [s, [SPLIT_PATTERN_SHARDED.replace('{split}', s)]]));
  }
  for (const patternsBySplit of ALL_DEFAULT_PATTERNS) {
    const nonEmpty = Object.entries(patternsBySplit).filter(([, patterns]) => patterns.some((p) => found(p).length > 0));
    if (nonEmpty.length > 0) return Object.fromEntries(nonEmpty);
  }
  throw new NoDataFilesError("The repository doesn't contain any data files");
}

/**
 * An empty object keyed by names a dataset chooses (splits, configs), without a prototype: on a plain `{}`,
 * `out['__proto__'] = …` sets the prototype (the split vanished) and `'constructor' in out` is true (a false
 * "splits duplicated"). Object.entries, JSON and spreading read it as any object; Object.fromEntries makes an
 * ordinary object of it with the same own keys, `__proto__` included.
 */
export function splitRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `sanitize_patterns`: a string, a list, a split → patterns mapping, or a list of {split, path}. */
export function sanitizePatterns(patterns: unknown): Record<string, string[]> {
  const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);
  if (typeof patterns === 'string') return { train: [patterns] };
  if (Array.isArray(patterns)) {
    if (patterns.some((p) => p !== null && typeof p === 'object')) {
      // no prototype: a split named `__proto__` or `constructor` is an ordinary key (see splitRecord)
      const out = splitRecord<string[]>();
      for (const p of patterns) {
        const entry = p as Record<string, unknown>;
        if (!(
          p &&
          typeof p === 'object' &&
          !Array.isArray(p) &&
          Object.keys(entry).length === 2 &&
          'split' in entry &&
          (typeof entry.path === 'string' || Array.isArray(entry.path))
        )) {
          throw new Error(
            `Invalid format for data_files entry. Each item must be a dictionary with the structure {'split': <split_name>, 'path': <path_or_list_of_paths>}. Received: ${JSON.stringify(p)}`,
          );
        }
        const split = String(entry.split);
        if (Object.hasOwn(out, split))
          throw new Error(`Some splits are duplicated in data_files: ${patterns.map((x) => (x as { split: unknown }).split).join(', ')}`);
        out[split] = asList(entry.path);
      }
      // an ordinary object again (own properties only, `__proto__` included: Object.fromEntries defines, never sets)
      return Object.fromEntries(Object.entries(out));
    }
    return { train: patterns.map(String) };
  }
  if (patterns && typeof patterns === 'object') {
    return Object.fromEntries(Object.entries(patterns as Record<string, unknown>).map(([k, v]) => [String(k), asList(v)]));
  }
  throw new Error(`Invalid data_files: ${JSON.stringify(patterns)}`);
}

/** Files of every pattern of one split; a pattern with no wildcard must exist (DataFilesList.from_patterns). */
export function resolveSplitFiles(patterns: readonly string[], files: readonly string[], allowedExtensions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    try {
      for (const file of resolvePattern(pattern, files, allowedExtensions)) out.push(file);
    } catch (err) {
      if (!(err instanceof PatternNotFoundError) || !hasMagic(pattern)) throw err;
    }
  }
  return out;
}
