import type { CheckSummary } from '../work/cellOutputs';

const SEVERITY_ICON: Record<string, string> = { error: '✖', warning: '▲', note: 'ℹ' };

/** The checker's answer: findings first (they explain), then what each app sees. */
export function CheckResultView({ check, compact = false }: { check: CheckSummary; compact?: boolean }) {
  const views = Object.entries(check.views);
  return (
    <div className="check-result">
      {check.findings.length === 0 ? (
        <p className="finding-none">✓ No findings: the stack is valid.</p>
      ) : (
        <ul className="findings">
          {check.findings.map((f, i) => (
            <li key={i} className={`finding severity-${f.severity}`}>
              <span className="finding-icon" aria-label={f.severity}>
                {SEVERITY_ICON[f.severity] ?? '•'}
              </span>
              <code className="finding-rule">{f.rule}</code>
              {f.layer && <code className="finding-layer">{f.layer}</code>}
              {f.line !== undefined && <span className="finding-line">line {f.line}</span>}
              <span className="finding-message">{f.message}</span>
            </li>
          ))}
        </ul>
      )}
      {!compact && views.length > 0 && (
        <table className="result-table">
          <caption>What each app sees</caption>
          <thead>
            <tr>
              <th>app</th>
              <th>CPUs</th>
              <th>memory</th>
              <th>arch</th>
              <th>kernel</th>
              <th>shares its kernel with</th>
              <th>failure domains</th>
            </tr>
          </thead>
          <tbody>
            {views.map(([id, v]) => (
              <tr key={id}>
                <td>
                  <code>{id}</code>
                </td>
                <td className="num">{v.cpus}</td>
                <td className="num">{formatMiB(v.memoryMiB)}</td>
                <td>{v.arch}</td>
                <td>
                  <code>{v.kernel}</code>
                </td>
                <td>{v.sharesKernelWith.length ? v.sharesKernelWith.join(', ') : '—'}</td>
                <td>{v.failureDomains.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function formatMiB(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}
