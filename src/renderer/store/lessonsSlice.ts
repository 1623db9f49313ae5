import type { StateCreator } from 'zustand';
import type { LessonSummary } from '../../api/lessonsApi';
import { startingPlace } from '../features/shell/place';
import type { StrataState } from './store';

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
  loadLessons(): Promise<void>;
  openLesson(slug: string | null): void;
  /** Records the section scrolled to, without moving the page. */
  readSection(section: string | null): void;
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
    openLesson: (slug) => set({ selectedLesson: slug, lessonSection: null, sectionJump: get().sectionJump + 1, activeView: 'lessons' }),
    readSection: (section) => {
      if (section !== get().lessonSection) set({ lessonSection: section });
    },
  };
};
