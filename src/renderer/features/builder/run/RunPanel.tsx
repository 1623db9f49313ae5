import { useCallback } from 'react';
import { useBuilder } from '../state/useBuilder';
import { useBuilderStore } from '../state/useBuilderStore';
import { RunResults } from './RunResults';
import { usePlayback } from './usePlayback';

/**
 * Below the canvas while a run exists: its progress, then a timeline to scrub or replay
 * (the canvas follows), the plots and the outcome of each app; two result columns when
 * comparing two stacks.
 */
export function RunPanel() {
  const store = useBuilderStore();
  const run = useBuilder((s) => s.builderRun);
  const time = useBuilder((s) => s.builderTime);
  const text = useBuilder((s) => s.builderDoc.text);
  const playback = usePlayback();
  const scrub = useCallback((t: number) => store.getState().builderSetTime(Math.max(0, t)), [store]);
  if (run.status === 'idle') return null;
  const close = (
    <button type="button" className="icon-button" aria-label="Close the run" onClick={() => store.getState().builderSetRun({ status: 'idle' })}>
      ✕
    </button>
  );
  if (run.status === 'running') {
    return (
      <section className="run-panel" aria-label="Run">
        <div className="run-header">
          <span>Simulating… t = {run.simTimeS.toFixed(0)} s</span>
          <progress max={1} value={run.progress} />
          <span className="muted">{Math.round(run.progress * 100)}%</span>
        </div>
      </section>
    );
  }
  if (run.status === 'failed') {
    return (
      <section className="run-panel" aria-label="Run">
        <div className="run-header">
          <span className="error-text">The run failed: {run.error}</span>
          <span className="toolbar-spacer" />
          {close}
        </div>
      </section>
    );
  }
  const compare = run.compare;
  return (
    <section className="run-panel" aria-label="Run" data-testid="run-panel">
      <div className="run-header">
        <button type="button" className="play" onClick={playback.toggle} aria-label={playback.playing ? 'Pause' : 'Replay'}>
          {playback.playing ? '❚❚' : '▶'}
        </button>
        <input
          type="range"
          className="timeline"
          aria-label="Simulated time"
          min={0}
          max={run.durationS}
          step={run.durationS / 1000 || 1}
          value={Math.min(time, run.durationS)}
          onChange={(e) => scrub(Number(e.target.value))}
        />
        <span className="run-time">
          t = {time.toFixed(0)} s <span className="muted">/ {run.durationS.toFixed(0)} s</span>
        </span>
        <span className="run-figures muted" data-testid="run-figures">
          {run.figures === 'host' ? "with this machine's figures" : "with the literature's figures (2007 hardware)"}
        </span>
        {close}
      </div>
      {run.ranText !== text && (
        <span className="out-of-date" role="status" title="The stack changed since this run: these results are for the stack as it was">
          Out of date — run again
        </span>
      )}
      <div className={`run-columns${compare ? ' two' : ''}${run.ranText !== text ? ' stale' : ''}`}>
        <RunResults {...(compare ? { title: 'This stack' } : {})} result={run.result} time={time} onScrub={scrub} chartHeight={compare ? 110 : 140} />
        {compare && <RunResults title={compare.name} result={compare.result} time={time} onScrub={scrub} chartHeight={110} />}
      </div>
    </section>
  );
}
