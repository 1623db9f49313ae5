import { useMemo } from 'react';
import type { SimResult } from '../../../../core/sim';
import { UPlotChart, type ChartSeries } from './UPlotChart';

/** The charts and numbers of one run: CPU use per node and progress per app over time, then each app's outcome. */
export function RunResults({
  title,
  result,
  time,
  onScrub,
  chartHeight,
}: {
  title?: string;
  result: SimResult;
  time: number;
  onScrub: (t: number) => void;
  chartHeight: number;
}) {
  const t = result.series?.t ?? [];
  const nodes = useMemo<ChartSeries[]>(() => Object.entries(result.series?.nodes ?? {}).map(([id, s]) => ({ label: id, values: s.cpuUtil })), [result]);
  const apps = useMemo<ChartSeries[]>(() => Object.entries(result.series?.apps ?? {}).map(([id, s]) => ({ label: id, values: s.progress })), [result]);
  return (
    <div className="run-results">
      {title && <h4 className="run-results-title">{title}</h4>}
      <div className="charts">
        <UPlotChart title="CPU use per node" t={t} series={nodes} time={time} onScrub={onScrub} height={chartHeight} />
        <UPlotChart title="Progress per app" t={t} series={apps} time={time} onScrub={onScrub} height={chartHeight} />
      </div>
      <table className="run-summary">
        <thead>
          <tr>
            <th>App</th>
            <th>Makespan</th>
            <th>Throughput</th>
            <th>p99 latency</th>
            <th>Killed at</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(result.apps).map(([id, a]) => (
            <tr key={id}>
              <td>{id}</td>
              <td>{a.makespanS !== undefined ? `${a.makespanS.toFixed(1)} s` : '–'}</td>
              <td>{a.throughputRps !== undefined ? `${a.throughputRps.toFixed(0)} req/s` : '–'}</td>
              <td>{a.latencyP99Ms !== undefined ? `${a.latencyP99Ms.toFixed(1)} ms` : '–'}</td>
              <td className={a.killedAtS !== undefined ? 'error-text' : undefined}>{a.killedAtS !== undefined ? `${a.killedAtS.toFixed(1)} s` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.migrations.length > 0 && (
        <p className="muted small">
          {result.migrations
            .map((m) => `${m.target} ${m.from} → ${m.to}: ${m.totalS.toFixed(2)} s, downtime ${m.downtimeMs.toFixed(0)} ms, ${m.rounds} rounds`)
            .join(' · ')}
        </p>
      )}
    </div>
  );
}
