import type { LiveLayerState } from '../model/stackToFlow';
import type { SimResult } from '../../../../core/sim';

/** The index of the last sample at or before `t` (0 when `t` is before the first). */
export function sampleIndex(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((times[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * What the canvas shows of a run at simulated time `t`: each node's CPU use and each
 * app's progress from the series, and the state the scenario's events left each layer in.
 */
export function liveStateAt(result: SimResult, t: number): Map<string, LiveLayerState> {
  const live = new Map<string, LiveLayerState>();
  const series = result.series;
  if (series && series.t.length > 0) {
    const i = sampleIndex(series.t, t);
    for (const [id, s] of Object.entries(series.nodes)) live.set(id, { cpuUtil: s.cpuUtil[i] ?? 0 });
    for (const [id, s] of Object.entries(series.apps)) live.set(id, { progress: s.progress[i] ?? 0 });
  }
  for (const event of result.events) {
    if (event.t > t || event.target === undefined) continue;
    const status = eventStatus[event.type];
    if (status === undefined) continue;
    const current = live.get(event.target) ?? {};
    if (status === null) {
      const { status: _gone, ...rest } = current;
      live.set(event.target, rest);
    } else {
      live.set(event.target, { ...current, status });
    }
  }
  return live;
}

/** How each event type changes a layer's shown state; null clears it. */
const eventStatus: Record<string, LiveLayerState['status'] | null> = {
  'node-fail': 'failed',
  'node-remove': 'failed',
  'app-killed': 'killed',
  'app-finish': 'finished',
  suspend: 'suspended',
  resume: null,
  restart: null,
};
