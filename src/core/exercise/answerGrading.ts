import { answerGrading, type AnswerSpec } from './exerciseSchemas';

/**
 * How a typed answer fares: right, wrong (with a reason that does not give the accepted
 * answer away), or `self` for a question nobody grades.
 */
export type AnswerGrade = 'pass' | 'self' | { wrong: string };

/**
 * Grades the student's answer to an answer field. `truth` is what the field's vm command
 * printed in the guest, for a `vm` answer. Seed placeholders must already be substituted.
 */
export function gradeAnswer(answer: AnswerSpec, given: string, truth?: string): AnswerGrade {
  switch (answerGrading(answer)) {
    case 'number':
      return gradeNumber(given, answer.number, answer.tolerance ?? 0);
    case 'choices':
      return given === String(answer.correct) ? 'pass' : { wrong: 'not this one' };
    case 'keywords':
      return gradeKeywords(given, answer.keywords ?? []);
    case 'vm':
      return truth === undefined ? { wrong: 'the guest could not be asked' } : gradeAgainst(given, truth);
    case 'self':
      return 'self';
  }
}

/** The first number written in a text ("about 60 s", "6,5"), or null. */
export function firstNumber(text: string): number | null {
  const m = /-?\d+(?:[.,]\d+)?(?:e[+-]?\d+)?/i.exec(text.replace(/(\d)[\s\u202f](?=\d{3}\b)/g, '$1'));
  return m ? Number(m[0].replace(',', '.')) : null;
}

function gradeNumber(given: string, expected: number | string | undefined, tolerance: number): AnswerGrade {
  if (typeof expected !== 'number') return { wrong: 'the exercise is not instantiated' };
  const value = firstNumber(given);
  if (value === null) return { wrong: 'write a number' };
  return Math.abs(value - expected) <= tolerance ? 'pass' : { wrong: `${value} is not right` };
}

function gradeKeywords(given: string, keywords: ReadonlyArray<string | readonly string[]>): AnswerGrade {
  const text = given.toLowerCase();
  const missing = keywords.filter((k) => !(typeof k === 'string' ? [k] : k).some((word) => mentions(text, word.toLowerCase())));
  if (missing.length === 0) return 'pass';
  return { wrong: `your answer misses ${missing.length} of the ${keywords.length} point${keywords.length === 1 ? '' : 's'} it should make` };
}

/** Whether `word` appears in `text` as a whole word (or phrase). */
function mentions(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * An answer read off the guest: the first line the command printed, or a leading part of
 * it cut where a word or number ends ("6.1.0" for "6.1.0-28-cloud-amd64"), of at least
 * three characters.
 */
function gradeAgainst(given: string, truth: string): AnswerGrade {
  const line =
    truth
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  const answer = given.trim();
  if (line === '') return { wrong: 'the guest printed nothing to compare with' };
  if (answer === line) return 'pass';
  const boundary = line.charAt(answer.length);
  if (answer.length >= 3 && line.startsWith(answer) && !/[\p{L}\p{N}]/u.test(boundary)) return 'pass';
  return { wrong: 'that is not what the guest says' };
}
