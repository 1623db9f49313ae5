import { useCallback, useEffect, useState } from 'react';
import type { DoctorReport } from '../../../api/doctorApi';
import { useStrata } from '../../store/store';

/**
 * The doctor, in the app: what real VMs need on this computer, each failed check with
 * the exact fix on this OS. Reached from the Machines header and from every failed boot,
 * so a student never faces a blank console without a reason.
 */
export function DoctorPanel({ onClose }: { onClose: () => void }) {
  const api = useStrata((s) => s.api);
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const runChecks = useCallback(() => {
    if (!api) return;
    setRunning(true);
    setError(null);
    api
      .call('doctor.run', {})
      .then(
        (r) => setReport(r),
        (err: Error) => setError(err.message),
      )
      .finally(() => setRunning(false));
  }, [api]);
  useEffect(runChecks, [runChecks]);

  return (
    <section className="doctor" aria-label="Doctor">
      <header>
        <h3>Doctor</h3>
        <span className="doctor-verdict" role="status">
          {running
            ? 'Checking this computer… (the first check probes each accelerator, up to 20 s)'
            : error
              ? `The doctor could not run: ${error}`
              : report &&
                (report.ok
                  ? `Real VMs can run here${report.accel ? ` (${report.accel.toUpperCase()})` : ''}.`
                  : 'Real VMs cannot run here yet: fix what is marked below. Lessons, the builder and the simulator work without them.')}
        </span>
        <button type="button" onClick={runChecks} disabled={running}>
          Check again
        </button>
        <button type="button" className="icon-button" aria-label="Close the doctor" onClick={onClose}>
          ✕
        </button>
      </header>
      {report && (
        <ul>
          {report.checks.map((c) => (
            <li key={c.id} className={c.ok ? 'ok' : c.required ? 'fail' : 'note'}>
              <span className="doctor-mark" aria-label={c.ok ? 'passed' : c.required ? 'failed' : 'note'}>
                {c.ok ? '✓' : c.required ? '✗' : 'i'}
              </span>
              <span className="doctor-id">{c.id}</span>
              <span className="doctor-detail">
                {c.detail}
                {c.fix && (
                  <>
                    <br />
                    Fix: <code>{c.fix}</code>
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
