import { useState } from 'react';
import type { SimulationSummary } from '../work/cellOutputs';
import { ProgressChart } from './ProgressChart';

/** A simulation's summary: per-app results, node load, migrations, a chart and the event log (open for scenarios, where the events are the point). */
export function SimulationView({ simulation, eventsOpen = false }: { simulation: SimulationSummary; eventsOpen?: boolean }) {
  const [showEvents, setShowEvents] = useState(eventsOpen);
  const apps = Object.entries(simulation.apps);
  const nodes = Object.entries(simulation.nodes);
  return (
    <div className="simulation-result">
      <table className="result-table">
        <caption>Simulated results</caption>
        <thead>
          <tr>
            <th>app</th>
            <th>makespan</th>
            <th>throughput</th>
            <th>latency p50 / p99</th>
            <th>outcome</th>
          </tr>
        </thead>
        <tbody>
          {apps.map(([id, a]) => (
            <tr key={id} className={a.killedAtS !== undefined ? 'killed' : ''}>
              <td>
                <code>{id}</code>
              </td>
              <td className="num">{a.makespanS !== undefined ? `${fmt(a.makespanS)} s` : '—'}</td>
              <td className="num">{a.throughputRps !== undefined ? `${fmt(a.throughputRps)} req/s` : '—'}</td>
              <td className="num">{a.latencyP50Ms !== undefined ? `${fmt(a.latencyP50Ms)} / ${fmt(a.latencyP99Ms ?? 0)} ms` : '—'}</td>
              <td>
                {a.killedAtS !== undefined ? (
                  <span className="outcome-bad">killed at {fmt(a.killedAtS)} s</span>
                ) : (
                  <span className="outcome-good">finished</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {nodes.length > 0 && (
        <div className="node-load" aria-label="CPU use of each node">
          {nodes.map(([id, n]) => (
            <div key={id} className="node-load-row">
              <code>{id}</code>
              <span className="node-load-bar">
                <span style={{ width: `${Math.round(Math.min(1, n.cpuUtil) * 100)}%` }} />
              </span>
              <span className="num">{Math.round(n.cpuUtil * 100)} % CPU</span>
            </div>
          ))}
        </div>
      )}
      {simulation.migrations.length > 0 && (
        <table className="result-table">
          <caption>Migrations</caption>
          <thead>
            <tr>
              <th>what</th>
              <th>from → to</th>
              <th>start</th>
              <th>total</th>
              <th>downtime</th>
            </tr>
          </thead>
          <tbody>
            {simulation.migrations.map((m, i) => (
              <tr key={i}>
                <td>
                  <code>{m.target}</code>
                </td>
                <td>
                  {m.from} → {m.to}
                </td>
                <td className="num">{fmt(m.startS)} s</td>
                <td className="num">{fmt(m.totalS)} s</td>
                <td className="num">{fmt(m.downtimeMs)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {simulation.series && simulation.series.t.length > 1 && <ProgressChart t={simulation.series.t} apps={simulation.series.apps} />}
      {simulation.events.length > 0 && (
        <div className="event-log">
          <button type="button" className="link-button" onClick={() => setShowEvents(!showEvents)} aria-expanded={showEvents}>
            {showEvents ? '▾' : '▸'} {simulation.events.length} events
          </button>
          {showEvents && (
            <ol>
              {simulation.events.map((e, i) => (
                <li key={i}>
                  <span className="event-time num">{fmt(e.t)} s</span> <code>{e.type}</code> {e.message}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}

/** Three significant figures at most, no trailing zeros: 30, 29.7, 0.123. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(x.toFixed(digits)));
}
