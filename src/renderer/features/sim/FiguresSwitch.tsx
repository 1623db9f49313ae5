import { useEffect } from 'react';
import type { Calibration } from '../../../api/calibrationApi';
import { UI } from '../../../core/ui/uiLabels';
import { useStrata } from '../../store/store';

/** One line on what was measured, for the switch's tooltip. */
export function describeCalibration(c: Calibration): string {
  const accels = Object.entries(c.accelerators)
    .map(([a, f]) => `${a.toUpperCase()} ${f.emulationFactor}× native`)
    .join(', ');
  const measured = `Measured on this machine ${new Date(c.measuredAt).toLocaleString()}: ${accels}`;
  const rates = `memory dirtied at ${c.dirtyRateMiBps} MiB/s, live migration at ${c.migrationMiBps} MiB/s`;
  return `${measured}; ${rates}. Off: the literature's figures for the seminar's 2007 hardware.`;
}

/**
 * The switch between the literature's cost figures and this machine's. Disabled, saying
 * why, until `strata calibrate` has measured this machine; the calibration is read again
 * whenever the window comes back to the front, so one measured meanwhile shows up.
 */
export function FiguresSwitch() {
  const api = useStrata((s) => s.api);
  const figureSet = useStrata((s) => s.figureSet);
  const calibration = useStrata((s) => s.calibration);
  const problem = useStrata((s) => s.calibrationProblem);
  const loaded = useStrata((s) => s.calibrationLoaded);
  const load = useStrata((s) => s.loadCalibration);
  const choose = useStrata((s) => s.chooseFigures);
  useEffect(() => {
    if (!api) return;
    void load();
    const again = (): void => void load();
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, [api, load]);
  const title = calibration ? describeCalibration(calibration) : loaded ? (problem ?? undefined) : 'Reading this machine’s figures…';
  return (
    <label className={`figures-switch${calibration ? '' : ' disabled'}`} title={title} data-testid="figures-switch">
      {/* The short text keeps the Builder's toolbar on one line; the switch is named in full. */}
      <input
        type="checkbox"
        role="switch"
        aria-label={UI.builder.hostFigures}
        checked={figureSet === 'host'}
        disabled={!calibration}
        onChange={(e) => choose(e.target.checked ? 'host' : 'literature')}
      />
      Host figures
    </label>
  );
}
