import { z } from 'zod';
import { command } from './define';

/** One entry of the course list: a lesson file that parsed, or one that could not be read. */
export const LessonSummary = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    slug: z.string(),
    file: z.string(),
    title: z.string(),
    duration: z.string().optional(),
    objectives: z.array(z.object({ id: z.string(), text: z.string() })),
  }),
  z.object({
    status: z.literal('error'),
    slug: z.string(),
    file: z.string(),
    error: z.string(),
  }),
]);
export type LessonSummary = z.infer<typeof LessonSummary>;

export const LessonSource = z.object({
  slug: z.string(),
  file: z.string(),
  text: z.string(),
});
export type LessonSource = z.infer<typeof LessonSource>;

export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lesson slug is lower-case letters, digits and dashes');

export const lessonsCommands = {
  'lessons.list': command(z.object({}), z.array(LessonSummary)),
  'lessons.get': command(z.object({ slug: Slug }), LessonSource),
};
