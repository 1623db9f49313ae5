import type { RealFigures, RealRunReport } from '../../../api/realRunApi';
import { fmt } from '../notebook/output/SimulationView';

/** A makespan, or an HTTP app's throughput and p99, as the side-by-side table shows them. */
export function figureText(f: RealFigures): string {
  if (f.makespanS !== undefined) return `${fmt(f.makespanS)} s`;
  if (f.latencyP99Ms !== undefined || f.throughputRps !== undefined)
    return `${f.throughputRps !== undefined ? `${fmt(f.throughputRps)} req/s` : '–'}, p99 ${f.latencyP99Ms !== undefined ? `${fmt(f.latencyP99Ms)} ms` : '–'}`;
  return '–';
}

/** Measured ÷ simulated: the makespan's ratio, or an HTTP app's p99 and throughput ratios, each named. */
export function ratioText(a: RealRunReport['apps'][string]): string {
  const times = (r: number | undefined): string => (r !== undefined ? `${fmt(r)}×` : '–');
  const http = a.throughputRatio !== undefined || a.simulated.throughputRps !== undefined || a.measured.throughputRps !== undefined;
  return http ? `p99 ${times(a.ratio)}, req/s ${times(a.throughputRatio)}` : times(a.ratio);
}
