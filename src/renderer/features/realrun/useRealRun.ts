import { useCallback, useEffect, useRef, useState } from 'react';
import type { RealRunEvent, RealRunReport, RunSeries } from '../../../api/realRunApi';
import type { Subscription } from '../../transport/protocolClient';
import { useStrata } from '../../store/store';

/** What a real run shows while it goes and once it is over. */
export type RealRunState =
  | { status: 'starting' }
  | {
      status: 'running';
      phase: string;
      /** The latest line per guest while they boot, and the phase's own line. */
      lines: string[];
      plan?: Extract<RealRunEvent, { type: 'plan' }>;
      measured: RunSeries;
      log: Array<{ t: number; message: string }>;
    }
  | { status: 'done'; report: RealRunReport }
  | { status: 'failed'; message: string; plan?: Extract<RealRunEvent, { type: 'plan' }> };

const empty = (): RunSeries => ({ t: [], nodes: {}, apps: {} });

/**
 * Starts a real run of `text` (each new `runKey` starts another), follows its events, and
 * stops it when the component goes away or `stop()` is called: no guest outlives the view.
 */
export function useRealRun(text: string, runKey: number): { state: RealRunState; stop(): void } {
  const api = useStrata((s) => s.api);
  const [state, setState] = useState<RealRunState>({ status: 'starting' });
  const runId = useRef<string | null>(null);

  useEffect(() => {
    if (!api) return;
    let sub: Subscription | undefined;
    let gone = false;
    let current: Extract<RealRunState, { status: 'running' }> = { status: 'running', phase: 'planning', lines: [], measured: empty(), log: [] };
    setState({ status: 'starting' });
    const onEvent = (e: RealRunEvent): void => {
      switch (e.type) {
        case 'plan':
          current = { ...current, plan: e };
          break;
        case 'phase': {
          const guest = /^(\S+) on \S+:/.exec(e.message)?.[1];
          const lines =
            e.phase === 'booting' && guest
              ? [...current.lines.filter((l) => !l.startsWith(`${guest} on `)), e.message]
              : e.phase === current.phase
                ? [...current.lines, e.message]
                : [e.message];
          current = { ...current, phase: e.phase, lines };
          break;
        }
        case 'sample': {
          const m = current.measured;
          const measured: RunSeries = {
            t: [...m.t, e.t],
            nodes: Object.fromEntries(Object.entries(e.nodes).map(([id, v]) => [id, { cpuUtil: [...(m.nodes[id]?.cpuUtil ?? []), v] }])),
            apps: Object.fromEntries(Object.entries(e.apps).map(([id, v]) => [id, { progress: [...(m.apps[id]?.progress ?? []), v] }])),
          };
          current = { ...current, measured };
          break;
        }
        case 'log':
          current = { ...current, log: [...current.log, { t: e.t, message: e.message }] };
          break;
        case 'done':
          runId.current = null;
          setState({ status: 'done', report: e.report });
          return;
        case 'failed':
          runId.current = null;
          setState({ status: 'failed', message: e.message, plan: current.plan });
          return;
      }
      setState(current);
    };
    api.call('realrun.start', { text }).then(
      ({ runId: id }) => {
        if (gone) {
          void api.call('realrun.stop', { runId: id }).catch(() => undefined);
          return;
        }
        runId.current = id;
        sub = api.subscribe('realrun.events', { runId: id }, { data: onEvent });
      },
      (err: Error) => !gone && setState({ status: 'failed', message: err.message }),
    );
    return () => {
      gone = true;
      sub?.close();
      if (runId.current) void api.call('realrun.stop', { runId: runId.current }).catch(() => undefined);
      runId.current = null;
    };
  }, [api, text, runKey]);

  const stop = useCallback(() => {
    if (api && runId.current) void api.call('realrun.stop', { runId: runId.current }).catch(() => undefined);
  }, [api]);

  return { state, stop };
}
