import { useCallback, useMemo, useState } from 'react';
import type { ExerciseCell } from '../../../../core/lesson';
import { drawSeedValues, evaluateExercise, exerciseNeeds, instantiateExercise, type ExerciseContext, type ExerciseResult } from '../../../../core/exercise';
import { StackSourceEditor } from '../editor/StackSourceEditor';
import { renderInlineLessonMarkdown } from '../markdown/lessonMarkdown';
import { simulateInWorker } from '../cellSimulator';
import { checkInWorker } from '../../check/checkClient';
import { runStack } from '../stackRunner';
import { useCellRunner } from '../useCellRunner';
import { useLiveCheck } from '../useLiveCheck';
import { useNotebook } from '../useNotebook';
import { UI } from '../../../../core/ui/uiLabels';
import { withCellReset, withExerciseOutcome, withFieldAnswer, withSource } from '../work/lessonWork';
import { AnswerField } from './AnswerField';
import { CellFrame } from './CellFrame';
import { checkStatus } from './checkStatus';
import { exerciseVmStatus, ExerciseVmNote, useExerciseVms } from './ExerciseVms';
import { InvalidCellBody } from './InvalidCellBody';

const STATUS_ICON = { pass: '✓', fail: '✗', unavailable: '?', 'self-assessed': '○' } as const;

/**
 * A task checked automatically: the student edits their own copy of the stack it starts
 * from and answers its questions in answer fields, and Check evaluates every `expect`
 * predicate (with this student's seed values) against the checker, the simulator, the
 * answers and, for vm predicates, the state the student made in the lesson's running VM.
 * Passing meets the exercise's objective.
 */
export function ExerciseCellView({ cell }: { cell: ExerciseCell }) {
  const { slug, work, update, lesson, runners, studentSeed } = useNotebook();
  const [checking, setChecking] = useState(false);
  const exercise = useMemo(() => {
    if (!cell.exercise) return null;
    return instantiateExercise(cell.exercise, drawSeedValues(cell.exercise.seed, studentSeed ?? 'anonymous', `${slug}/${cell.id}`));
  }, [cell.exercise, studentSeed, slug, cell.id]);
  const startCell = lesson.cells.find((c) => c.kind === 'stack' && c.id === exercise?.startsFrom);
  const startSource = startCell?.source ?? null;
  const needs = useMemo(() => (exercise ? exerciseNeeds(exercise) : null), [exercise]);
  const hasStack = startSource !== null || (needs !== null && (needs.check || needs.simulation));
  const source = work.sources[cell.id] ?? startSource ?? '';
  const live = useLiveCheck(source);
  const outcome = work.exercises[cell.id];
  const answers = work.fieldAnswers[cell.id];
  const vms = useExerciseVms(runners, needs, outcome);

  const check = useCallback(async () => {
    if (!exercise || !needs) return;
    setChecking(true);
    try {
      // Checked in the check worker, as every stack of the page is.
      const checked = hasStack ? await checkInWorker(source) : null;
      // One run per balancer the simulate predicates name (most name none: the default).
      const simulations: NonNullable<ExerciseContext['simulations']> = {};
      for (const balancer of needs.balancers)
        simulations[balancer] = (await runStack(source, { check: checkInWorker, simulate: simulateInWorker }, undefined, { balancer })).simulation;
      const result: ExerciseResult = await evaluateExercise(exercise, {
        check: checked,
        simulations,
        execVm: runners.execVm,
        answers: answers ?? {},
      });
      update((w) =>
        withExerciseOutcome(w, cell.id, cell.objective, {
          checkedAt: Date.now(),
          passed: result.passed,
          results: result.results,
          ...(hasStack ? { source } : {}),
        }),
      );
    } finally {
      setChecking(false);
    }
  }, [exercise, needs, source, hasStack, runners, answers, update, cell.id, cell.objective]);
  useCellRunner(cell.id, check);

  if (!exercise) return <InvalidCellBody cell={cell} />;
  const objective = lesson.frontMatter?.objectives.find((o) => o.id === cell.objective);
  const met = cell.objective !== null && work.objectivesMet.includes(cell.objective);
  const edited = work.sources[cell.id] !== undefined;
  // A verdict on a stack the student has changed since would mislead: say so until the next check.
  const stale = outcome?.source !== undefined && outcome.source !== source && !checking;

  return (
    <CellFrame
      cellId={cell.id}
      kind="exercise"
      status={
        stale
          ? { tone: 'idle', text: 'Changed since the last check' }
          : (exerciseVmStatus(vms, outcome !== undefined) ??
            (outcome
              ? outcome.passed
                ? { tone: 'ok', text: 'Passed' }
                : { tone: 'error', text: 'Not yet' }
              : hasStack && live
                ? checkStatus(live)
                : undefined))
      }
      running={checking}
      onRun={() => void check()}
      runLabel={UI.cell.check}
      onReset={edited || outcome ? () => update((w) => withCellReset(w, lesson, cell.id)) : undefined}
    >
      {objective && (
        <div className={`objective-tag${met ? ' met' : ''}`}>
          {met ? '✓ Objective met' : 'Objective'}: {objective.text}
        </div>
      )}
      <p className="exercise-goal" dangerouslySetInnerHTML={{ __html: renderInlineLessonMarkdown(exercise.goal) }} />
      <ExerciseVmNote vms={vms} />
      {hasStack && (
        <>
          <div className="exercise-editor-label">
            Your stack
            {startCell ? (
              <>
                {' '}
                — starts from <a href={`#cell-${startCell.id}`}>{startCell.id}</a>
              </>
            ) : null}
          </div>
          <StackSourceEditor
            cellId={cell.id}
            source={source}
            shipped={startSource ?? ''}
            findings={live?.findings ?? []}
            onChange={(text) => update((w) => withSource(w, cell.id, startSource ?? '', text))}
          />
        </>
      )}
      {exercise.expect.map((predicate, index) =>
        'answer' in predicate ? (
          <AnswerField
            key={predicate.answer.id}
            field={predicate.answer}
            value={answers?.[predicate.answer.id]}
            status={outcome?.results.find((r) => r.index === index)?.status}
            onChange={(value) => update((w) => withFieldAnswer(w, cell.id, predicate.answer.id, value))}
            onSubmit={() => void check()}
          />
        ) : null,
      )}
      {outcome && (
        <ul className={`predicates${outcome.passed ? ' passed' : ''}${stale || vms.upSinceCheck ? ' stale' : ''}`} data-testid={`exercise-results-${cell.id}`}>
          {stale && <li className="stale-note">Your stack changed since this check: press Check again.</li>}
          {outcome.results.map((r) => (
            <li key={r.index} className={`predicate status-${r.status}`}>
              <span className="predicate-icon">{STATUS_ICON[r.status]}</span>
              <span>{r.message}</span>
            </li>
          ))}
          {outcome.passed && <li className="predicate-summary">Exercise passed{objective ? ` — objective met: ${objective.text}` : ''}.</li>}
        </ul>
      )}
    </CellFrame>
  );
}
