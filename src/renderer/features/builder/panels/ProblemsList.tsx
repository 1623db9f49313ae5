import { useState } from 'react';
import type { Finding } from '../../../../core/stack';
import { RuleExplanation } from './RuleExplanation';
import { SeverityIcon } from './SeverityIcon';
import { useBuilderStore } from '../state/useBuilderStore';
import { useStackCheck } from '../state/useStackCheck';
import { UI } from '../../../../core/ui/uiLabels';

const rank = { error: 0, warning: 1, note: 2 } as const;

/**
 * Every finding of the stack, errors first. Clicking one selects its layer on the canvas
 * (and its line in the YAML); "Why?" opens the rule's explanation.
 */
export function ProblemsList() {
  const { findings } = useStackCheck();
  const store = useBuilderStore();
  const [open, setOpen] = useState<string | null>(null);
  const sorted = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  return (
    <section className="problems" aria-label={UI.builder.problems} data-testid="problems">
      <header className="panel-header">
        <h3>{UI.builder.problems}</h3>
        <span className="problem-counts">
          <span className="count error">{count('error')} errors</span>
          <span className="count warning">{count('warning')} warnings</span>
          <span className="count note">{count('note')} notes</span>
        </span>
      </header>
      {sorted.length === 0 ? (
        <p className="problems-empty">No problems: every rule holds.</p>
      ) : (
        <ul>
          {sorted.map((f, i) => {
            const key = `${f.rule}|${f.layer ?? ''}|${f.line ?? ''}|${i}`;
            return (
              <li key={key} className={`problem ${f.severity}`}>
                <button
                  type="button"
                  className="problem-main"
                  onClick={() => f.layer !== undefined && store.getState().builderSelect([f.layer])}
                  title={f.layer !== undefined ? `Select ${f.layer}` : undefined}
                >
                  <SeverityIcon severity={f.severity} />
                  <span className="problem-message">
                    {f.layer !== undefined && <strong>{f.layer}: </strong>}
                    {f.message}
                  </span>
                  <span className="problem-where">
                    {f.rule}
                    {f.line !== undefined && ` · ${f.line}:${f.column ?? 1}`}
                  </span>
                </button>
                <button type="button" className="why" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                  Why?
                </button>
                {open === key && <RuleExplanation rule={f.rule} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
