import type { StateCreator } from 'zustand';
import type { Calibration } from '../../../api/calibrationApi';
import type { FigureSet, HostFigures } from '../../../core/sim';
import type { StrataState } from '../../store/store';

/**
 * Which cost figures the app's simulations use: the literature's (the seminar's 2007
 * hardware, the default) or this machine's, as `strata calibrate` measured them. One
 * choice for the app: the builder's switch sets it, and lesson stack and scenario cells
 * run with it too (exercises keep the literature's, which their thresholds were set for).
 */
export interface FiguresSlice {
  figureSet: FigureSet;
  /** This machine's figures, once read; null when none were measured. */
  calibration: Calibration | null;
  /** Why there are none: not measured yet, or a file that cannot be used. */
  calibrationProblem: string | null;
  calibrationLoaded: boolean;
  /** Reads the calibration from the backend (again: it may have been measured meanwhile). */
  loadCalibration(): Promise<void>;
  chooseFigures(set: FigureSet): void;
}

export const createFiguresSlice: StateCreator<StrataState, [], [], FiguresSlice> = (set, get) => ({
  figureSet: 'literature',
  calibration: null,
  calibrationProblem: null,
  calibrationLoaded: false,
  loadCalibration: async () => {
    const api = get().api;
    if (!api) return;
    try {
      const status = await api.call('calibration.get', {});
      const problem = status.problem ?? (status.calibration ? null : `No figures were measured on this machine yet (no ${status.path}): run strata calibrate.`);
      set({ calibration: status.calibration, calibrationProblem: problem, calibrationLoaded: true });
      if (!status.calibration) set({ figureSet: 'literature' });
    } catch (err) {
      set({
        calibration: null,
        calibrationProblem: `This machine's figures could not be read: ${(err as Error).message}`,
        calibrationLoaded: true,
        figureSet: 'literature',
      });
    }
  },
  chooseFigures: (figureSet) => set({ figureSet: figureSet === 'host' && !get().calibration ? 'literature' : figureSet }),
});

/** The figures a simulation should be given now: this machine's when chosen, else none (the literature's). */
export function chosenFigures(state: Pick<FiguresSlice, 'figureSet' | 'calibration'>): HostFigures | undefined {
  const c = state.calibration;
  if (state.figureSet !== 'host' || !c) return undefined;
  // Everything measured (the time it was measured is not a figure).
  const { measuredAt: _measuredAt, ...figures } = c;
  return figures;
}
