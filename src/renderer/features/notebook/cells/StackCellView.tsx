import { useCallback, useState } from 'react';
import type { StackCell } from '../../../../core/lesson';
import { UI } from '../../../../core/ui/uiLabels';
import { RealRunPanel } from '../../realrun/RealRunPanel';
import { lessonRunOwner } from '../../realrun/realRunSlice';
import { StackSourceEditor } from '../editor/StackSourceEditor';
import { StackRunView } from '../output/StackRunView';
import { simulateInWorker } from '../cellSimulator';
import { checkInWorker } from '../../check/checkClient';
import { runStack } from '../stackRunner';
import { useStrata } from '../../../store/store';
import { chosenFigures } from '../../sim/figuresSlice';
import { useCellRunner } from '../useCellRunner';
import { useLiveCheck } from '../useLiveCheck';
import { useNotebook } from '../useNotebook';
import { cellSource, withCellReset, withOutput, withSource } from '../work/lessonWork';
import { CellFrame } from './CellFrame';
import { checkStatus } from './checkStatus';

/**
 * A stack as YAML the student may edit (their copy; the lesson stays as shipped), checked
 * live, and run: check, then simulate, with the results kept in the workspace.
 */
export function StackCellView({ cell }: { cell: StackCell }) {
  const { work, update, lesson, slug } = useNotebook();
  const source = cellSource(work, cell);
  const live = useLiveCheck(source);
  const [running, setRunning] = useState(false);
  // The store keeps the real run, so it goes on while the student reads another lesson or view.
  const owner = lessonRunOwner(slug, cell.id);
  const real = useStrata((s) => s.realRuns[owner] !== undefined);
  const startRealRun = useStrata((s) => s.startRealRun);
  const output = work.outputs[cell.id];

  const run = useCallback(async () => {
    setRunning(true);
    try {
      // The app-wide choice of figures (the builder's switch).
      const result = await runStack(source, { check: checkInWorker, simulate: simulateInWorker }, undefined, { figures: chosenFigures(useStrata.getState()) });
      update((w) => withOutput(w, cell.id, result));
    } finally {
      setRunning(false);
    }
  }, [source, update, cell.id]);
  useCellRunner(cell.id, run);

  const edited = work.sources[cell.id] !== undefined;
  return (
    <CellFrame
      cellId={cell.id}
      kind="stack"
      subtitle={edited ? 'edited' : undefined}
      status={live ? checkStatus(live) : undefined}
      running={running}
      onRun={() => void run()}
      onReset={edited || output ? () => update((w) => withCellReset(w, lesson, cell.id)) : undefined}
      actions={
        <button
          type="button"
          className="cell-button"
          onClick={() =>
            startRealRun(owner, source, {
              place: { view: 'lessons', lesson: slug, section: null },
              cell: cell.id,
              label: `${lesson.title}, cell ${cell.id}`,
            })
          }
          disabled={live !== null && !live.valid}
          title="Boot what can be real as QEMU guests, run the apps, and compare the measurement with the model"
        >
          {UI.builder.runForReal}
        </button>
      }
    >
      <StackSourceEditor
        cellId={cell.id}
        source={source}
        shipped={cell.source}
        findings={live?.findings ?? []}
        onChange={(text) => update((w) => withSource(w, cell.id, cell.source, text))}
      />
      {output?.kind === 'stack-run' && <StackRunView output={output} currentSource={source} />}
      {real && <RealRunPanel compact owner={owner} onSimulate={() => void run()} />}
    </CellFrame>
  );
}
