import type { RunSeries } from '../../../api/realRunApi';

/** One line of an overlaid chart; null where that series has no point at a time. */
export interface OverlaySeries {
  label: string;
  values: Array<number | null>;
  dash: boolean;
  /** The id's colour: its measured and simulated lines share it. */
  colour: number;
}

/**
 * Measured and simulated series on one time axis (the union of both), for a chart that
 * draws each id twice: measured solid, simulated dashed.
 */
export function overlay(measured: RunSeries, simulated: RunSeries, pick: 'nodes' | 'apps'): { t: number[]; series: OverlaySeries[] } {
  const t = [...new Set([...measured.t, ...simulated.t])].sort((a, b) => a - b);
  const at = (times: readonly number[], values: readonly number[]): Array<number | null> => {
    const byTime = new Map(times.map((x, i) => [x, values[i] ?? null]));
    return t.map((x) => byTime.get(x) ?? null);
  };
  const values = (s: RunSeries, id: string): readonly number[] => (pick === 'nodes' ? s.nodes[id]?.cpuUtil : s.apps[id]?.progress) ?? [];
  const ids = [
    ...new Set([...Object.keys(pick === 'nodes' ? measured.nodes : measured.apps), ...Object.keys(pick === 'nodes' ? simulated.nodes : simulated.apps)]),
  ];
  const series: OverlaySeries[] = [];
  for (const [colour, id] of ids.entries()) {
    if (values(measured, id).length) series.push({ label: `${id} measured`, values: at(measured.t, values(measured, id)), dash: false, colour });
    if (values(simulated, id).length) series.push({ label: `${id} simulated`, values: at(simulated.t, values(simulated, id)), dash: true, colour });
  }
  return { t, series };
}
