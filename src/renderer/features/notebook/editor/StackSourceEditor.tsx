import { useEffect, useRef, useState } from 'react';
import { useStrata } from '../../../store/store';
import { StackEditor } from '../../builder/StackEditor';
import { useNotebook } from '../useNotebook';
import type { Finding } from '../../../../core/stack';
import { CodeEditor } from './CodeEditor';
import { rememberCellTab, rememberedCellTab, type CellTab } from './cellTabMemory';
import { useNearViewport } from './useNearViewport';
import { UI } from '../../../../core/ui/uiLabels';

export interface StackSourceEditorProps {
  cellId: string;
  source: string;
  onChange(source: string): void;
  findings: readonly Finding[];
  /** The cell's source as the lesson ships it (saving it back from the Builder place leaves the cell unedited). */
  shipped: string;
}

/** Narrower than this, the builder's four panes are too cramped to be the first thing shown. */
const BUILDER_MIN_WIDTH = 820;

/**
 * A stack in a cell: the embedded layer builder (canvas, palette, YAML, problems), or the
 * YAML alone. A cell opens in the tab the student last chose for it (cellTabMemory.ts);
 * before any choice, the builder where the cell is wide enough for it (sidebar hidden,
 * presentation mode), the YAML otherwise; one click switches. The builder mounts
 * when the cell comes near the screen, so a lesson with many stacks opens fast. A change
 * from outside (reset, Save to cell) reloads it. Open in builder edits it in the Builder place, with room.
 */
export function StackSourceEditor({ cellId, source, onChange, findings, shipped }: StackSourceEditorProps) {
  const { slug } = useNotebook();
  const openCellInBuilder = useStrata((s) => s.openCellInBuilder);
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const [mode, setMode] = useState<CellTab | null>(() => rememberedCellTab(slug, cellId));

  // Without a choice of the student's, chosen once from the cell's width, so a later resize never swaps the editor under them.
  useEffect(() => {
    if (host && mode === null) setMode(host.clientWidth >= BUILDER_MIN_WIDTH ? 'builder' : 'yaml');
  }, [host, mode]);
  const choose = (tab: CellTab): void => {
    rememberCellTab(slug, cellId, tab);
    setMode(tab);
  };
  const near = useNearViewport(host);
  const fromEditor = useRef(source);
  const [generation, setGeneration] = useState(0);

  // The builder reads its text once; when the text changes from outside (a reset), mount a fresh one.
  useEffect(() => {
    if (source !== fromEditor.current) {
      fromEditor.current = source;
      setGeneration((g) => g + 1);
    }
  }, [source]);

  const change = (text: string): void => {
    fromEditor.current = text;
    onChange(text);
  };

  return (
    <div className="stack-source" ref={setHost}>
      <div className="stack-source-bar">
        <div className="segmented" role="tablist" aria-label={`How to edit ${cellId}`}>
          <button type="button" role="tab" aria-selected={mode === 'builder'} onClick={() => choose('builder')}>
            {UI.cell.builderTab}
          </button>
          <button type="button" role="tab" aria-selected={mode === 'yaml'} onClick={() => choose('yaml')}>
            {UI.cell.yamlTab}
          </button>
        </div>
        <button
          type="button"
          className="cell-button subtle open-in-builder"
          title="Edit this stack in the Builder view, with the whole window, properties and runs; Save to cell brings it back here"
          onClick={() => openCellInBuilder({ lesson: slug, cellId, shipped }, source)}
        >
          {UI.cell.openInBuilder} ↗
        </button>
      </div>
      {mode === null ? null : mode === 'yaml' ? (
        <CodeEditor value={source} language="stack" ariaLabel={`Stack ${cellId}`} findings={findings} onChange={change} />
      ) : near ? (
        <StackEditor key={generation} initialYaml={source} compact height={560} onChange={change} />
      ) : (
        <div className="stack-source-placeholder" style={{ height: 560 }} />
      )}
    </div>
  );
}
