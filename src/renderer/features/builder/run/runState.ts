import type { FigureSet, SimResult } from '../../../../core/sim';

/** Where the builder's run is. A comparison keeps the other stack's result beside this one's. */
export type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: number; simTimeS: number }
  /** `ranText`: the stack's YAML when it ran, so results of an older stack say they are out of date. */
  /**
   * `seriesStepS`: the option it ran with, kept so a checkpoint can run it again alike;
   * `rewound`: put back by a rewind, so it does not replay by itself; `figures`: the cost
   * figures it ran with (absent: the literature's).
   */
  | {
      status: 'done';
      result: SimResult;
      durationS: number;
      ranText: string;
      seriesStepS?: number;
      rewound?: boolean;
      figures?: FigureSet;
      compare?: ComparedRun;
    }
  | { status: 'failed'; error: string };

/** The second stack of a comparison, run under the same options. */
export interface ComparedRun {
  name: string;
  result: SimResult;
}

/** The last sampled time of a result (0 without series). */
export function resultDuration(result: SimResult): number {
  const t = result.series?.t;
  const fromEvents = result.events.reduce((m, e) => Math.max(m, e.t), 0);
  return Math.max(t && t.length > 0 ? (t[t.length - 1] as number) : 0, fromEvents);
}
