import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Calibration, type CalibrationStatus } from '../../api/calibrationApi';
import type { HostFigures } from '../../core/sim/simFigures';
import { strataHome } from '../home';
import { writeFileAtomic } from '../workspace/atomicWrite';

/**
 * The calibration file is the API's `Calibration`, exactly what `calibration.get` sends.
 * Its figures are also the simulator's input (core's `HostFigures`); core and api may not
 * import each other (docs/architecture.md), so the backend, which sees both, pins them
 * together: this fails the type check the day one gains, loses or retypes a field.
 */
type Figures = Omit<Calibration, 'measuredAt'>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _figuresAgree: Same<Figures, HostFigures> = true;

/** A calibration's figures, as the simulator takes them: all it measured, without the time it was measured. */
export function figuresOf(calibration: Calibration): HostFigures {
  const { measuredAt: _measuredAt, ...figures } = calibration;
  return figures;
}

/** Where this host's figures live: one file in STRATA_HOME. */
export function calibrationPath(home = strataHome()): string {
  return path.join(home, 'calibration.json');
}

/** Raised when the file exists but cannot be used; the message names the file and what is wrong. */
export class CalibrationError extends Error {}

/** The saved calibration, or null when this host was never calibrated. */
export async function readCalibration(file = calibrationPath()): Promise<Calibration | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CalibrationError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CalibrationError(`${file} is not JSON (${(err as Error).message}); run \`strata calibrate\` again`);
  }
  const parsed = Calibration.safeParse(json);
  if (!parsed.success)
    throw new CalibrationError(
      `${file} is not a calibration (${parsed.error.issues.map((i) => `${i.path.join('.') || '-'}: ${i.message}`).join('; ')}); run \`strata calibrate\` again`,
    );
  return parsed.data;
}

/** The calibration as the app reads it: a broken file is a problem to show, not an error. */
export async function calibrationStatus(home: string): Promise<CalibrationStatus> {
  const file = calibrationPath(home);
  try {
    return { path: file, calibration: await readCalibration(file) };
  } catch (err) {
    if (err instanceof CalibrationError) return { path: file, calibration: null, problem: err.message };
    throw err;
  }
}

/** Saves a calibration atomically: a reader sees the old figures or the new, never a mix. */
export async function writeCalibration(figures: Calibration, file = calibrationPath()): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(Calibration.parse(figures), null, 2) + '\n');
  return file;
}
