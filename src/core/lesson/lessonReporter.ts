import type { Severity } from './lessonModel';

/** How the parser's passes add a diagnostic; positions are already file positions. */
export type LessonReporter = (severity: Severity, rule: string, message: string, line: number, column: number, cellId?: string) => void;
