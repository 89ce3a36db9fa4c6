import { createRequire } from 'node:module';
import tty from 'node:tty';

/**
 * Agenda creates a `debug` logger at each step of each job (`log.extend(...)`, about ten per job, whether its
 * debug output is on or not), and each asks the OS whether stderr is a terminal, a system call every time.
 * The answer cannot change while the process runs: it is asked once here and given to `debug` as its setting
 * (the same answer, and `DEBUG_COLORS` still decides when set).
 */
export function settleAgendaDebugColors(): void {
  const requireFromAgenda = createRequire(import.meta.resolve('agenda'));
  const debug = requireFromAgenda('debug') as { inspectOpts?: Record<string, unknown> };
  if (debug.inspectOpts && !('colors' in debug.inspectOpts)) debug.inspectOpts.colors = tty.isatty(process.stderr.fd);
}
