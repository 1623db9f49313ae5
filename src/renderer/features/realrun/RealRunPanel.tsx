import { useMemo } from 'react';
import type { RealRunContract, RealRunReport, RunSeries } from '../../../api/realRunApi';
import { UI } from '../../../core/ui/uiLabels';
import { useStrata } from '../../store/store';
import { UPlotChart } from '../builder/run/UPlotChart';
import { fmt } from '../notebook/output/SimulationView';
import { figureText, ratioText } from './figures';
import { overlay } from './overlay';
import { isRealRunGoing, realRunTitle } from './realRunSlice';
import './realRun.css';

const noop = (): void => undefined;

/**
 * The real run of `owner` (the store keeps it, so it goes on while the student is
 * elsewhere): progress while its guests boot, the measured charts over the simulated ones
 * as it runs, then per app the simulated and measured figures side by side with their
 * ratio, the migrations as the model and QEMU saw them, and what was scaled. Stop kills
 * every guest of it; a stack with nothing real offers the simulation (`onSimulate`).
 */
export function RealRunPanel({ owner, onSimulate, compact = false }: { owner: string; onSimulate(): void; compact?: boolean }) {
  const state = useStrata((s) => s.realRuns[owner]?.state);
  const stop = useStrata((s) => s.stopRealRun);
  const close = useStrata((s) => s.closeRealRun);
  if (!state) return null;
  const running = isRealRunGoing(state);
  return (
    <section className={`real-run${compact ? ' compact' : ''}`} aria-label="Run for real" data-testid="real-run">
      <div className="run-header">
        <strong className="real-run-title">{realRunTitle(state)}</strong>
        {running && <progress aria-label="Real run under way" />}
        <span className="toolbar-spacer" />
        {running ? (
          <button type="button" onClick={() => stop(owner)}>
            {UI.realRun.stop}
          </button>
        ) : (
          <button type="button" className="icon-button" aria-label="Close the real run" onClick={() => close(owner)}>
            ✕
          </button>
        )}
      </div>
      {state.status === 'running' && (
        <>
          <ul className="real-run-lines" aria-live="polite">
            {state.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {state.plan && <LayerBadges layers={state.plan.layers} />}
          {state.measured.t.length > 0 && state.plan && <Charts measured={state.measured} simulated={state.plan.simulated} compact={compact} />}
          {state.log.length > 0 && <Log log={state.log} />}
        </>
      )}
      {state.status === 'failed' && (
        <>
          <p className="error-text" role="alert">
            {state.message}
          </p>
          {state.plan?.realizable === false && (
            <div>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  close(owner);
                  onSimulate();
                }}
              >
                {UI.realRun.simulateInstead}
              </button>
            </div>
          )}
          {state.plan && <LayerBadges layers={state.plan.layers} />}
        </>
      )}
      {state.status === 'done' && <Report report={state.report} compact={compact} />}
    </section>
  );
}

/** Each layer real or simulated, with its one sentence. */
function LayerBadges({ layers }: { layers: RealRunContract['layers'] }) {
  return (
    <details className="real-layers" open={Object.values(layers).some((l) => !l.real)}>
      <summary>
        What ran for real: {Object.values(layers).filter((l) => l.real).length} of {Object.keys(layers).length} layers
      </summary>
      <ul>
        {Object.entries(layers).map(([id, l]) => (
          <li key={id}>
            <span className={`real-badge ${l.real ? 'real' : 'simulated'}`}>{l.real ? 'real' : 'simulated'}</span> <code>{id}</code>{' '}
            <span className="muted">{l.why}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function Charts({ measured, simulated, compact }: { measured: RunSeries; simulated: RunSeries; compact: boolean }) {
  const nodes = useMemo(() => overlay(measured, simulated, 'nodes'), [measured, simulated]);
  const apps = useMemo(() => overlay(measured, simulated, 'apps'), [measured, simulated]);
  const now = measured.t.at(-1) ?? 0;
  return (
    <div className="charts">
      <UPlotChart
        title="CPU use per node: measured (solid), simulated (dashed)"
        t={nodes.t}
        series={nodes.series}
        time={now}
        onScrub={noop}
        height={compact ? 120 : 140}
      />
      <UPlotChart
        title="Progress per app: measured (solid), simulated (dashed)"
        t={apps.t}
        series={apps.series}
        time={now}
        onScrub={noop}
        height={compact ? 120 : 140}
      />
    </div>
  );
}

function Report({ report, compact }: { report: RealRunReport; compact: boolean }) {
  return (
    <div className="real-report">
      <table className="run-summary side-by-side" aria-label={UI.realRun.sideBySide}>
        <caption>{UI.realRun.sideBySide}</caption>
        <thead>
          <tr>
            <th>App</th>
            <th>Simulated (stack as run)</th>
            <th>Measured</th>
            <th>Measured ÷ simulated</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.apps).map(([id, a]) => (
            <tr key={id}>
              <td>
                <code>{id}</code>
                {report.layers[id]?.real === false && <span className="real-badge simulated">simulated</span>}
              </td>
              <td>{figureText(a.simulated)}</td>
              <td>{report.layers[id]?.real === false ? 'not run: simulated only' : figureText(a.measured)}</td>
              <td className="ratio">{ratioText(a)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.migrations.length > 0 && (
        <table className="run-summary" aria-label="Migrations, model and QEMU">
          <caption>Live migrations: the model / QEMU</caption>
          <thead>
            <tr>
              <th>Migration</th>
              <th>Total time</th>
              <th>Downtime</th>
              <th>Data moved</th>
            </tr>
          </thead>
          <tbody>
            {report.migrations.map((m, i) => (
              <tr key={i}>
                <td>
                  <code>{m.target}</code> {m.from} → {m.to}
                </td>
                <td>{pair(m.simulated?.totalS, m.measured?.totalS, 's')}</td>
                <td>{pair(m.simulated?.downtimeMs, m.measured?.downtimeMs, 'ms')}</td>
                <td>{pair(m.simulated?.ramMiB, m.measured?.ramMiB, 'MiB')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Charts measured={report.series.measured} simulated={report.series.simulated} compact={compact} />
      <details className="real-scaled">
        <summary>
          {UI.realRun.scaled} ({report.scaled.length})
        </summary>
        <ul>
          {report.scaled.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </details>
      <LayerBadges layers={report.layers} />
      {report.log.length > 0 && <Log log={report.log} />}
    </div>
  );
}

function pair(simulated: number | undefined, measured: number | undefined, unit: string): string {
  return `${simulated !== undefined ? fmt(simulated) : '–'} / ${measured !== undefined ? fmt(measured) : '–'} ${unit}`;
}

function Log({ log }: { log: ReadonlyArray<{ t: number; message: string }> }) {
  return (
    <ol className="real-log">
      {log.map((e, i) => (
        <li key={i}>
          <span className="event-time num">{fmt(e.t)} s</span> {e.message}
        </li>
      ))}
    </ol>
  );
}
