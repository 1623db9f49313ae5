/**
 * Instant machines (issue 16), beside a bare QEMU cold boot of the same image with the
 * app's own command line, in one run:
 * - click to prompt from the booted-state template (goal: at most 0.3 times the cold boot);
 * - a 16-VM cluster from the request to every pair pinging (goal: under 3 times one cold boot);
 * - the host memory of that cluster at its peak: resident (RSS) and proportional (PSS, the
 *   template's shared pages counted once) of its QEMU processes, sampled every 250 ms, and
 *   how far the host's MemAvailable fell.
 * Cold boots and template starts are alternated so a busy neighbour on the cores weighs on both.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { GuestImage } from '../../src/backend/qemu/guestImage';
import { pingAll } from '../../src/backend/qemu/pingCheck';
import { VmService } from '../../src/backend/qemu/vmService';
import { appQemuArgs, bareBoot } from './qemu.bench';

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));
const home = path.join(os.tmpdir(), 'strata-qemu-bench-home');
const PROMPT = /:\/root# /;
const RUNS = 3;
const CLUSTER = 16;
const CLUSTER_MIB = 192;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const memAvailableMiB = (): number => Number(/^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) / 1024;

/** Click to prompt: `vm.create` as the Boot button sends it, until the guest's prompt is on its console. */
async function clickToPrompt(service: VmService, id: string, memoryMiB: number): Promise<{ ms: number; start: string }> {
  const started = performance.now();
  await service.create({ id, memoryMiB, cpus: 1, noVirtExtensions: false, waitReady: false });
  const vm = service.machine(id);
  await vm.console.waitFor(PROMPT, 120_000);
  const ms = performance.now() - started;
  const { start } = vm.info();
  await service.kill(id);
  return { ms, start };
}

export async function run(): Promise<void> {
  const image = await new GuestImage(home, recipeDir).ensure();
  const cold = new VmService({ home, recipeDir, templates: false });
  const service = new VmService({ home, recipeDir, templates: true });
  try {
    // The baseline boots the app's cold command line, bare.
    await cold.create({ id: 'probe', memoryMiB: 256, cpus: 1, noVirtExtensions: false, waitReady: false });
    const appArgs = await appQemuArgs(cold, 'probe');
    await cold.kill('probe');
    // The templates for both sizes exist before anything is timed, as on a speaker's laptop
    // after the first boot: each first VM is kept until it counts as ready, which is once
    // its template's state is saved (its prompt comes a moment before).
    for (const memoryMiB of [256, CLUSTER_MIB]) {
      await service.create({ id: `warm${memoryMiB}`, memoryMiB, cpus: 1, noVirtExtensions: false, waitReady: true });
      await service.kill(`warm${memoryMiB}`);
    }

    const bare: number[] = [];
    const fromTemplate: number[] = [];
    const starts = new Set<string>();
    for (let i = 0; i < RUNS; i++) {
      bare.push(await bareBoot(appArgs, image.base));
      const t = await clickToPrompt(service, `t${i}`, 256);
      fromTemplate.push(t.ms);
      starts.add(t.start);
    }
    const coldMs = median(bare);
    const templateMs = median(fromTemplate);
    console.log(
      `click to prompt (TCG, 256 MiB, median of ${RUNS}): bare qemu cold boot ${coldMs.toFixed(0)} ms, Strata from the template ${templateMs.toFixed(0)} ms (start: ${[...starts].join(', ')}), ratio ${(templateMs / coldMs).toFixed(2)} (goal <= 0.3)`,
    );

    const before = { availableMiB: memAvailableMiB(), load: os.loadavg()[0]! };
    let peak = { residentMiB: 0, proportionalMiB: 0, availableDropMiB: 0 };
    const sample = async (): Promise<void> => {
      const uses = await service.memoryUse();
      peak = {
        residentMiB: Math.max(
          peak.residentMiB,
          uses.reduce((s, u) => s + u.residentMiB, 0),
        ),
        proportionalMiB: Math.max(
          peak.proportionalMiB,
          uses.reduce((s, u) => s + u.proportionalMiB, 0),
        ),
        availableDropMiB: Math.max(peak.availableDropMiB, before.availableMiB - memAvailableMiB()),
      };
    };
    // Once a second: reading 16 guests' page tables is CPU the cluster's own start then waits for (at 4 a second it took about a second of the 15).
    const sampler = setInterval(() => void sample(), 1000);
    const started = performance.now();
    let pings;
    let vms;
    try {
      vms = await service.deploy(CLUSTER, 4, CLUSTER_MIB, true);
      pings = await pingAll(
        vms.map((v) => service.machine(v.id)),
        120_000,
      );
    } finally {
      clearInterval(sampler);
    }
    const clusterMs = performance.now() - started;
    await sample();
    const final = await service.memoryUse();
    const fromTemplateCount = service.list().filter((v) => v.start === 'template').length;
    console.log(
      `${CLUSTER}-VM cluster (${CLUSTER_MIB} MiB each, ${fromTemplateCount} from the template) from the request to all pairs pinging (${pings.ok}/${pings.total}): ${clusterMs.toFixed(0)} ms, ${(clusterMs / coldMs).toFixed(2)} times one bare cold boot (goal < 3)`,
    );
    console.log(
      `${CLUSTER}-VM cluster memory at its peak: ${peak.residentMiB} MiB resident in all (RSS), ${peak.proportionalMiB} MiB counting shared pages once (PSS), host MemAvailable down ${peak.availableDropMiB.toFixed(0)} MiB; per guest now: ${(final.reduce((s, u) => s + u.residentMiB, 0) / final.length).toFixed(0)} MiB resident, ${(final.reduce((s, u) => s + u.proportionalMiB, 0) / final.length).toFixed(0)} MiB its share (guest RAM ${CLUSTER_MIB} MiB; load average ${before.load.toFixed(1)} on ${os.cpus().length} cores at the start)`,
    );
  } finally {
    await Promise.all([service.dispose(), cold.dispose()]);
  }
}
