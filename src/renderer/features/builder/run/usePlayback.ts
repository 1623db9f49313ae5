import { useEffect, useMemo, useState } from 'react';
import { parseStack } from '../../../../core/stack';
import { useStrata } from '../../../store/store';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';

/** A whole run replays in this many real milliseconds, whatever its simulated length. */
const REPLAY_MS = 8000;

/**
 * Replays a finished run on the canvas by moving the scrubbed time from where it is to the
 * end; starts by itself when a run finishes, so the student watches the stack work. A
 * `rewind-point` step of the scenario takes a seminar checkpoint as the replay passes it.
 */
export function usePlayback(): { playing: boolean; toggle(): void } {
  const store = useBuilderStore();
  const run = useBuilder((s) => s.builderRun);
  const [playing, setPlaying] = useState(false);
  const duration = run.status === 'done' ? run.durationS : 0;
  const ranText = run.status === 'done' ? run.ranText : '';
  const rewindPoints = useMemo(() => (parseStack(ranText).stack?.scenario ?? []).flatMap((step) => (step.do === 'rewind-point' ? [step] : [])), [ranText]);

  useEffect(() => setPlaying(run.status === 'done' && !run.rewound), [run]);

  useEffect(() => {
    if (!playing || duration <= 0) return;
    let frame = 0;
    let last = performance.now();
    const step = (now: number): void => {
      const s = store.getState();
      let next = Math.min(duration, s.builderTime + ((now - last) / REPLAY_MS) * duration);
      last = now;
      const passed = rewindPoints.find((p) => s.builderTime < p.at && p.at <= next);
      // The checkpoint keeps the clock at the step's own time.
      if (passed) next = passed.at;
      s.builderSetTime(next);
      if (passed) void useStrata.getState().takeCheckpoint(passed.name);
      if (next >= duration) setPlaying(false);
      else frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, duration, rewindPoints, store]);

  return {
    playing,
    toggle: () => {
      if (!playing && store.getState().builderTime >= duration) store.getState().builderSetTime(0);
      setPlaying(!playing);
    },
  };
}
