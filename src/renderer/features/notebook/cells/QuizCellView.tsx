import type { QuizCell } from '../../../../core/lesson';
import { renderInlineLessonMarkdown as renderInlineMarkdown } from '../markdown/lessonMarkdown';
import { useNotebook } from '../useNotebook';
import { withAnswer, withCellReset } from '../work/lessonWork';
import { CellFrame } from './CellFrame';
import { InvalidCellBody } from './InvalidCellBody';

/** A multiple-choice question: picking a choice tells at once whether it is right, and why. */
export function QuizCellView({ cell }: { cell: QuizCell }) {
  const { work, update, lesson } = useNotebook();
  const quiz = cell.quiz;
  if (!quiz) return <InvalidCellBody cell={cell} />;
  const picked = work.answers[cell.id];
  const answered = picked !== undefined;
  const right = picked === quiz.answer;
  return (
    <CellFrame
      cellId={cell.id}
      kind="quiz"
      status={answered ? (right ? { tone: 'ok', text: 'Correct' } : { tone: 'error', text: 'Not quite' }) : undefined}
      onReset={answered ? () => update((w) => withCellReset(w, lesson, cell.id)) : undefined}
    >
      <p className="quiz-question" dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(quiz.question) }} />
      <div className="quiz-choices" role="radiogroup" aria-label={quiz.question}>
        {quiz.choices.map((choice, i) => {
          const state = !answered ? '' : i === quiz.answer ? ' right' : i === picked ? ' wrong' : ' dim';
          return (
            <button
              key={i}
              type="button"
              role="radio"
              aria-checked={picked === i}
              className={`quiz-choice${state}`}
              onClick={() => update((w) => withAnswer(w, cell.id, i))}
            >
              <span className="quiz-letter">{String.fromCharCode(65 + i)}</span>
              <span dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(choice) }} />
              {answered && i === quiz.answer && <span className="quiz-mark">✓</span>}
              {answered && i === picked && i !== quiz.answer && <span className="quiz-mark">✗</span>}
            </button>
          );
        })}
      </div>
      {answered && (
        <div className={`quiz-feedback ${right ? 'right' : 'wrong'}`} data-testid={`quiz-feedback-${cell.id}`}>
          <strong>{right ? 'Correct.' : `Not quite — the answer is ${String.fromCharCode(65 + quiz.answer)}.`}</strong>{' '}
          {quiz.explain && <span dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(quiz.explain) }} />}
        </div>
      )}
    </CellFrame>
  );
}
