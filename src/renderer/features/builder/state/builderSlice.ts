import type { StateCreator } from 'zustand';
import type { Layer, Stack } from '../../../../core/stack';
import { copyLayers, deleteLayers, joinInto, pasteLayers } from '../model/stackEdits';
import type { StackAnalysis } from '../model/stackAnalysis';
import { applyAnalysis, editStack, openDocument, redo, setText, undo, type StackDocument } from '../model/stackDocument';
import type { RunState } from '../run/runState';

/**
 * One stack being built: the document (YAML text, parsed stack, history), the canvas's
 * selection and hand-moved positions, and the last run. The Builder place keeps one in the
 * app's store; every embedded StackEditor keeps its own in a store of its own, made from
 * this same slice.
 */
export interface BuilderSlice {
  builderDoc: StackDocument;
  /** Selected layer ids. */
  builderSelection: readonly string[];
  /** Positions the student dragged layers to, by canvas key. */
  builderMoved: ReadonlyMap<string, { x: number; y: number }>;
  builderClipboard: readonly Layer[];
  /** The workspace file the stack was opened from or saved to. */
  builderFile: string | null;
  builderRun: RunState;
  /** The simulated time the canvas shows, scrubbed on the timeline. */
  builderTime: number;
  /** Counts stacks opened (presets, files) once they are on the canvas; the canvas zooms to fit each new one. */
  builderOpened: number;
  /** The document version an opened stack comes with, until its analysis brings the stack to the canvas. */
  builderOpening: number | null;
  builderSetText(text: string, coalesce?: boolean): void;
  /** Takes the check worker's analysis of document version `version`. */
  builderAnalysed(version: number, analysis: StackAnalysis): void;
  /** Applies an edit; `select` then becomes the selection; `coalesce` joins it to the last undo step. */
  builderEdit(edit: (stack: Stack) => Stack, select?: readonly string[], coalesce?: boolean): void;
  builderUndo(): void;
  builderRedo(): void;
  builderSelect(ids: readonly string[]): void;
  builderSelectAll(): void;
  builderMove(key: string, at: { x: number; y: number }): void;
  /** Forgets hand-moved positions (all, or some layers') so the automatic layout applies. */
  builderResetLayout(keys?: readonly string[]): void;
  builderCopy(): void;
  builderPaste(): void;
  builderDeleteSelection(): void;
  /** Joins the selected layers into a new SSI or vSMP, which becomes the selection. */
  builderJoinSelection(kind: 'ssi' | 'vsmp'): void;
  /** Opens another stack text (a preset, a file); undo goes back to the previous one. */
  builderLoad(text: string, file?: string | null): void;
  builderSetFile(file: string | null): void;
  builderSetRun(run: RunState): void;
  builderSetTime(t: number): void;
}

const starter = `name: My stack
layers:
  - { id: N1, kind: node, cpus: 2, memoryMiB: 2048 }
`;

/** A builder slice that starts from `text`, with nothing to undo (embedded editors start from their lesson's stack). */
export function builderSliceFor(text: string): StateCreator<BuilderSlice> {
  return (set, get) => ({
    builderDoc: openDocument(text),
    builderSelection: [],
    builderMoved: new Map(),
    builderClipboard: [],
    builderFile: null,
    builderRun: { status: 'idle' },
    builderTime: 0,
    builderOpened: 0,
    builderOpening: 0,
    builderSetText: (text, coalesce) => set({ builderDoc: setText(get().builderDoc, text, coalesce) }),
    builderAnalysed: (version, analysis) => {
      const { builderDoc, builderOpening, builderOpened } = get();
      const next = applyAnalysis(builderDoc, version, analysis);
      if (next === builderDoc) return;
      // A later version counts too: text typed before the opened stack's analysis came back drops that analysis.
      const opened = builderOpening !== null && version >= builderOpening;
      set(opened ? { builderDoc: next, builderOpening: null, builderOpened: builderOpened + 1 } : { builderDoc: next });
    },
    builderEdit: (edit, select, coalesce) => {
      const builderDoc = editStack(get().builderDoc, edit, coalesce);
      set(select ? { builderDoc, builderSelection: select } : { builderDoc });
    },
    builderUndo: () => set({ builderDoc: undo(get().builderDoc) }),
    builderRedo: () => set({ builderDoc: redo(get().builderDoc) }),
    builderSelect: (ids) => {
      const current = get().builderSelection;
      if (ids.length === current.length && ids.every((id, i) => current[i] === id)) return;
      set({ builderSelection: ids });
    },
    builderSelectAll: () => set({ builderSelection: get().builderDoc.stack.layers.map((l) => l.id) }),
    builderMove: (key, at) => set({ builderMoved: new Map(get().builderMoved).set(key, at) }),
    builderResetLayout: (keys) => {
      if (!keys) return set({ builderMoved: new Map() });
      const moved = new Map(get().builderMoved);
      for (const key of keys) moved.delete(key);
      set({ builderMoved: moved });
    },
    builderCopy: () => set({ builderClipboard: copyLayers(get().builderDoc.stack, get().builderSelection) }),
    builderPaste: () => {
      const copied = get().builderClipboard;
      if (copied.length === 0) return;
      let ids: string[] = [];
      get().builderEdit((stack) => {
        const pasted = pasteLayers(stack, copied);
        ids = pasted.ids;
        return pasted.stack;
      });
      set({ builderSelection: ids });
    },
    builderDeleteSelection: () => {
      const selection = get().builderSelection;
      if (selection.length === 0) return;
      get().builderEdit((stack) => deleteLayers(stack, selection), []);
    },
    builderJoinSelection: (kind) => {
      const members = [...get().builderSelection];
      if (members.length === 0) return;
      let id = '';
      get().builderEdit((stack) => {
        const joined = joinInto(stack, members, kind);
        id = joined.id;
        return joined.stack;
      });
      set({ builderSelection: [id] });
    },
    builderLoad: (text, file = null) => {
      const builderDoc = setText(get().builderDoc, text);
      set({
        builderDoc,
        builderFile: file,
        builderSelection: [],
        builderMoved: new Map(),
        builderRun: { status: 'idle' },
        builderTime: 0,
        ...(builderDoc === get().builderDoc ? { builderOpened: get().builderOpened + 1 } : { builderOpening: builderDoc.version }),
      });
    },
    builderSetFile: (file) => set({ builderFile: file }),
    builderSetRun: (run) => set({ builderRun: run }),
    builderSetTime: (t) => set({ builderTime: t }),
  });
}

/** The Builder place's slice, starting from one node. */
export const createBuilderSlice: StateCreator<BuilderSlice> = builderSliceFor(starter);
