import type { StateCreator } from 'zustand';
import type { LessonSummary } from '../../api/lessonsApi';
import type { StrataState } from './store';

export interface LessonsSlice {
  lessons: LessonSummary[];
  lessonsStatus: 'idle' | 'loading' | 'ready' | 'error';
  lessonsError: string | null;
  /** The lesson open in the Lessons view; null shows the course overview. */
  selectedLesson: string | null;
  loadLessons(): Promise<void>;
  openLesson(slug: string | null): void;
}

export const createLessonsSlice: StateCreator<StrataState, [], [], LessonsSlice> = (set, get) => ({
  lessons: [],
  lessonsStatus: 'idle',
  lessonsError: null,
  selectedLesson: null,
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
  openLesson: (slug) => set({ selectedLesson: slug, activeView: 'lessons' }),
});
