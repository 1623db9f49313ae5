import { useState, type RefObject } from 'react';
import { downloadBlob, fileStem, renderDiagram } from './exportDiagram';
import { layoutStack } from '../model/stackLayout';
import { stackToFlow } from '../model/stackToFlow';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';

/** Exports the diagram as PNG or SVG, for slides. */
export function ExportMenu({ canvas }: { canvas: RefObject<HTMLElement | null> }) {
  const store = useBuilderStore();
  const name = useBuilder((s) => s.builderDoc.stack.name);
  const [error, setError] = useState<string | null>(null);
  const exportAs = async (format: 'png' | 'svg'): Promise<void> => {
    setError(null);
    try {
      const element = canvas.current?.querySelector<HTMLElement>('.builder-canvas');
      if (!element) return;
      // Every layer, from the model: on a large stack the canvas mounts only those near the screen.
      const { builderDoc: doc, builderMoved: moved } = store.getState();
      const { nodes, edges } = stackToFlow(layoutStack(doc.stack), {
        classes: doc.check.classes,
        findings: doc.check.findings,
        selected: new Set(),
        moved,
        real: doc.real,
      });
      downloadBlob(await renderDiagram(element, nodes, edges, format), `${fileStem(name)}.${format}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="toolbar-group">
      <button type="button" onClick={() => void exportAs('png')} title="Export the diagram as a PNG picture">
        PNG
      </button>
      <button type="button" onClick={() => void exportAs('svg')} title="Export the diagram as an SVG drawing">
        SVG
      </button>
      {error && <span className="toolbar-message error-text">{error}</span>}
    </div>
  );
}
