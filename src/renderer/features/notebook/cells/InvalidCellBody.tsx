import type { FencedCell } from '../../../../core/lesson';
import { CellFrame } from './CellFrame';

/**
 * A cell whose body the parser could not read: its source as written, so the lesson
 * still reads, and the diagnostics at the top of the notebook say what is wrong.
 */
export function InvalidCellBody({ cell }: { cell: FencedCell }) {
  return (
    <CellFrame cellId={cell.id} kind={cell.kind} status={{ tone: 'error', text: `Invalid ${cell.kind} cell (line ${cell.bodyLine})` }}>
      <pre className="cell-invalid-source">{cell.source}</pre>
    </CellFrame>
  );
}
