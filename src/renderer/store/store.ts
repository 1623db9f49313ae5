import { create } from 'zustand';
import { createDocsSlice, type DocsSlice } from '../features/docs/docsSlice';
import { createRealRunSlice, type RealRunSlice } from '../features/realrun/realRunSlice';
import { createFiguresSlice, type FiguresSlice } from '../features/sim/figuresSlice';
import { createBuilderSlice, type BuilderSlice } from '../features/builder/state/builderSlice';
import { createBuilderDraftSlice, type BuilderDraftSlice } from '../features/builder/state/builderDraftSlice';
import { createCheckpointsSlice, type CheckpointsSlice } from './checkpointsSlice';
import { createLessonsSlice, type LessonsSlice } from './lessonsSlice';
import { createMachinesSlice, type MachinesSlice } from './machinesSlice';
import { createNotebookSlice, type NotebookSlice } from './notebookSlice';
import { createShellSlice, type ShellSlice } from './shellSlice';

/** Every slice of the renderer's state; each feature adds its slice here. */
export type StrataState = ShellSlice &
  LessonsSlice &
  MachinesSlice &
  NotebookSlice &
  BuilderSlice &
  BuilderDraftSlice &
  DocsSlice &
  CheckpointsSlice &
  FiguresSlice &
  RealRunSlice;

/** The one store of the app, combined from slices (zustand's slices pattern). */
export const useStrata = create<StrataState>()((...a) => ({
  ...createShellSlice(...a),
  ...createLessonsSlice(...a),
  ...createMachinesSlice(...a),
  ...createNotebookSlice(...a),
  ...createBuilderSlice(...a),
  ...createBuilderDraftSlice(...a),
  ...createDocsSlice(...a),
  ...createCheckpointsSlice(...a),
  ...createFiguresSlice(...a),
  ...createRealRunSlice(...a),
}));
