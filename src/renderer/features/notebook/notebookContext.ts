import { createContext } from 'react';
import type { LessonModel } from '../../../core/lesson';
import type { CellRunners } from './cellRunners';
import type { LessonWork } from './work/lessonWork';

/** What every cell of an open lesson shares. */
export interface NotebookContextValue {
  slug: string;
  lesson: LessonModel;
  work: LessonWork;
  update(change: (work: LessonWork) => LessonWork): void;
  runners: CellRunners;
  studentSeed: string | null;
}

export const NotebookContext = createContext<NotebookContextValue | null>(null);
