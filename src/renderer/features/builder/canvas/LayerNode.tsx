import { Handle, NodeToolbar, Position, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { layerSubtitle } from '../model/layerCatalog';
import type { LayerFlowNode } from '../model/stackToFlow';
import { AppViewCard } from '../panels/AppViewCard';
import { classLabel } from './classLabels';

/**
 * One layer on the canvas: its id and what it is, tinted with its class colour, with
 * badges counting its findings, whether a real run would run it for real or simulate it
 * (the reason as its tooltip) and, during a run, its load or progress. Hovering an app
 * shows what it sees.
 */
export const LayerNode = memo(function LayerNode({ data, selected }: NodeProps<LayerFlowNode>) {
  const { layer, cls, counts, live, aggregate, real } = data;
  const [hovered, setHovered] = useState(false);
  const status = live?.status;
  const className = ['layer-node', aggregate ? 'band' : '', selected ? 'selected' : '', status ? `status-${status}` : '', counts.error > 0 ? 'has-error' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={className}
      style={{ ['--c' as string]: `var(--layer-${cls})` }}
      data-testid={`layer-${layer.id}`}
      data-class={cls}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      title={aggregate || layer.kind !== 'app' ? `${layer.id}: ${classLabel[cls]}` : undefined}
    >
      <Handle type="target" position={Position.Bottom} isConnectable={false} className="layer-handle" />
      <Handle type="source" position={Position.Top} isConnectable={false} className="layer-handle" />
      <div className="layer-title">
        <span className="layer-id">{layer.id}</span>
        <span className="layer-badges">
          {real && (
            <span
              className={`real-mark ${real.real ? 'real' : 'simulated'}`}
              data-testid={`real-mark-${layer.id}`}
              title={real.why}
              aria-label={real.real ? 'real in a real run' : 'simulated in a real run'}
              aria-description={real.why}
            >
              {real.real ? 'real' : 'sim'}
            </span>
          )}
          {live?.cpuUtil !== undefined && <span className="layer-live">{Math.round(live.cpuUtil * 100)}% CPU</span>}
          {live?.progress !== undefined && <span className="layer-live">{Math.round(live.progress * 100)}%</span>}
          {counts.error > 0 && (
            <span className="badge error" title={`${counts.error} error(s)`}>
              {counts.error}
            </span>
          )}
          {counts.warning > 0 && (
            <span className="badge warning" title={`${counts.warning} warning(s)`}>
              {counts.warning}
            </span>
          )}
          {counts.note > 0 && (
            <span className="badge note" title={`${counts.note} note(s)`}>
              {counts.note}
            </span>
          )}
        </span>
      </div>
      <div className="layer-subtitle">{status ? statusLabel[status] : layerSubtitle(layer)}</div>
      {live?.cpuUtil !== undefined && (
        <div className="layer-meter" aria-label={`CPU ${Math.round(live.cpuUtil * 100)}%`}>
          <div className="layer-meter-fill load" style={{ width: `${Math.min(100, live.cpuUtil * 100)}%` }} />
        </div>
      )}
      {live?.progress !== undefined && (
        <div className="layer-meter" aria-label={`progress ${Math.round(live.progress * 100)}%`}>
          <div className="layer-meter-fill progress" style={{ width: `${Math.min(100, live.progress * 100)}%` }} />
        </div>
      )}
      {/* Mounted only while hovered: each NodeToolbar re-reads every node of the canvas at every frame of a pan. */}
      {layer.kind === 'app' && hovered && (
        <NodeToolbar isVisible position={Position.Top} offset={10}>
          <AppViewCard appId={layer.id} />
        </NodeToolbar>
      )}
    </div>
  );
});

const statusLabel = { failed: 'failed', killed: 'killed', suspended: 'suspended', finished: 'finished' } as const;
