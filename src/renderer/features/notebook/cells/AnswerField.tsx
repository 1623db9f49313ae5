import { useId } from 'react';
import { answerGrading, type AnswerSpec } from '../../../../core/lesson';
import type { PredicateStatus } from '../../../../core/exercise';
import { renderInlineLessonMarkdown } from '../markdown/lessonMarkdown';

export interface AnswerFieldProps {
  field: AnswerSpec;
  /** What the student wrote (a choice as its index), or undefined. */
  value: string | undefined;
  /** The field's status at the last check, if it was checked with this answer. */
  status: PredicateStatus | undefined;
  onChange(value: string): void;
  /** Enter in a text field checks the exercise. */
  onSubmit(): void;
}

const GRADED_BY = {
  number: 'graded: a number',
  choices: 'graded: one choice',
  keywords: 'graded: your words',
  vm: 'graded against the guest',
  self: 'self-assessed: not graded',
} as const;

/**
 * One question of an exercise, answered in the cell: a text field, or choices. Nothing
 * of the accepted answer shows before the answer passes; `explain` shows then (or once a
 * self-assessed answer has been checked).
 */
export function AnswerField({ field, value, status, onChange, onSubmit }: AnswerFieldProps) {
  const inputId = useId();
  const grading = answerGrading(field);
  const explained = field.explain !== undefined && (status === 'pass' || status === 'self-assessed');
  return (
    <div className={`answer-field${status ? ` status-${status}` : ''}`} data-answer-id={field.id}>
      <label className="answer-question" htmlFor={inputId}>
        <span dangerouslySetInnerHTML={{ __html: renderInlineLessonMarkdown(field.ask) }} />
        <span className="answer-grading">{GRADED_BY[grading]}</span>
      </label>
      {field.choices ? (
        <div className="quiz-choices" role="radiogroup" id={inputId} aria-label={field.ask}>
          {field.choices.map((choice, i) => (
            <button
              key={i}
              type="button"
              role="radio"
              aria-checked={value === String(i)}
              className={`quiz-choice${value === String(i) ? ' picked' : ''}`}
              onClick={() => onChange(String(i))}
            >
              <span className="quiz-letter">{String.fromCharCode(65 + i)}</span>
              <span dangerouslySetInnerHTML={{ __html: renderInlineLessonMarkdown(choice) }} />
            </button>
          ))}
        </div>
      ) : grading === 'self' || grading === 'keywords' ? (
        <textarea id={inputId} className="answer-input" rows={3} value={value ?? ''} onChange={(e) => onChange(e.target.value)} placeholder="Your answer" />
      ) : (
        <span className="answer-line">
          <input
            id={inputId}
            className="answer-input"
            type="text"
            value={value ?? ''}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && onSubmit()}
            placeholder="Your answer"
            spellCheck={false}
          />
          {field.unit && <span className="answer-unit">{field.unit}</span>}
        </span>
      )}
      {explained && <p className="answer-explain" dangerouslySetInnerHTML={{ __html: renderInlineLessonMarkdown(field.explain ?? '') }} />}
    </div>
  );
}
