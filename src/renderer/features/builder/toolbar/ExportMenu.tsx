import { useReactFlow } from '@xyflow/react';
import { useState, type RefObject } from 'react';
import { downloadDataUrl, fileStem, renderDiagram } from './exportDiagram';
import { useBuilder } from '../state/useBuilder';

/** Exports the diagram as PNG or SVG, for slides. */
export function ExportMenu({ canvas }: { canvas: RefObject<HTMLElement | null> }) {
  const flow = useReactFlow();
  const name = useBuilder((s) => s.builderDoc.stack.name);
  const [error, setError] = useState<string | null>(null);
  const exportAs = async (format: 'png' | 'svg'): Promise<void> => {
    setError(null);
    try {
      const element = canvas.current?.querySelector<HTMLElement>('.builder-canvas');
      if (!element) return;
      downloadDataUrl(await renderDiagram(element, flow.getNodes(), format), `${fileStem(name)}.${format}`);
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
