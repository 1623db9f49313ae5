import type { Severity } from '../../../../core/stack';

const glyph: Record<Severity, string> = { error: '✕', warning: '!', note: 'i' };

/** A small round mark in the severity's colour, with the severity as its accessible name. */
export function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <span className={`severity-icon ${severity}`} role="img" aria-label={severity}>
      {glyph[severity]}
    </span>
  );
}
