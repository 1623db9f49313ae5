import { z } from 'zod';
import { command } from './define';

export const AccelId = z.enum(['kvm', 'hvf', 'whpx', 'tcg']);

/** One thing the doctor looked at: what it found and, when it is wrong, the exact fix on this OS. */
export const DoctorCheck = z.object({
  id: z.string(),
  ok: z.boolean(),
  /** Whether real VMs need it; a failed check that is not required only limits what they can do. */
  required: z.boolean(),
  detail: z.string(),
  fix: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof DoctorCheck>;

/** `strata doctor --json` and the Doctor panel: docs/cli.md gives the JSON. */
export const DoctorReport = z.object({
  /** Whether real VMs can run here: every required check passed. */
  ok: z.boolean(),
  checks: z.array(DoctorCheck),
  accelerators: z.record(AccelId, z.object({ usable: z.boolean(), why: z.string().optional() })),
  /** The accelerator VMs use here (remembered in STRATA_HOME). */
  accel: AccelId.optional(),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

export const DoctorRequest = z.object({
  /** The VMs the user means to run, so memory and disk are judged for them. */
  vms: z.number().int().min(1).max(64).default(1),
  memoryMiB: z.number().int().min(1).max(65536).default(256),
});

export const doctorCommands = {
  /** Checks what real VMs need on this host; slow only the first time (accelerator probes). */
  'doctor.run': command(DoctorRequest, DoctorReport),
};
