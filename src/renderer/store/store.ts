import { create } from 'zustand';
import { createDocsSlice, type DocsSlice } from '../features/docs/docsSlice';
import { createFiguresSlice, type FiguresSlice } from '../features/sim/figuresSlice';
import { createBuilderSlice, type BuilderSlice } from './builderSlice';
import { createCheckpointsSlice, type CheckpointsSlice } from './checkpointsSlice';
import { createLessonsSlice, type LessonsSlice } from './lessonsSlice';
import { createMachinesSlice, type MachinesSlice } from './machinesSlice';
import { createNotebookSlice, type NotebookSlice } from './notebookSlice';
import { createShellSlice, type ShellSlice } from './shellSlice';

/** Every slice of the renderer's state; each feature adds its slice here. */
<<<<<<< HEAD
export type StrataState = ShellSlice & LessonsSlice & MachinesSlice & NotebookSlice & BuilderSlice & DocsSlice & CheckpointsSlice;
=======
export type StrataState = ShellSlice & LessonsSlice & MachinesSlice & NotebookSlice & BuilderSlice & DocsSlice & FiguresSlice;
>>>>>>> 714f5df (This machine's figures in the app: calibration.get in the API (src/api/calibrationApi.ts, zod), a Builder toolbar switch (disabled with a tooltip saying to run strata calibrate until there is a calibration; reread when the window comes to the front), one app-wide choice (figuresSlice) used by the builder's runs and by lesson stack and scenario cells (exercises keep the literature's); a run and a cell's output say which figures they used. e2e test written, not yet run (needs a build))

/** The one store of the app, combined from slices (zustand's slices pattern). */
export const useStrata = create<StrataState>()((...a) => ({
  ...createShellSlice(...a),
  ...createLessonsSlice(...a),
  ...createMachinesSlice(...a),
  ...createNotebookSlice(...a),
  ...createBuilderSlice(...a),
  ...createDocsSlice(...a),
<<<<<<< HEAD
  ...createCheckpointsSlice(...a),
=======
  ...createFiguresSlice(...a),
>>>>>>> 714f5df (This machine's figures in the app: calibration.get in the API (src/api/calibrationApi.ts, zod), a Builder toolbar switch (disabled with a tooltip saying to run strata calibrate until there is a calibration; reread when the window comes to the front), one app-wide choice (figuresSlice) used by the builder's runs and by lesson stack and scenario cells (exercises keep the literature's); a run and a cell's output say which figures they used. e2e test written, not yet run (needs a build))
}));
