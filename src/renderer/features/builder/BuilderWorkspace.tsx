import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import './builder.css';
import { BuilderCanvas } from './canvas/BuilderCanvas';
import { BuilderToolbar } from './toolbar/BuilderToolbar';
import { ClassLegend } from './canvas/ClassLegend';
import type { StackCheck } from './model/stackAnalysis';
import { Palette } from './canvas/Palette';
import { ProblemsList } from './panels/ProblemsList';
import { PropertiesPanel } from './panels/PropertiesPanel';
import { useBuilder } from './state/useBuilder';
import { useStackAnalysis } from './state/useStackAnalysis';
import { YamlEditor } from './yaml/YamlEditor';

/** What a builder tells its owner once the check worker has checked a text. */
export interface StackChange {
  /** Whether the text parses as a stack. */
  parses: boolean;
  /** Whether it parses and no rule finds an error. */
  valid: boolean;
  check: StackCheck;
}

/**
 * The builder's panes around one stack: palette, canvas with its legend, the YAML beside
 * it, properties and problems, and (in the Builder place) the run's controls and plots.
 * It reads the stack from the BuilderStoreContext it is rendered in.
 */
export function BuilderWorkspace({
  compact = false,
  readOnly = false,
  run,
  runPanel,
  onChange,
  onCheck,
}: {
  compact?: boolean;
  readOnly?: boolean;
  run?: ReactNode;
  runPanel?: ReactNode;
  /** Called at once after every change of the text. */
  onChange?: (text: string) => void;
  /** Called when the check of a changed text arrives (not for a text changed again meanwhile). */
  onCheck?: (text: string, change: StackChange) => void;
}) {
  useStackAnalysis();
  const doc = useBuilder((s) => s.builderDoc);
  const check = doc.check;
  const root = useRef<HTMLDivElement>(null);
  const [tab, setTab] = useState<'properties' | 'problems'>('properties');
  const errors = check.findings.filter((f) => f.severity === 'error').length;
  const callbacks = useRef({ onChange, onCheck });
  callbacks.current = { onChange, onCheck };
  const reported = useRef({ text: doc.version, check: doc.version });

  useEffect(() => {
    if (reported.current.text !== doc.version) {
      reported.current.text = doc.version;
      callbacks.current.onChange?.(doc.text);
    }
    if (reported.current.check !== doc.version && doc.analysed === doc.version) {
      reported.current.check = doc.version;
      callbacks.current.onCheck?.(doc.text, { parses: doc.textParses, valid: doc.textParses && errors === 0, check });
    }
  }, [doc, check, errors]);

  return (
    <ReactFlowProvider>
      <div className={`builder${compact ? ' compact' : ''}${readOnly ? ' read-only' : ''}`} ref={root}>
        <BuilderToolbar compact={compact} readOnly={readOnly} root={root} run={run} />
        <div className="builder-body">
          {!readOnly && <Palette />}
          <div className="builder-center">
            <div className="canvas-area">
              <BuilderCanvas readOnly={readOnly} />
              {!doc.textParses && <div className="canvas-banner">The YAML has errors: the canvas shows the last stack that parsed.</div>}
            </div>
            <ClassLegend />
            {runPanel}
          </div>
          <div className="builder-side">
            <YamlEditor readOnly={readOnly} />
            <div className="side-tabs">
              <div className="tab-bar" role="tablist">
                <button type="button" role="tab" aria-selected={tab === 'properties'} onClick={() => setTab('properties')}>
                  Properties
                </button>
                <button type="button" role="tab" aria-selected={tab === 'problems'} onClick={() => setTab('problems')}>
                  Problems
                  {check.findings.length > 0 && <span className={`tab-count${errors > 0 ? ' error' : ''}`}>{check.findings.length}</span>}
                </button>
              </div>
              <div className="tab-body">{tab === 'properties' ? <PropertiesPanel readOnly={readOnly} /> : <ProblemsList />}</div>
            </div>
          </div>
        </div>
      </div>
    </ReactFlowProvider>
  );
}
