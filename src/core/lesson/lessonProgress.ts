import type { LessonModel } from './lessonModel';

/**
 * The front-matter objectives a student has met, in front-matter order. An objective is
 * met when every exercise naming it (`objective=`) has passed: a lesson that asks for a
 * fix "two different ways" in two exercises counts the objective once both are done.
 *
 * @param lesson the parsed lesson
 * @param passedExercises ids of the exercise cells whose last check passed
 */
export function objectivesMet(lesson: LessonModel, passedExercises: ReadonlySet<string> | readonly string[]): string[] {
  const passed = new Set(passedExercises);
  const objectives = lesson.frontMatter?.objectives ?? [];
  return objectives
    .filter((o) => {
      const exercises = lesson.cells.filter((c) => c.kind === 'exercise' && c.objective === o.id);
      return exercises.length > 0 && exercises.every((c) => passed.has(c.id));
    })
    .map((o) => o.id);
}
