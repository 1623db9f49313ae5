import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useDocumentTheme } from '../useDocumentTheme';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  /** null where the series has no point (an overlay of series sampled at other times). */
  values: ReadonlyArray<number | null>;
  /** Dashed: a simulation drawn over a measurement. */
  dash?: boolean;
  /** Index into the colours, so a measured and a simulated line of one layer share one. */
  colour?: number;
}

/** Series colours, distinct in both themes. */
export const seriesColours = ['#4e9af1', '#f08c3a', '#43b97f', '#d65db1', '#d9b637', '#8a7ff5', '#3fbfc4', '#e0605a'];

/**
 * A uPlot line chart of shares (0..1, shown as percent) over simulated time, with a marker
 * at the scrubbed time; clicking the plot scrubs there.
 */
export function UPlotChart({
  title,
  t,
  series,
  time,
  onScrub,
  height = 150,
}: {
  title: string;
  t: readonly number[];
  series: readonly ChartSeries[];
  time: number;
  onScrub: (t: number) => void;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const timeRef = useRef(time);
  const scrubRef = useRef(onScrub);
  scrubRef.current = onScrub;
  const theme = useDocumentTheme();

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const css = getComputedStyle(element);
    const muted = css.getPropertyValue('--text-muted').trim() || '#888';
    const grid = css.getPropertyValue('--border').trim() || '#ccc';
    const accent = css.getPropertyValue('--accent').trim() || '#48f';
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [
        { ...axis, values: (_u, ticks) => ticks.map((v) => `${v}s`) },
        { ...axis, size: 44, values: (_u, ticks) => ticks.map((v) => `${Math.round(v * 100)}%`) },
      ],
      series: [
        { label: 't' },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: seriesColours[(s.colour ?? i) % seriesColours.length] as string,
          width: 1.6,
          points: { show: false },
          spanGaps: true,
          ...(s.dash ? { dash: [5, 4] } : {}),
        })),
      ],
      hooks: {
        draw: [
          (u) => {
            const x = u.valToPos(timeRef.current, 'x', true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = accent;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
    const data = [Array.from(t), ...series.map((s) => Array.from(s.values))] as uPlot.AlignedData;
    const chart = new uPlot(options, data, element);
    plot.current = chart;
    const onClick = (): void => {
      const left = chart.cursor.left;
      if (left !== undefined && left >= 0) scrubRef.current(chart.posToVal(left, 'x'));
    };
    chart.over.addEventListener('click', onClick);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [t, series, height, theme]);

  useEffect(() => {
    timeRef.current = time;
    plot.current?.redraw(false);
  }, [time]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-host" />
    </figure>
  );
}
