import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from '../config/config.ts';
import { scrubSecrets } from './scrub-secrets.ts';

export type { Logger };

const PINO_LEVEL: Record<LogLevel, pino.Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
};

/** Paths removed from every line before it is written: the Hub token must never reach a log. */
export const REDACTED_PATHS = [
  'token',
  'hfToken',
  'config.hfToken',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  '*.token',
  '*.hfToken',
  '*.authorization',
];

/** The worker's JSON logger; `secrets` are also scrubbed from free text (error messages, stacks). */
export function createLogger(level: LogLevel, opts: { secrets?: (string | undefined)[]; destination?: DestinationStream } = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
  return pino(
    {
      level: PINO_LEVEL[level],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: secrets.length
        ? {
            streamWrite: (line) => scrubSecrets(line, secrets),
          }
        : {},
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
