import { useMemo } from 'react';
import type { Cell } from '../../../core/lesson';
import { CellErrorBoundary } from './CellErrorBoundary';
import { ExerciseCellView } from './cells/ExerciseCellView';
import { MarkdownCellView } from './cells/MarkdownCellView';
import { QuizCellView } from './cells/QuizCellView';
import { ScenarioCellView } from './cells/ScenarioCellView';
import { ScriptCellView } from './cells/ScriptCellView';
import { StackCellView } from './cells/StackCellView';
import { VmCellView } from './cells/VmCellView';

export interface CellViewProps {
  cell: Cell;
  /** For prose: heading anchor ids by 0-based line of the cell source. */
  headingIds: ReadonlyMap<number, string>;
  /** For prose on a slide: the part of the cell's source shown there. */
  slice?: { source: string; lineOffset: number };
}

/** One cell of a lesson, by kind, inside its own error boundary. */
export function CellView({ cell, headingIds, slice }: CellViewProps) {
  const sliceIds = useMemo(() => {
    if (!slice) return headingIds;
    const shifted = new Map<number, string>();
    for (const [line, id] of headingIds) if (line >= slice.lineOffset) shifted.set(line - slice.lineOffset, id);
    return shifted;
  }, [headingIds, slice]);
  return (
    <CellErrorBoundary cellId={cell.id} source={cell.source}>
      {cell.kind === 'markdown' ? (
        <div data-cell-id={cell.id} tabIndex={-1} className="cell-prose-wrap">
          <MarkdownCellView source={slice?.source ?? cell.source} headingIds={sliceIds} />
        </div>
      ) : cell.kind === 'stack' ? (
        <StackCellView cell={cell} />
      ) : cell.kind === 'scenario' ? (
        <ScenarioCellView cell={cell} />
      ) : cell.kind === 'vm' ? (
        <VmCellView cell={cell} />
      ) : cell.kind === 'quiz' ? (
        <QuizCellView cell={cell} />
      ) : cell.kind === 'exercise' ? (
        <ExerciseCellView cell={cell} />
      ) : (
        <ScriptCellView cell={cell} />
      )}
    </CellErrorBoundary>
  );
}
