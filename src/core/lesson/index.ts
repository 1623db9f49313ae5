/**
 * Lesson notebooks: the model the notebook view renders (cells, headings, front matter),
 * the parser that builds it with positioned diagnostics, and the cell body schemas.
 */
export * from './lessonModel';
export * from './cellSchemas';
export { readLesson } from './lessonParser';
export { parseLesson } from './stackCells';
export { LessonFrontMatter, parseFrontMatter, type FrontMatterResult } from './frontMatter';
export { cellJsonSchema, type SchemaCellKind } from './cellJsonSchema';
export { objectivesMet } from './lessonProgress';
export { checkDocLinks } from './docLinks';
