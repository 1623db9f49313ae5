/**
 * Simulator speed (issue 4): events per second on an event-heavy stack, and the stack of
 * the SimGrid comparison (docs/simulator.md) (1,024 nodes of 8 cores, 8,192 one-vCPU VMs, 65,536
 * CPU-bound processes) simulated for one hour, with wall time and peak memory.
 * Goals: over 1 M events/s; the big stack under 5 s and 1 GiB (SimGrid: 4.7 s, 1.27 GB).
 */
import { loadavg } from 'node:os';
import { createSimulation, DEFAULT_NETWORK, type SimLayer, type SimStack } from '../../src/core/sim';

function bigStack(nodes: number, vmsPerNode: number, procsPerVm: number): SimStack {
  const layers: SimLayer[] = [];
  for (let n = 0; n < nodes; n++) {
    layers.push({ id: `N${n}`, kind: 'node', cpus: 8, memoryMiB: 32768, speed: 1, site: 'default' });
    layers.push({ id: `x${n}`, kind: 'hypervisor', product: 'xen', technique: 'pv', on: [`N${n}`] });
    for (let v = 0; v < vmsPerNode; v++) {
      const id = `${n}_${v}`;
      layers.push({ id: `vm${id}`, kind: 'vm', vcpus: 1, memoryMiB: 1024, on: `x${n}` });
      layers.push({ id: `g${id}`, kind: 'os', product: 'linux', on: `vm${id}` });
      // CPU-bound processes; their lengths differ from VM to VM so completions spread over the hour.
      layers.push({ id: `a${id}`, kind: 'app', workload: 'custom', processes: procsPerVm, cpuSeconds: 200 + ((n * vmsPerNode + v) % 97) * 2.5, on: `g${id}` });
    }
  }
  return { name: 'big', network: DEFAULT_NETWORK, layers, scenario: [] };
}

/** Many short events: Apache servers under heavy open-loop load, one per node. */
function eventHeavyStack(nodes: number, rps: number): SimStack {
  const layers: SimLayer[] = [];
  for (let n = 0; n < nodes; n++) {
    layers.push({ id: `N${n}`, kind: 'node', cpus: 4, memoryMiB: 8192, speed: 1, site: 'default' });
    layers.push({ id: `os${n}`, kind: 'os', product: 'linux', on: `N${n}` });
    layers.push({ id: `web${n}`, kind: 'app', workload: 'apache', processes: 16, requestsPerSecond: rps, cpuSeconds: 0.002, on: `os${n}` });
  }
  return { name: 'events', network: DEFAULT_NETWORK, layers, scenario: [] };
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** Runs a stack in slices, sampling memory between slices; returns figures. */
function measure(
  stack: SimStack,
  durationS: number,
): { wallS: number; cpuS: number; events: number; peakRss: number; peakHeap: number; result: ReturnType<ReturnType<typeof createSimulation>['result']> } {
  const g = globalThis as { gc?: () => void };
  g.gc?.();
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const sim = createSimulation(stack, { durationS });
  while (!sim.advance(50_000)) {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
  const result = sim.result();
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const m = process.memoryUsage();
  return {
    wallS,
    cpuS: (c.user + c.system) / 1e6,
    events: sim.progress.events,
    peakRss: Math.max(peakRss, m.rss),
    peakHeap: Math.max(peakHeap, m.heapUsed),
    result,
  };
}

export async function run(): Promise<void> {
  // The machines are shared: CPU time says what the simulator costs when wall time is inflated by others.
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const heavy = measure(eventHeavyStack(16, 1000), 60);
  console.log(
    `event rate: 16 Apache nodes at 1,000 requests/s for 60 s: ${heavy.events.toLocaleString('en')} events in ${heavy.wallS.toFixed(2)} s = ${(heavy.events / heavy.wallS / 1e6).toFixed(2)} M events/s wall, ${(heavy.events / heavy.cpuS / 1e6).toFixed(2)} M events per CPU-second (goal > 1 M/s)`,
  );

  const big = measure(bigStack(1024, 8, 8), 3600);
  const finished = Object.values(big.result.apps).filter((a) => a.makespanS !== undefined).length;
  console.log(
    `big stack: 1,024 nodes x 8 cores, 8,192 VMs, 65,536 processes, 1 simulated hour: ${big.wallS.toFixed(2)} s wall, ${big.cpuS.toFixed(2)} s CPU (goal < 5 s; SimGrid 4.7 s), ${big.events.toLocaleString('en')} events, ${finished} of 8,192 apps finished`,
  );
  console.log(`  peak memory: RSS ${mib(big.peakRss)} for the whole process (goal < 1 GiB; SimGrid 1.27 GB), JS heap ${mib(big.peakHeap)}`);
}
