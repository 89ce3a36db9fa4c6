import { parse as parseToml } from 'smol-toml';
import type { RepoFile } from '../../hub/hub-client.ts';
import { CountFormatError, CountLimitError } from './errors.ts';
import type { FileSource } from './source.ts';

const TASK = 'task.toml';
const INSTRUCTION = 'instruction.md';
/** Tasks one split may have counted: two requests each; beyond, the count is not known. */
export const MAX_HARBOR_TASKS = 2_000;

/**
 * Rows of a split read by the `harbor` builder (datasets 5.2): one per `task.toml` among the split's files, each
 * read with the `instruction.md` of its folder. The builder fails on a task it cannot read, so each is checked as
 * the builder reads it: the instruction is among the split's files (the builder opens it whether listed or not;
 * one not listed may be missing: not known) and is UTF-8; the task.toml is UTF-8 TOML 1.0 (Python's tomllib;
 * smol-toml 1.3 parses the same version) whose `task` is a table or empty, and whose `task.keywords` is a string,
 * an array, a table or empty (the builder calls `list()` on it). Both files are read whole through `open`, so
 * within the split's read budget, and at most `maxTasks` tasks (two requests each) are read.
 */
export async function countHarborTasks(files: RepoFile[], open: (f: RepoFile) => FileSource, maxTasks = MAX_HARBOR_TASKS): Promise<number> {
  const tasks = files.filter((f) => basename(f.path) === TASK).length;
  if (tasks > maxTasks) throw new CountLimitError(`${tasks} harbor tasks, more than the ${maxTasks} counted`);
  const byPath = new Map(files.map((f) => [f.path, f]));
  let rows = 0;
  for (const f of files) {
    if (basename(f.path) !== TASK) continue;
    const dir = f.path.slice(0, f.path.lastIndexOf('/') + 1);
    const instruction = byPath.get(`${dir}${INSTRUCTION}`);
    if (!instruction) throw new CountFormatError(`${f.path} has no ${INSTRUCTION} among the split's files`);
    checkTask(universalNewlines(await readText(open(f), true)), f.path);
    // the instruction's text is not needed, only that it decodes
    await readText(open(instruction), false);
    rows++;
  }
  return rows;
}

function checkTask(text: string, path: string): void {
  // Python's utf-8 codec keeps a BOM as a character, which tomllib refuses
  if (text.startsWith('\uFEFF')) throw new CountFormatError(`${path} starts with a byte order mark`);
  let config: Record<string, unknown>;
  try {
    config = parseToml(text);
  } catch (err) {
    throw new CountFormatError(`${path} is not TOML 1.0`, { cause: err });
  }
  const task = config.task;
  if (!isEmpty(task) && !isTable(task)) throw new CountFormatError(`${path}: [task] is not a table`);
  const keywords = isTable(task) ? task.keywords : undefined;
  if (!isEmpty(keywords) && typeof keywords !== 'string' && !Array.isArray(keywords) && !isTable(keywords)) {
    throw new CountFormatError(`${path}: task.keywords is not a list`);
  }
}

/** Python's truthiness of a TOML value: false, 0, "", [] and {} are falsy (the builder falls back to a default). */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isTable(v) && Object.keys(v).length === 0;
}

function isTable(v: unknown): v is Record<string, unknown> {
  // smol-toml gives dates as TomlDate (a Date): not a table
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Text mode's universal newlines, as Python's open() reads the file. */
function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** The file decoded as strict UTF-8 (kept only when `keep`). */
async function readText(source: FileSource, keep: boolean): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let text = '';
  try {
    for await (const chunk of await source.openStream()) {
      const s = decoder.decode(chunk, { stream: true });
      if (keep) text += s;
    }
    const s = decoder.decode();
    return keep ? text + s : '';
  } catch (err) {
    if (err instanceof TypeError) throw new CountFormatError(`${source.path} is not UTF-8`, { cause: err });
    throw err;
  }
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
