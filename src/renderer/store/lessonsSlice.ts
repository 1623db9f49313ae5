import type { StateCreator } from 'zustand';
import type { LessonSummary } from '../../api/lessonsApi';
import { withSource } from '../features/notebook/work/lessonWork';
import { startingPlace } from '../features/shell/place';
import type { StrataState } from './store';

/** A lesson's stack being edited in the Builder place, to be saved back into its cell. */
export interface CellInBuilder {
  lesson: string;
  cellId: string;
  /** The cell's source as the lesson ships it: saving that text back leaves the cell unedited. */
  shipped: string;
  /** Where the lesson was read when the stack left it, to return there. */
  section: string | null;
}

export interface LessonsSlice {
  lessons: LessonSummary[];
  lessonsStatus: 'idle' | 'loading' | 'ready' | 'error';
  lessonsError: string | null;
  /** The lesson open in the Lessons view; null shows the course overview. */
  selectedLesson: string | null;
  /** The section of the open lesson being read (its heading's slug), null at the top. */
  lessonSection: string | null;
  /** Counts requests to bring `lessonSection` on screen (opening a lesson, a link, Back); scrolling by hand does not. */
  sectionJump: number;
  /** A cell to bring on screen at the next jump instead of the section's heading. */
  jumpCell: string | null;
  cellInBuilder: CellInBuilder | null;
  loadLessons(): Promise<void>;
  openLesson(slug: string | null): void;
  /** Records the section scrolled to, without moving the page. */
  readSection(section: string | null): void;
  /** Opens a cell's stack in the Builder place (undoable there), which then offers to save it back. */
  openCellInBuilder(cell: Omit<CellInBuilder, 'section'>, source: string): void;
  /** Leaves the Builder place for the cell's lesson, writing the builder's stack into the cell when `save`. */
  returnCellFromBuilder(save: boolean): void;
}

export const createLessonsSlice: StateCreator<StrataState, [], [], LessonsSlice> = (set, get) => {
  const start = startingPlace();
  return {
    lessons: [],
    lessonsStatus: 'idle',
    lessonsError: null,
    selectedLesson: start.view === 'lessons' ? start.lesson : null,
    lessonSection: start.view === 'lessons' ? start.section : null,
    sectionJump: 0,
    jumpCell: null,
    cellInBuilder: null,
    loadLessons: async () => {
      const api = get().api;
      if (!api) return;
      set({ lessonsStatus: 'loading', lessonsError: null });
      try {
        const lessons = await api.call('lessons.list', {});
        set({ lessons, lessonsStatus: 'ready' });
      } catch (err) {
        set({ lessonsStatus: 'error', lessonsError: (err as Error).message });
      }
    },
    openLesson: (slug) => set({ selectedLesson: slug, lessonSection: null, sectionJump: get().sectionJump + 1, jumpCell: null, activeView: 'lessons' }),
    readSection: (section) => {
      if (section !== get().lessonSection) set({ lessonSection: section });
    },
    openCellInBuilder: (cell, source) => {
      get().builderLoad(source);
      set({ cellInBuilder: { ...cell, section: get().lessonSection }, activeView: 'builder' });
    },
    returnCellFromBuilder: (save) => {
      const cell = get().cellInBuilder;
      if (!cell) return;
      if (save) {
        const text = get().builderDoc.text;
        get().updateLessonWork(cell.lesson, (w) => withSource(w, cell.cellId, cell.shipped, text));
      }
      set({ cellInBuilder: null });
      get().goTo({ view: 'lessons', lesson: cell.lesson, section: cell.section }, cell.cellId);
    },
  };
};
