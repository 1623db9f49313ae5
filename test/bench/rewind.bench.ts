/**
 * Seminar rewind (issue 16): a 4-VM demo on one LAN, a checkpoint of every VM (how long
 * it paused them, goal under 1 s), more work, then "Rewind" until every guest runs again
 * from the checkpoint (goal: under 2 s). The
 * renderer puts the Builder view's run back: when it shows that run still, only its
 * clock moves; otherwise it runs the stack again, timed here on the preset a seminar
 * opens with and added as the worst case of the whole click.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CheckpointService } from '../../src/backend/checkpoints/checkpointService';
import { VmService } from '../../src/backend/qemu/vmService';
import { createSimulation, toSimStack } from '../../src/core/sim';
import { parseStack } from '../../src/core/stack';

const recipeDir = fileURLToPath(new URL('../../assets/guest/', import.meta.url));
const preset = fileURLToPath(new URL('../../assets/presets/vms-on-one-node.stack.yaml', import.meta.url));
/** The qemu bench's home: its guest image is built once for both. */
const home = path.join(os.tmpdir(), 'strata-qemu-bench-home');
const VMS = 4;
const REWINDS = 3;
const GOAL_MS = 2000;
/** How long a checkpoint may freeze the demo: a second, about what a speaker's click takes to show. */
const PAUSE_GOAL_MS = 1000;
const COUNTER = '/root/counter';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The builder's run again, as the renderer does after a rewind (same stack and series step). */
function simulatorRerunMs(): number {
  const stack = parseStack(readFileSync(preset, 'utf8')).stack!;
  const started = performance.now();
  const sim = createSimulation(toSimStack(stack), { seriesStepS: 2 });
  while (!sim.advance(20_000));
  sim.result();
  return performance.now() - started;
}

export async function run(): Promise<void> {
  const checkpointHome = await mkdtemp(path.join(os.tmpdir(), 'strata-rewind-bench-'));
  const service = new VmService({ home, recipeDir });
  const checkpoints = new CheckpointService(checkpointHome, service);
  try {
    const vms = await service.deploy(VMS, 2, 256, true);
    const ids = vms.map((vm) => vm.id);
    const setAll = (n: number) => Promise.all(ids.map((id) => service.machine(id).exec(`echo ${n} > ${COUNTER}`)));
    const readAll = async () => Promise.all(ids.map(async (id) => (await service.machine(id).exec(`cat ${COUNTER}`)).stdout.trim()));
    await setAll(1);
    const taken = await checkpoints.take('bench', []);
    const stateMiB = taken.vms.reduce((sum, vm) => sum + vm.stateBytes, 0) / 2 ** 20;

    const rewinds: number[] = [];
    let restored = true;
    for (let i = 0; i < REWINDS; i++) {
      await setAll(i + 2);
      const result = await checkpoints.rewind(taken.id);
      rewinds.push(result.tookMs);
      restored &&= (await readAll()).every((v) => v === '1');
    }
    const sims = [simulatorRerunMs(), simulatorRerunMs(), simulatorRerunMs()];
    const vmMs = median(rewinds);
    const total = vmMs + median(sims);
    console.log(
      `checkpoint of ${VMS} VMs (TCG, 256 MiB each): VMs paused ${taken.tookMs} ms at the longest (goal < ${PAUSE_GOAL_MS} ms)${taken.tookMs < PAUSE_GOAL_MS ? '' : ' — over the goal'}, ${stateMiB.toFixed(0)} MiB of saved state`,
    );
    console.log(
      `rewind of a ${VMS}-VM demo (median of ${REWINDS}, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores): ${vmMs.toFixed(0)} ms for the VMs (goal < ${GOAL_MS} ms)${vmMs < GOAL_MS ? '' : ' — over the goal'}; with the builder's run computed again ${total.toFixed(0)} ms; every counter back: ${restored}`,
    );
  } finally {
    await service.dispose();
    await rm(checkpointHome, { recursive: true, force: true });
  }
}
