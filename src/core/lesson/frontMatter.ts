import { z } from 'zod';
import { parseYamlSource, type YamlPosition } from './yamlSource';

/** The YAML header of a lesson notebook (docs/lesson-format.md, "Front matter"). */
export const LessonFrontMatter = z.object({
  title: z.string().min(1),
  duration: z.string().optional(),
  // Strict: in a flow mapping, an unquoted text with a comma becomes a second key, and the objective would lose the rest of its text silently.
  objectives: z
    .array(
      z.strictObject(
        { id: z.string().regex(/^[A-Za-z0-9_-]+$/), text: z.string().min(1) },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? `an objective has only id and text, not "${issue.keys.join('", "')}": quote a text that holds a comma`
              : undefined,
        },
      ),
    )
    .default([]),
});
export type LessonFrontMatter = z.infer<typeof LessonFrontMatter>;

export interface FrontMatterResult {
  /** The parsed header, or null when it is missing or invalid. */
  value: LessonFrontMatter | null;
  /** Line (1-based) where the body starts, after the closing `---`. */
  bodyLine: number;
  errors: Array<{ line: number; column: number; message: string }>;
  /** File position of each objective's entry, by objective id. */
  objectivePositions: Record<string, YamlPosition>;
}

/**
 * Splits and validates a lesson's front matter. Never throws: a missing or malformed
 * header comes back as positioned errors so the course list can show the file as broken.
 */
export function parseFrontMatter(text: string): FrontMatterResult {
  const lines = text.split(/\r\n?|\n/);
  if (lines[0]?.trim() !== '---') {
    return {
      value: null,
      bodyLine: 1,
      errors: [{ line: 1, column: 1, message: 'a lesson must start with a YAML front matter block opened by "---"' }],
      objectivePositions: {},
    };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) {
    return {
      value: null,
      bodyLine: 1,
      errors: [{ line: 1, column: 1, message: 'the front matter opened on line 1 is never closed by "---"' }],
      objectivePositions: {},
    };
  }
  const yaml = parseYamlSource(lines.slice(1, close).join('\n'));
  // The YAML starts on the file's second line.
  const toFile = (p: YamlPosition): YamlPosition => ({ line: p.line + 1, column: p.column });
  const bodyLine = close + 2;
  const errors: FrontMatterResult['errors'] = yaml.errors.map((e) => ({ ...toFile(e), message: e.message }));
  if (errors.length > 0) return { value: null, bodyLine, errors, objectivePositions: {} };
  const parsed = LessonFrontMatter.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ ...toFile(yaml.locate(issue.path)), message: `front matter ${issue.path.join('.') || '(root)'}: ${issue.message}` });
    }
    return { value: null, bodyLine, errors, objectivePositions: {} };
  }
  const objectivePositions: Record<string, YamlPosition> = {};
  parsed.data.objectives.forEach((o, i) => {
    objectivePositions[o.id] ??= toFile(yaml.locate(['objectives', i]));
  });
  return { value: parsed.data, bodyLine, errors, objectivePositions };
}
