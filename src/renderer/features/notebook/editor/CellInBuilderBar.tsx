import { UI } from '../../../../core/ui/uiLabels';
import { useStrata } from '../../../store/store';

/**
 * Above the Builder place while it edits a lesson's stack: which cell it came from, and
 * the two ways back. Save to cell writes the builder's stack into the student's copy of
 * the cell; Back to lesson leaves the cell as it was (the builder keeps the stack).
 */
export function CellInBuilderBar() {
  const cell = useStrata((s) => s.cellInBuilder);
  const lesson = useStrata((s) => s.lessons.find((l) => l.slug === s.cellInBuilder?.lesson));
  const returnCell = useStrata((s) => s.returnCellFromBuilder);
  if (!cell) return null;
  const title = lesson?.status === 'ok' ? lesson.title : cell.lesson;
  return (
    <div className="cell-in-builder" role="region" aria-label="Editing a lesson's stack">
      <span>
        Editing <code>{cell.cellId}</code> from <strong>{title}</strong>
      </span>
      <span className="toolbar-spacer" />
      <button type="button" onClick={() => returnCell(false)} title="Return to the lesson without changing the cell">
        {UI.cellInBuilder.backToLesson}
      </button>
      <button type="button" className="primary" onClick={() => returnCell(true)} title={`Write this stack into ${cell.cellId} and return to the lesson`}>
        {UI.cellInBuilder.saveToCell}
      </button>
    </div>
  );
}
