import type { MachineReadings } from './machine-readings.ts';

export type DeferralReason = 'load' | 'memory';

/**
 * Whether the machine has room for a job: each figure must stay under its limit (0 disables a check).
 * Returns the reason to wait, or undefined.
 */
export function preflight(readings: MachineReadings, limits: { maxLoadPct: number; maxMemoryPct: number }): DeferralReason | undefined {
  if (limits.maxLoadPct > 0 && readings.loadPct >= limits.maxLoadPct) return 'load';
  if (limits.maxMemoryPct > 0 && readings.memoryPct >= limits.maxMemoryPct) return 'memory';
  return undefined;
}

/**
 * The line the worker logs (and /readyz answers) while the preflight holds jobs back: it names the
 * environment variable to change, not the config field.
 */
export function preflightMessage(reason: DeferralReason, readings: MachineReadings, limits: { maxLoadPct: number; maxMemoryPct: number }): string {
  const [what, value, variable, limit] =
    reason === 'load' ? ['load', readings.loadPct, 'MAX_LOAD_PCT', limits.maxLoadPct] : ['memory', readings.memoryPct, 'MAX_MEMORY_PCT', limits.maxMemoryPct];
  return `machine ${what} ${Math.round(value * 10) / 10}% is at or over ${variable}=${limit}: no job starts until it drops (raise ${variable}, or set it to 0 to turn the check off)`;
}
