import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A command line that does not parse: the caller prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  readonly errorCode = 'UsageError';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The values parseArgs gives for these options (named here, so that the declarations can be emitted). */
export type ParsedValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' }
    ? O[K] extends { multiple: true }
      ? boolean[]
      : boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

/**
 * util.parseArgs by the usual conventions: unknown flags and, past `maxPositionals`, extra arguments are
 * refused (UsageError), `--` ends the flags (so `cancel -- --help` is a dataset named "--help"), and every
 * command has -h/--help.
 */
export function parseCommandLine<O extends Options>(
  args: string[],
  options: O,
  positionals: { min: number; max: number; what: string },
): { values: ParsedValues<O>; positionals: string[]; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs' own messages name the flag; drop its advice about '--' for positionals, which we allow
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const help = (parsed.values as { help?: boolean }).help === true;
  if (!help) {
    if (parsed.positionals.length < positionals.min) throw new UsageError(`missing ${positionals.what}`);
    if (parsed.positionals.length > positionals.max) {
      const extra = parsed.positionals.slice(positionals.max);
      throw new UsageError(`unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`);
    }
  }
  return { values: parsed.values, positionals: parsed.positionals, help };
}

/**
 * The package's version, from the nearest package.json above this module: two levels up from src/cli/ under tsx,
 * three from dist/src/cli/ in the build.
 */
export function packageVersion(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
  }
}
