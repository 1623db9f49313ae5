/**
 * Which cost figures a run uses. The literature's (costModel.ts, preCopy.ts) describe the
 * seminar's 2007 hardware and are the default; a calibration (`strata calibrate`) measures
 * this host, and a run may use those instead. Only the figures a calibration measures
 * change; every other factor stays the literature's. docs/simulator.md ("This machine's
 * figures") says how each measurement maps onto the model.
 */
import { z } from 'zod';
import { PROCESS_START_S, TECHNIQUE_COST, type LayerCost, type Technique } from './costModel';
import { QEMU_POLICY } from './preCopy';

/** The accelerators QEMU can run a guest with (docs/qemu.md). */
export const ACCELERATORS = ['kvm', 'hvf', 'whpx', 'tcg'] as const;
export type Accelerator = (typeof ACCELERATORS)[number];

/** A measured ratio or rate: finite and above zero. */
const measured = z.number().positive().finite();

/**
 * What a calibration measured, as `strata calibrate --json` prints it (without `savedTo`):
 * per accelerator, how many times longer the same CPU-bound program takes in a guest than
 * natively, and the CPU seconds of one process start (fork and exec of a busybox applet)
 * in that guest; a start natively; how fast a guest dirties memory; how fast QEMU
 * migrates between two local QEMUs. The start figures are optional: a calibration made
 * before they were measured keeps the literature's (no start cost).
 */
export const HostFiguresSchema = z.object({
  accelerators: z.partialRecord(z.enum(ACCELERATORS), z.object({ emulationFactor: measured, processStartS: measured.optional() })),
  processStartS: measured.optional(),
  dirtyRateMiBps: measured,
  migrationMiBps: measured,
});
export type HostFigures = z.infer<typeof HostFiguresSchema>;

/** The two sets a run can use: `strata simulate --figures`, the builder's switch. */
export const FIGURE_SETS = ['literature', 'host'] as const;
export type FigureSet = (typeof FIGURE_SETS)[number];

/** The figures the engine reads. */
export interface CostFigures {
  /** Time factors per virtualization technique. */
  technique: Record<Technique, LayerCost>;
  /** QEMU's (and KVM's) migration rate cap in MiB/s; the link may be slower. */
  qemuMigrationCapMiBps: number;
  /** The most one vCPU can dirty per second; a VM's dirty rate never exceeds vCPUs × this. Unset: no cap. */
  maxDirtyMiBpsPerVcpu?: number;
  /** A process start natively, in reference seconds; each layer's `start` factor multiplies it (costModel.ts). */
  processStartS: number;
}

/** The seminar's 2007 hardware, as the literature describes it: the default. */
export const LITERATURE_FIGURES: CostFigures = {
  technique: TECHNIQUE_COST,
  qemuMigrationCapMiBps: QEMU_POLICY.bandwidthCapMiBps ?? Infinity,
  processStartS: PROCESS_START_S,
};

/** Hardware accelerators, in the order a host would offer them; the first measured stands for technique `hw`. */
const HARDWARE_ACCELERATORS: Accelerator[] = ['kvm', 'hvf', 'whpx'];

/**
 * Maps a calibration onto the model. TCG's factor is technique `emulation` (CPU and I/O,
 * since TCG translates the device code too); a hardware accelerator's factor is the CPU
 * part of technique `hw` (its I/O factor stays the literature's, not measured here).
 * A process start natively becomes the model's start cost, and a start in a guest over
 * that its technique's `start` factor. `bt` and `pv` cannot run on a modern host and keep
 * the literature's figures. The migration rate becomes QEMU's cap and the dirtying rate
 * caps each VM's dirty rate.
 */
export function costFigures(host?: HostFigures): CostFigures {
  if (host === undefined) return LITERATURE_FIGURES;
  const technique = { ...LITERATURE_FIGURES.technique };
  const native = host.processStartS;
  const start = (f: { processStartS?: number }): { start?: number } =>
    native !== undefined && f.processStartS !== undefined ? { start: f.processStartS / native } : {};
  const tcg = host.accelerators.tcg;
  if (tcg) technique.emulation = { cpu: tcg.emulationFactor, io: tcg.emulationFactor, ...start(tcg) };
  const hw = HARDWARE_ACCELERATORS.map((a) => host.accelerators[a]).find((f) => f !== undefined);
  if (hw) technique.hw = { cpu: hw.emulationFactor, io: LITERATURE_FIGURES.technique.hw.io, ...start(hw) };
  return {
    technique,
    qemuMigrationCapMiBps: host.migrationMiBps,
    maxDirtyMiBpsPerVcpu: host.dirtyRateMiBps,
    processStartS: native ?? PROCESS_START_S,
  };
}
