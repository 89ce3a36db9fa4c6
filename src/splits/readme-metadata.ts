import { parse as parseYaml, YAMLParseError } from 'yaml';
import { SplitsNamesError } from './errors.ts';

/** The YAML block at the top of a README.md, between two `---` lines (the dataset card data). */
export function readmeCardData(readme: string | undefined): Record<string, unknown> {
  if (!readme) return {};
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(readme);
  if (!m) return {};
  return parseYamlObject(m[1]!, 'README.md');
}

/** A standalone YAML file (`.huggingface.yaml`), merged over the README's card data by the library. */
export function parseYamlObject(text: string, file: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(text, { uniqueKeys: false });
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` (line ${err.linePos[0].line})` : '';
    throw new SplitsNamesError(`The YAML metadata of ${file} is invalid${where}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { cause: err });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new SplitsNamesError(`The YAML metadata of ${file} must be a mapping, got ${Array.isArray(data) ? 'a list' : typeof data}`);
  }
  return data as Record<string, unknown>;
}
