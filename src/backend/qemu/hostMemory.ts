import { readFile } from 'node:fs/promises';

/** What QEMU itself takes beside a guest's RAM (TCG's code cache, devices): about 64 MiB. */
export const QEMU_OVERHEAD_MIB = 64;

export interface MemoryBudget {
  /** The host's available memory now (MemAvailable on Linux), MiB. */
  freeMiB: number;
  /** Kept for the host and Strata itself, MiB. */
  reserveMiB: number;
  /** Memory of VMs claimed but still starting (not yet in use, so not yet out of freeMiB). */
  startingMiB: number;
}

/** What the host keeps for itself: 1 GiB, or a tenth of its memory when that is more. */
export function hostReserveMiB(totalMiB: number): number {
  return Math.max(1024, Math.round(totalMiB / 10));
}

/** How many VMs of `memoryMiB` fit in the host's free memory now. */
export function vmsThatFit(budget: MemoryBudget, memoryMiB: number): number {
  return Math.max(0, Math.floor((budget.freeMiB - budget.reserveMiB - budget.startingMiB) / (memoryMiB + QEMU_OVERHEAD_MIB)));
}

/** The refusal of `count` VMs that do not fit, with the number that would. */
export function memoryRefusal(count: number, memoryMiB: number, budget: MemoryBudget): string | undefined {
  const fit = vmsThatFit(budget, memoryMiB);
  if (count <= fit) return undefined;
  const need = count * (memoryMiB + QEMU_OVERHEAD_MIB);
  return `Refused: ${count} VM${count > 1 ? 's' : ''} of ${memoryMiB} MiB need ${need} MiB (${QEMU_OVERHEAD_MIB} MiB of QEMU's own each), and this host has ${Math.round(budget.freeMiB)} MiB free, keeping ${budget.reserveMiB} MiB for itself${budget.startingMiB ? ` and ${budget.startingMiB} MiB for VMs still starting` : ''}: ${fit === 0 ? 'no VM of that size fits now' : `${fit} would fit`}. Stop a VM or ask for fewer or smaller ones.`;
}

/**
 * What one process costs the host's memory, from Linux's `/proc/PID/smaps_rollup`:
 * `residentMiB` (RSS) counts every page it has in RAM, shared or not; `proportionalMiB`
 * (PSS) splits each shared page among the processes sharing it, so the PSS of all VMs
 * adds up to what they take together. Undefined where there is no such file (macOS, a
 * process gone).
 */
export async function processMemory(pid: number): Promise<{ residentMiB: number; proportionalMiB: number } | undefined> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => undefined);
  const kib = (field: string): number | undefined => {
    const m = text && new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const rss = kib('Rss');
  const pss = kib('Pss');
  return rss === undefined || pss === undefined ? undefined : { residentMiB: Math.round(rss / 1024), proportionalMiB: Math.round(pss / 1024) };
}
