import type { CheckSummary } from '../work/cellOutputs';

/** The status pill of a stack: errors first, then warnings, else valid. */
export function checkStatus(check: CheckSummary): { tone: 'ok' | 'error' | 'warning'; text: string } {
  const count = (s: string): number => check.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  if (errors > 0) return { tone: 'error', text: `${errors} error${errors === 1 ? '' : 's'}` };
  if (warnings > 0) return { tone: 'warning', text: `valid · ${warnings} warning${warnings === 1 ? '' : 's'}` };
  return { tone: 'ok', text: 'valid' };
}
