import type { StateCreator } from 'zustand';
import type { Recovered } from '../../../../api/workspaceApi';

/** The Builder place's draft as the student is told of it (the embedded builders have none). */
export interface BuilderDraftSlice {
  /** The earlier draft, when it could not be read and was moved aside, until the student dismisses the notice. */
  builderDraftRecovered: Recovered | null;
  dismissBuilderDraftNotice(): void;
}

export const createBuilderDraftSlice: StateCreator<BuilderDraftSlice> = (set) => ({
  builderDraftRecovered: null,
  dismissBuilderDraftNotice: () => set({ builderDraftRecovered: null }),
});
