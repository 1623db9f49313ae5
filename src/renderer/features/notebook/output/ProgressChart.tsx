import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStrata } from '../../../store/store';

export interface ProgressChartProps {
  /** Simulated seconds. */
  t: readonly number[];
  /** Progress (0..1) of each app at each time. */
  apps: Readonly<Record<string, readonly number[]>>;
}

// Distinct in both themes; the app colour of the layer legend is one hue, too few for several apps.
const PALETTE = ['#4c9ffe', '#f59e0b', '#10b981', '#ef4444', '#a855f7', '#14b8a6', '#eab308', '#ec4899'];

/** Each app's progress over simulated time: where a failure or a migration bites shows as a kink. */
export function ProgressChart({ t, apps }: ProgressChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useStrata((s) => s.theme);

  useEffect(() => {
    const el = host.current;
    if (!el || t.length < 2) return;
    const ids = Object.keys(apps);
    const axisColor = theme === 'dark' ? '#9aa3b2' : '#586174';
    const gridColor = theme === 'dark' ? 'rgba(255,255,255,0.07)' : 'rgba(0,0,0,0.07)';
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 200,
        scales: { x: { time: false }, y: { range: [0, 100] } },
        axes: [
          { ...axis, label: 'simulated seconds', labelSize: 18 },
          { ...axis, label: 'progress %', labelSize: 18, size: 44 },
        ],
        // With one app the legend only repeats the axis; with several it names the colours.
        legend: { show: ids.length > 1, live: false },
        cursor: { drag: { x: false, y: false } },
        series: [{ label: 't (s)' }, ...ids.map((id, i) => ({ label: id, stroke: PALETTE[i % PALETTE.length], width: 2, points: { show: false } }))],
      },
      [Array.from(t), ...ids.map((id) => Array.from(apps[id] ?? [], (p) => p * 100))],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [t, apps, theme]);

  return <div className="progress-chart" ref={host} aria-label="Progress of each app over simulated time" />;
}
