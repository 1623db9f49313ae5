import { useMemo } from 'react';
import { parseStack, type Stack } from '../../../../core/stack';
import { presets } from '../presets/presetCatalog';
import { useBuilder } from '../state/useBuilder';
import { useStackCheck } from '../state/useStackCheck';
import type { useStackRun } from './useStackRun';
import { UI } from '../../../../core/ui/uiLabels';
import { useMenu } from '../../shell/useMenu';

/** Run, Run for real and Compare with a preset, in the toolbar; Cancel while running. */
export function RunControls({ run: { start, cancel }, onRunForReal }: { run: ReturnType<typeof useStackRun>; onRunForReal?: (text: string) => void }) {
  const status = useBuilder((s) => s.builderRun.status);
  const past = useBuilder((s) => s.builderDoc.past);
  const text = useBuilder((s) => s.builderDoc.text);
  const { findings } = useStackCheck();
  const { open: choosing, setOpen: setChoosing, root, menu, onKeyDown } = useMenu();
  const errors = findings.filter((f) => f.severity === 'error').length;
  const previous = useMemo(() => (choosing ? lastParsable(past) : null), [choosing, past]);
  if (status === 'running') {
    return (
      <div className="toolbar-group">
        <button type="button" onClick={cancel}>
          Cancel run
        </button>
      </div>
    );
  }
  const blocked = errors > 0 ? `Fix the ${errors} error${errors === 1 ? '' : 's'} first` : undefined;
  return (
    <div className="toolbar-group" ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        onClick={() => setChoosing(!choosing)}
        aria-haspopup="menu"
        disabled={blocked !== undefined}
        aria-expanded={choosing}
        title={blocked ?? 'Run this stack and another side by side'}
      >
        {UI.builder.compare}
      </button>
      {onRunForReal && (
        <button
          type="button"
          onClick={() => onRunForReal(text)}
          disabled={blocked !== undefined}
          title={blocked ?? 'Boot what can be real as QEMU guests, run the apps, and compare the measurement with the model'}
        >
          {UI.builder.runForReal}
        </button>
      )}
      <button type="button" className="primary run-button" onClick={() => start()} disabled={blocked !== undefined} title={blocked ?? 'Simulate this stack'}>
        ▶ {UI.builder.run}
      </button>
      {choosing && (
        <div className="dropdown presets-menu align-right" role="menu" aria-label="Compare with" ref={menu}>
          <div className="menu-section">Compare with</div>
          {previous && (
            <button
              type="button"
              role="menuitem"
              className="dropdown-item"
              onClick={() => {
                start({ name: 'Before my last change', stack: previous });
                setChoosing(false);
              }}
            >
              Before my last change
              <span className="muted small">What did the edit do to the same workload?</span>
            </button>
          )}
          <div className="menu-section">The seminar's configurations</div>
          {presets
            .filter((p) => p.expect === 'valid')
            .map((p) => (
              <button
                key={p.file}
                type="button"
                role="menuitem"
                className="dropdown-item"
                onClick={() => {
                  const stack = parseStack(p.text).stack;
                  if (stack) start({ name: p.title, stack });
                  setChoosing(false);
                }}
              >
                {p.title}
              </button>
            ))}
        </div>
      )}
    </div>
  );
}

/** The latest earlier state that parses: the stack before the student's last edit. */
function lastParsable(past: readonly string[]): Stack | null {
  for (let i = past.length - 1; i >= 0; i--) {
    const stack = parseStack(past[i] as string).stack;
    if (stack) return stack;
  }
  return null;
}
