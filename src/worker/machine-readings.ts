import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** The two figures the preflight compares with MAX_LOAD_PCT and MAX_MEMORY_PCT. */
export interface MachineReadings {
  /** max(1-min, 5-min load average) / CPUs × 100 */
  loadPct: number;
  /** (RAM used + swap used) / (RAM total + swap total) × 100 */
  memoryPct: number;
}

export type ReadMachine = () => Promise<MachineReadings>;

export async function readMachine(): Promise<MachineReadings> {
  const [l1, l5] = os.loadavg();
  const loadPct = (Math.max(l1 ?? 0, l5 ?? 0) / os.availableParallelism()) * 100;
  return { loadPct, memoryPct: await readMemoryPct() };
}

async function readMemoryPct(): Promise<number> {
  try {
    const info = parseMeminfo(await readFile('/proc/meminfo', 'utf8'));
    const ramTotal = info.MemTotal ?? 0;
    const ramUsed = ramTotal - (info.MemAvailable ?? info.MemFree ?? 0);
    const swapTotal = info.SwapTotal ?? 0;
    const swapUsed = swapTotal - (info.SwapFree ?? 0);
    return ((ramUsed + swapUsed) / (ramTotal + swapTotal)) * 100;
  } catch {
    return ((os.totalmem() - os.freemem()) / os.totalmem()) * 100;
  }
}

export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/**
 * Readings from a JSON file `{ "load_pct": n, "memory_pct": n }`, re-read at each check, so that a test
 * can push a running worker over its limits and back (MACHINE_READINGS_FILE).
 */
export function readMachineFromFile(file: string): ReadMachine {
  return async () => {
    const raw = JSON.parse(await readFile(file, 'utf8')) as { load_pct?: unknown; memory_pct?: unknown };
    return { loadPct: Number(raw.load_pct ?? 0), memoryPct: Number(raw.memory_pct ?? 0) };
  };
}
