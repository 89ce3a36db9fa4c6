import { Lexer, parse as parseYaml, YAMLParseError } from 'yaml';
import { SplitsNamesError } from './errors.ts';
import { parseYamlInThread } from './yaml-thread.ts';
import { PYYAML_SAFE_LOAD } from './pyyaml-schema.ts';

/**
 * Bounds on the YAML the worker parses (README front matter, `.huggingface.yaml`). The `yaml` parser
 * recurses once per nesting level: a few thousand nested `[` overflow its stack, and repeated overflows
 * have aborted V8 (an uncatchable crash of the whole worker). So the nesting is measured by a cheap scan
 * before the parser sees the text, and aliases are capped (an alias re-expands its anchor at every use).
 */
export const YAML_LIMITS = {
  /** flow brackets plus block indentation levels plus `- ` prefixes, counted on one path */
  maxDepth: 100,
  /** yaml's `maxAliasCount`: nodes produced through aliases */
  maxAliasCount: 100,
  /** larger texts are parsed in a worker thread (yaml-thread.ts): `yaml` takes 0.5 to 7 ms per KB here */
  maxInlineChars: 32 * 1024,
} as const;

/** The YAML block at the top of a README.md, between two `---` lines (the dataset card data). */
export function readmeCardData(readme: string | undefined): Record<string, unknown> {
  const yaml = frontMatter(readme);
  return yaml === undefined ? {} : parseYamlObject(yaml, 'README.md');
}

/** The same, with a large front matter parsed off the event loop (what the worker uses). */
export async function readmeCardDataAsync(readme: string | undefined): Promise<Record<string, unknown>> {
  const yaml = frontMatter(readme);
  return yaml === undefined ? {} : parseYamlObjectAsync(yaml, 'README.md');
}

/** `parseYamlObject`, in a worker thread when the text is large. */
export function parseYamlObjectAsync(text: string, file: string): Promise<Record<string, unknown>> {
  if (text.length <= YAML_LIMITS.maxInlineChars) return Promise.resolve().then(() => parseYamlObject(text, file));
  return parseYamlInThread(text, file);
}

/** Python's `\s` for `str` patterns: Unicode white space, which differs from JavaScript's (no U+FEFF, but U+001C–U+001F and U+0085). */
const PY_SPACE = '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/**
 * huggingface_hub's `REGEX_YAML_BLOCK`, which `DatasetCard.load` applies to the README read as `utf-8-sig` (one
 * leading byte-order mark dropped): white space, even blank lines, may come before the opening `---`, which is
 * followed directly by a line break (`--- ` with a space opens nothing); the closing `---` may be followed by
 * spaces or tabs, then a line break or the end.
 */
const YAML_BLOCK = new RegExp(`^${PY_SPACE}*---(?:\\r\\n|\\r|\\n)([\\s\\S]*?)(?:\\r\\n|\\r|\\n)---[ \\t]*(?:\\r\\n|\\n|$)`);

function frontMatter(readme: string | undefined): string | undefined {
  if (!readme) return undefined;
  return YAML_BLOCK.exec(readme.startsWith('\uFEFF') ? readme.slice(1) : readme)?.[1];
}

/** A standalone YAML file (`.huggingface.yaml`), merged over the README's card data by the library. */
export function parseYamlObject(text: string, file: string): Record<string, unknown> {
  const depth = yamlNestingDepth(text, YAML_LIMITS.maxDepth);
  if (depth > YAML_LIMITS.maxDepth) {
    throw new SplitsNamesError(`The YAML metadata of ${file} is nested more than ${YAML_LIMITS.maxDepth} levels deep`);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { ...PYYAML_SAFE_LOAD, uniqueKeys: false, maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` (line ${err.linePos[0].line})` : '';
    const reason = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 500) : String(err).slice(0, 500);
    throw new SplitsNamesError(`The YAML metadata of ${file} is invalid${where}: ${reason}`, { cause: err });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new SplitsNamesError(`The YAML metadata of ${file} must be a mapping, got ${Array.isArray(data) ? 'a list' : typeof data}`);
  }
  return data as Record<string, unknown>;
}

/**
 * The nesting depth of a YAML text, from `yaml`'s own lexer (iterative, so it cannot overflow the stack,
 * and exact about quotes and comments), stopping as soon as it exceeds `stopAbove`: open flow brackets
 * (`[`, `{`), plus the block levels (the stack of indentations of the lines above), plus the `- ` and `? `
 * that open a nested block on the same line. Real metadata is a few levels deep.
 */
export function yamlNestingDepth(text: string, stopAbove: number): number {
  let max = 0;
  let flow = 0;
  let inline = 0;
  let lineStart = true;
  let indent = 0;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    const c = token[0];
    if (c === '\n' || c === '\r') {
      lineStart = true;
      inline = 0;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '\t') {
        indent = token.length;
        continue;
      }
      if (c === '#') continue;
      lineStart = false;
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    else if ((token === '-' || token === '?') && flow === 0) inline++;
    const depth = flow + indents.length + inline;
    if (depth > max) {
      max = depth;
      if (max > stopAbove) return max;
    }
  }
  return max;
}
