import { useState } from 'react';
import type { Diagnostic } from '../../../core/lesson';

/**
 * What the parser found wrong with the lesson file, at the top of the notebook, with
 * line and column: errors open, warnings and notes folded. The lesson still renders
 * below with what could be read.
 */
export function DiagnosticsPanel({ diagnostics, file }: { diagnostics: readonly Diagnostic[]; file: string }) {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const [open, setOpen] = useState(errors.length > 0);
  if (diagnostics.length === 0) return null;
  const warnings = diagnostics.length - errors.length;
  return (
    <section className={`diagnostics${errors.length ? ' has-errors' : ''}`} aria-label="Problems in this lesson file" data-testid="lesson-diagnostics">
      <button type="button" className="diagnostics-summary" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? '▾' : '▸'} {errors.length > 0 && `${errors.length} error${errors.length === 1 ? '' : 's'}`}
        {errors.length > 0 && warnings > 0 && ', '}
        {warnings > 0 && `${warnings} warning${warnings === 1 ? '' : 's'} or note${warnings === 1 ? '' : 's'}`} in {file}
        {errors.length > 0 && <span className="diagnostics-hint"> — the lesson is shown as far as it could be read</span>}
      </button>
      {open && (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i} className={`finding severity-${d.severity}`}>
              <span className="finding-line">
                {d.line}:{d.column}
              </span>
              <code className="finding-rule">{d.rule}</code>
              <span className="finding-message">
                {d.message}
                {d.cellId && (
                  <>
                    {' '}
                    (<a href={`#cell-${d.cellId}`}>{d.cellId}</a>)
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
