import { parseDocument } from 'yaml';
import { z } from 'zod';

/** The YAML header of a lesson notebook (CONTRACTS.md, "Lessons"). */
export const LessonFrontMatter = z.object({
  title: z.string().min(1),
  duration: z.string().optional(),
  objectives: z.array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]+$/), text: z.string().min(1) })).default([]),
});
export type LessonFrontMatter = z.infer<typeof LessonFrontMatter>;

export interface FrontMatterResult {
  /** The parsed header, or null when it is missing or invalid. */
  value: LessonFrontMatter | null;
  /** Line (1-based) where the body starts, after the closing `---`. */
  bodyLine: number;
  errors: Array<{ line: number; column: number; message: string }>;
}

/**
 * Splits and validates a lesson's front matter. Never throws: a missing or malformed
 * header comes back as positioned errors so the course list can show the file as broken.
 */
export function parseFrontMatter(text: string): FrontMatterResult {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { value: null, bodyLine: 1, errors: [{ line: 1, column: 1, message: 'a lesson must start with a YAML front matter block opened by "---"' }] };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) {
    return { value: null, bodyLine: 1, errors: [{ line: 1, column: 1, message: 'the front matter opened on line 1 is never closed by "---"' }] };
  }
  const yamlText = lines.slice(1, close).join('\n');
  const doc = parseDocument(yamlText, { prettyErrors: false });
  const errors: FrontMatterResult['errors'] = [];
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    errors.push({ line: (pos?.line ?? 1) + 1, column: pos?.col ?? 1, message: e.message.split('\n')[0] ?? e.message });
  }
  if (errors.length > 0) return { value: null, bodyLine: close + 2, errors };
  const parsed = LessonFrontMatter.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ line: 2, column: 1, message: `front matter ${issue.path.join('.') || '(root)'}: ${issue.message}` });
    }
    return { value: null, bodyLine: close + 2, errors };
  }
  return { value: parsed.data, bodyLine: close + 2, errors };
}
