import { useEffect, useState } from 'react';
import { useBuilder } from '../useBuilder';
import { useBuilderStore } from '../useBuilderStore';

/** A whole run replays in this many real milliseconds, whatever its simulated length. */
const REPLAY_MS = 8000;

/**
 * Replays a finished run on the canvas by moving the scrubbed time from where it is to the
 * end; starts by itself when a run finishes, so the student watches the stack work.
 */
export function usePlayback(): { playing: boolean; toggle(): void } {
  const store = useBuilderStore();
  const run = useBuilder((s) => s.builderRun);
  const [playing, setPlaying] = useState(false);
  const duration = run.status === 'done' ? run.durationS : 0;

  useEffect(() => setPlaying(run.status === 'done' && !run.rewound), [run]);

  useEffect(() => {
    if (!playing || duration <= 0) return;
    let frame = 0;
    let last = performance.now();
    const step = (now: number): void => {
      const s = store.getState();
      const next = Math.min(duration, s.builderTime + ((now - last) / REPLAY_MS) * duration);
      last = now;
      s.builderSetTime(next);
      if (next >= duration) setPlaying(false);
      else frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, duration, store]);

  return {
    playing,
    toggle: () => {
      if (!playing && store.getState().builderTime >= duration) store.getState().builderSetTime(0);
      setPlaying(!playing);
    },
  };
}
