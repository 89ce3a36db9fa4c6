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
