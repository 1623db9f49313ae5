import { useCallback, useMemo, useState } from 'react';
import { parse as parseYaml } from 'yaml';
import type { ScenarioCell } from '../../../../core/lesson';
import { CodeEditor } from '../editor/CodeEditor';
import { StackRunView } from '../output/StackRunView';
import { simulateInWorker } from '../cellSimulator';
import { checkInWorker } from '../../check/checkClient';
import { runStack, withScenario } from '../stackRunner';
import { useStrata } from '../../../store/store';
import { chosenFigures } from '../../sim/figuresSlice';
import { useCellRunner } from '../useCellRunner';
import { useNotebook } from '../useNotebook';
import { cellSource, withCellReset, withOutput, withSource } from '../work/lessonWork';
import { CellFrame } from './CellFrame';

/** The stack a scenario runs on, with the scenario's steps in it; or why there is none. */
function combine(stackText: string | null, scenarioText: string): { text: string } | { error: string } {
  if (stackText === null) return { error: 'This scenario names no stack cell of this lesson (for=).' };
  let steps: unknown;
  try {
    steps = parseYaml(scenarioText);
  } catch (err) {
    return { error: `The scenario is not YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!Array.isArray(steps)) return { error: 'A scenario is a list of steps, one "- { at: ..., do: ... }" per line.' };
  const text = withScenario(stackText, steps);
  return text === null ? { error: 'The stack this scenario runs on is not valid YAML; fix it first.' } : { text };
}

/**
 * Scenario steps in Monaco, run against the student's current version of the stack cell
 * named by `for=`, in the simulator's worker under its time limit.
 */
export function ScenarioCellView({ cell }: { cell: ScenarioCell }) {
  const { work, update, lesson } = useNotebook();
  const source = cellSource(work, cell);
  const stackCell = lesson.cells.find((c) => c.kind === 'stack' && c.id === cell.for);
  const stackText = stackCell ? cellSource(work, stackCell) : null;
  const combined = useMemo(() => combine(stackText, source), [stackText, source]);
  const [running, setRunning] = useState(false);
  const output = work.outputs[cell.id];

  const run = useCallback(async () => {
    if ('error' in combined) return;
    setRunning(true);
    try {
      // The app-wide choice of figures (the builder's switch).
      const result = await runStack(combined.text, { check: checkInWorker, simulate: simulateInWorker }, undefined, {
        figures: chosenFigures(useStrata.getState()),
      });
      update((w) => withOutput(w, cell.id, result));
    } finally {
      setRunning(false);
    }
  }, [combined, update, cell.id]);
  useCellRunner(cell.id, run);

  const edited = work.sources[cell.id] !== undefined;
  return (
    <CellFrame
      cellId={cell.id}
      kind="scenario"
      subtitle={
        <>
          on <a href={`#cell-${cell.for ?? ''}`}>{cell.for ?? '?'}</a>
          {edited && ' · edited'}
        </>
      }
      status={'error' in combined ? { tone: 'error', text: 'cannot run' } : undefined}
      running={running}
      onRun={'error' in combined ? undefined : () => void run()}
      onReset={edited || output ? () => update((w) => withCellReset(w, lesson, cell.id)) : undefined}
    >
      <CodeEditor
        value={source}
        language="yaml"
        minLines={2}
        ariaLabel={`Scenario ${cell.id}`}
        onChange={(text) => update((w) => withSource(w, cell.id, cell.source, text))}
      />
      {'error' in combined && <p className="output-error">{combined.error}</p>}
      {output?.kind === 'stack-run' && <StackRunView output={output} currentSource={'text' in combined ? combined.text : source} eventsOpen />}
    </CellFrame>
  );
}
