import { type SimLayer, type SimStack, type SimStep } from '../../../../src/core/sim';
import { DEFAULT_NETWORK } from '../../../../src/core/sim';

/** Small stack builders for the simulator tests. */
export function node(id: string, cpus = 2, extra: Partial<Extract<SimLayer, { kind: 'node' }>> = {}): SimLayer {
  return { id, kind: 'node', cpus, memoryMiB: 4096, speed: 1, site: 'default', ...extra };
}

export function os(id: string, on: string, product = 'linux'): SimLayer {
  return { id, kind: 'os', product, on };
}

export function hyp(id: string, product: string, technique: 'hw' | 'bt' | 'pv' | 'emulation' | null, on: string | string[]): SimLayer {
  return { id, kind: 'hypervisor', product, technique, on: typeof on === 'string' ? [on] : on };
}

export function vm(id: string, on: string, vcpus = 2, memoryMiB = 1024, dirtyRateMiBps?: number): SimLayer {
  return { id, kind: 'vm', vcpus, memoryMiB, dirtyRateMiBps, on };
}

export function ssi(id: string, on: string[], product = 'kerrighed'): SimLayer {
  return { id, kind: 'ssi', product, on };
}

export function app(
  id: string,
  on: string,
  workload: 'mrbayes' | 'kernel-make' | 'apache' | 'custom',
  extra: Partial<Extract<SimLayer, { kind: 'app' }>> = {},
): SimLayer {
  return { id, kind: 'app', workload, on, ...extra };
}

export function stack(layers: SimLayer[], scenario: SimStep[] = []): SimStack {
  return { name: 'test', network: DEFAULT_NETWORK, layers, scenario };
}

/** N nodes with a Linux each: ids N1.., os1.. */
export function linuxNodes(n: number, cpus = 2): SimLayer[] {
  const out: SimLayer[] = [];
  for (let i = 1; i <= n; i++) out.push(node(`N${i}`, cpus), os(`os${i}`, `N${i}`));
  return out;
}
