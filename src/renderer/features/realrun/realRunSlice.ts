import type { StateCreator } from 'zustand';
import type { RealRunEvent, RealRunReport, RunSeries } from '../../../api/realRunApi';
import type { Subscription } from '../../transport/protocolClient';
import type { StrataState } from '../../store/store';
import type { Place } from '../shell/place';

type PlanEvent = Extract<RealRunEvent, { type: 'plan' }>;

/** What a real run shows while it goes and once it is over. */
export type RealRunState =
  | { status: 'starting' }
  | {
      status: 'running';
      phase: string;
      /** The latest line per guest while they boot, and the phase's own line. */
      lines: string[];
      plan?: PlanEvent;
      measured: RunSeries;
      log: Array<{ t: number; message: string }>;
    }
  | { status: 'done'; report: RealRunReport }
  | { status: 'failed'; message: string; plan?: PlanEvent };

/** A real run and where it was started from, so the status bar can say it and lead back there. */
export interface RealRun {
  state: RealRunState;
  /** The stack's YAML as it was when the run started. */
  text: string;
  /** Where its panel is: the Builder, or a lesson's stack cell. */
  place: Place;
  /** The lesson's cell it belongs to, when it belongs to one. */
  cell?: string;
  /** Said in the status bar: "Builder", "lesson 10, cell migrate-real". */
  label: string;
}

/**
 * Real runs live here rather than in their panel, so a run goes on while the student is in
 * another view or lesson, the status bar shows its progress, and its panel shows it again
 * on return. One run per owner ('builder', or a lesson cell's `lesson/cell`): starting
 * another for the same owner stops the first. Only Stop, or closing Strata, stops a run.
 */
export interface RealRunSlice {
  realRuns: Readonly<Record<string, RealRun>>;
  startRealRun(owner: string, text: string, where: Pick<RealRun, 'place' | 'cell' | 'label'>): void;
  /** Kills every guest of the owner's run; its panel then shows the report of what ran. */
  stopRealRun(owner: string): void;
  /** Forgets a finished run (its panel closes); a run still going is stopped first. */
  closeRealRun(owner: string): void;
}

/** The owner of a lesson stack cell's real run. */
export const lessonRunOwner = (lesson: string, cell: string): string => `${lesson}/${cell}`;

export const isRealRunGoing = (state: RealRunState): boolean => state.status === 'starting' || state.status === 'running';

/** A real run's state in a few words: its panel's title and the status bar's item (kept here, out of the panel's chunk). */
export function realRunTitle(state: RealRunState): string {
  switch (state.status) {
    case 'starting':
      return 'Run for real: starting…';
    case 'running':
      return (
        {
          planning: 'Planning the real run…',
          booting: 'Booting the guests…',
          starting: 'Starting the apps…',
          running: 'Running for real…',
          stopping: 'Stopping the guests…',
        }[state.phase] ?? 'Running for real…'
      );
    case 'failed':
      return 'The real run did not complete';
    case 'done':
      return `${state.report.stopped ? 'Stopped' : 'Ran for real'} on ${state.report.host.cpus} host CPU${state.report.host.cpus > 1 ? 's' : ''} (${state.report.host.accel.toUpperCase()}), beside its simulation`;
  }
}

const emptySeries = (): RunSeries => ({ t: [], nodes: {}, apps: {} });

/** The state after one event; the subscription of the run is what calls it. */
export function nextRealRunState(state: RealRunState, e: RealRunEvent): RealRunState {
  const current: Extract<RealRunState, { status: 'running' }> =
    state.status === 'running' ? state : { status: 'running', phase: 'planning', lines: [], measured: emptySeries(), log: [] };
  switch (e.type) {
    case 'plan':
      return { ...current, plan: e };
    case 'phase': {
      const guest = /^(\S+) on \S+:/.exec(e.message)?.[1];
      const lines =
        e.phase === 'booting' && guest
          ? [...current.lines.filter((l) => !l.startsWith(`${guest} on `)), e.message]
          : e.phase === current.phase
            ? [...current.lines, e.message]
            : [e.message];
      return { ...current, phase: e.phase, lines };
    }
    case 'sample': {
      const m = current.measured;
      const measured: RunSeries = {
        t: [...m.t, e.t],
        nodes: Object.fromEntries(Object.entries(e.nodes).map(([id, v]) => [id, { cpuUtil: [...(m.nodes[id]?.cpuUtil ?? []), v] }])),
        apps: Object.fromEntries(Object.entries(e.apps).map(([id, v]) => [id, { progress: [...(m.apps[id]?.progress ?? []), v] }])),
      };
      return { ...current, measured };
    }
    case 'log':
      return { ...current, log: [...current.log, { t: e.t, message: e.message }] };
    case 'done':
      return { status: 'done', report: e.report };
    case 'failed':
      return { status: 'failed', message: e.message, plan: current.plan };
  }
}

export const createRealRunSlice: StateCreator<StrataState, [], [], RealRunSlice> = (set, get) => {
  /** The backend's side of each owner's run: its id once started, and the event stream. */
  const live = new Map<string, { runId?: string; sub?: Subscription; stopAsked: boolean }>();

  const update = (owner: string, run: RealRun): void => set((s) => ({ realRuns: { ...s.realRuns, [owner]: run } }));

  function stop(owner: string): void {
    const handle = live.get(owner);
    if (!handle) return;
    handle.stopAsked = true;
    if (handle.runId)
      void get()
        .api?.call('realrun.stop', { runId: handle.runId })
        .catch(() => undefined);
  }

  return {
    realRuns: {},
    startRealRun: (owner, text, where) => {
      const api = get().api;
      if (!api) return;
      stop(owner);
      live.get(owner)?.sub?.close();
      const handle: { runId?: string; sub?: Subscription; stopAsked: boolean } = { stopAsked: false };
      live.set(owner, handle);
      const run: RealRun = { ...where, text, state: { status: 'starting' } };
      set((s) => ({ realRuns: { ...s.realRuns, [owner]: run } }));
      // Events of a run that was replaced or closed meanwhile are dropped.
      const mine = (): boolean => live.get(owner) === handle;
      // The comparison simulation uses the app-wide choice of figures (the builder's switch), as Run does.
      api.call('realrun.start', { text, figures: get().figureSet }).then(
        ({ runId }) => {
          handle.runId = runId;
          if (!mine() || handle.stopAsked) void api.call('realrun.stop', { runId }).catch(() => undefined);
          if (!mine()) return;
          handle.sub = api.subscribe(
            'realrun.events',
            { runId },
            {
              data: (e) => {
                const now = get().realRuns[owner];
                if (!mine() || !now) return;
                const state = nextRealRunState(now.state, e);
                if (!isRealRunGoing(state)) live.delete(owner);
                update(owner, { ...now, state });
              },
            },
          );
        },
        (err: Error) => {
          const now = get().realRuns[owner];
          if (!mine() || !now) return;
          live.delete(owner);
          update(owner, { ...now, state: { status: 'failed', message: err.message } });
        },
      );
    },
    stopRealRun: (owner) => stop(owner),
    closeRealRun: (owner) => {
      stop(owner);
      live.get(owner)?.sub?.close();
      live.delete(owner);
      set((s) => {
        const realRuns = { ...s.realRuns };
        delete realRuns[owner];
        return { realRuns };
      });
    },
  };
};
