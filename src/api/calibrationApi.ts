import { z } from 'zod';
import { command } from './define';
import { AccelId } from './doctorApi';

const Measured = z.number().positive().finite();

/** What `strata calibrate` measured on this machine (docs/cli.md, docs/simulator.md "This machine's figures"). */
export const Calibration = z.object({
  /** Per accelerator: the CPU loop's time in a guest over its time natively; CPU seconds of one process start in the guest. */
  accelerators: z.partialRecord(AccelId, z.object({ emulationFactor: Measured, processStartS: Measured.optional() })),
  /** CPU seconds of one process start (fork and exec of a busybox applet) natively; absent from calibrations made before it was measured. */
  processStartS: Measured.optional(),
  dirtyRateMiBps: Measured,
  migrationMiBps: Measured,
  /** ISO 8601 time of the measurement. */
  measuredAt: z.string(),
});
export type Calibration = z.infer<typeof Calibration>;

/** The saved calibration, if any; `problem` says why a file that exists cannot be used. */
export const CalibrationStatus = z.object({
  /** Where the calibration is kept (STRATA_HOME/calibration.json). */
  path: z.string(),
  calibration: Calibration.nullable(),
  problem: z.string().optional(),
});
export type CalibrationStatus = z.infer<typeof CalibrationStatus>;

export const calibrationCommands = {
  /** Reads this machine's figures (a file read: cheap). */
  'calibration.get': command(z.object({}), CalibrationStatus),
};
