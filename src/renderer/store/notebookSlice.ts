import type { StateCreator } from 'zustand';
import { createAutosave, type Autosave, type SaveState } from '../features/notebook/work/autosave';
import { emptyWork, fromLessonState, toLessonStateInput, type LessonWork } from '../features/notebook/work/lessonWork';
import type { StrataState } from './store';

export interface NotebookSlice {
  /** Objectives met, by lesson slug: what the course sidebar shows as progress. */
  lessonProgress: Record<string, string[]>;
  /** The student's work in each lesson opened in this session, by slug. */
  lessonWork: Record<string, LessonWork>;
  lessonWorkStatus: Record<string, { status: 'loading' | 'ready' | 'error'; error?: string; recovered?: string }>;
  lessonSaveState: Record<string, { state: SaveState; error?: string }>;
  /** The student's seed for randomised exercises (from the workspace). */
  studentSeed: string | null;
  /** Presentation mode: the open lesson as slides, full window. */
  presenting: boolean;
  loadProgress(): Promise<void>;
  loadLessonWork(slug: string): Promise<void>;
  /** Applies a change to a lesson's work and schedules its autosave. */
  updateLessonWork(slug: string, update: (work: LessonWork) => LessonWork): void;
  /** Forgets the lesson's work, on disk too. */
  resetLessonWork(slug: string): Promise<void>;
  /** Saves every pending change now (before the page goes away). */
  flushLessonWork(): Promise<void>;
  setPresenting(on: boolean): void;
}

/** Autosave timing: quiet typing saves after 600 ms; continuous typing at least every 3 s. */
const AUTOSAVE = { delayMs: 600, maxWaitMs: 3000, retryMs: 2000 };

export const createNotebookSlice: StateCreator<StrataState, [], [], NotebookSlice> = (set, get) => {
  const autosaves = new Map<string, Autosave<LessonWork>>();

  const autosaveFor = (slug: string): Autosave<LessonWork> => {
    let autosave = autosaves.get(slug);
    if (!autosave) {
      autosave = createAutosave<LessonWork>(
        async (work) => {
          const api = get().api;
          if (!api) throw new Error('not connected to the backend');
          await api.call('workspace.lessonState.put', { slug, state: toLessonStateInput(work) });
        },
        {
          ...AUTOSAVE,
          onState: (state, error) => set({ lessonSaveState: { ...get().lessonSaveState, [slug]: error ? { state, error: error.message } : { state } } }),
        },
      );
      autosaves.set(slug, autosave);
    }
    return autosave;
  };

  return {
    lessonProgress: {},
    lessonWork: {},
    lessonWorkStatus: {},
    lessonSaveState: {},
    studentSeed: null,
    presenting: false,
    loadProgress: async () => {
      const api = get().api;
      if (!api) return;
      let progress, student;
      try {
        [progress, student] = await Promise.all([api.call('workspace.progress', {}), api.call('workspace.student', {})]);
      } catch {
        // Without the workspace the sidebar shows no progress; opening a lesson reports the error.
        return;
      }
      const lessonProgress = { ...get().lessonProgress };
      // Work loaded in this session is newer than what the disk said when the list was read.
      for (const p of progress.lessons) if (!get().lessonWork[p.slug]) lessonProgress[p.slug] = p.objectivesMet;
      set({ lessonProgress, studentSeed: student.seed });
    },
    loadLessonWork: async (slug) => {
      const api = get().api;
      if (!api || get().lessonWork[slug]) return;
      set({ lessonWorkStatus: { ...get().lessonWorkStatus, [slug]: { status: 'loading' } } });
      try {
        const { state, recovered } = await api.call('workspace.lessonState.get', { slug });
        const work = fromLessonState(state);
        set({
          lessonWork: { ...get().lessonWork, [slug]: work },
          lessonProgress: { ...get().lessonProgress, [slug]: work.objectivesMet },
          lessonWorkStatus: {
            ...get().lessonWorkStatus,
            [slug]: recovered
              ? { status: 'ready', recovered: `Your saved work could not be read (${recovered.reason}); it was moved to ${recovered.movedTo}.` }
              : { status: 'ready' },
          },
        });
      } catch (err) {
        set({ lessonWorkStatus: { ...get().lessonWorkStatus, [slug]: { status: 'error', error: (err as Error).message } } });
      }
    },
    updateLessonWork: (slug, update) => {
      const work = update(get().lessonWork[slug] ?? emptyWork());
      set({ lessonWork: { ...get().lessonWork, [slug]: work }, lessonProgress: { ...get().lessonProgress, [slug]: work.objectivesMet } });
      autosaveFor(slug).schedule(work);
    },
    resetLessonWork: async (slug) => {
      const api = get().api;
      if (!api) return;
      // A pending save must not resurrect the work after the reset.
      const autosave = autosaveFor(slug);
      autosave.cancel();
      await autosave.flush();
      await api.call('workspace.lessonState.reset', { slug });
      set({ lessonWork: { ...get().lessonWork, [slug]: emptyWork() }, lessonProgress: { ...get().lessonProgress, [slug]: [] } });
    },
    flushLessonWork: async () => {
      await Promise.all([...autosaves.values()].map((a) => a.flush()));
    },
    setPresenting: (on) => set({ presenting: on }),
  };
};
