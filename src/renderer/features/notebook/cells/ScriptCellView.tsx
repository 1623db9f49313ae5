import { useCallback, useRef, useState } from 'react';
import type { ScriptCell } from '../../../../core/lesson';
import { SCRIPT_API_HELP, SCRIPT_TIME_LIMIT_MS } from '../../script/scriptApi';
import { runScriptInWorker, type ScriptRun } from '../../script/scriptRunner';
import { CodeEditor } from '../editor/CodeEditor';
import { useCellRunner } from '../useCellRunner';
import { useNotebook } from '../useNotebook';
import { cellSource, withCellReset, withOutput, withSource } from '../work/lessonWork';
import { CellFrame } from './CellFrame';

const STATUS_TEXT: Record<ScriptRun['status'], { tone: 'ok' | 'error' | 'warning'; text: string }> = {
  ok: { tone: 'ok', text: 'done' },
  error: { tone: 'error', text: 'failed' },
  timeout: { tone: 'error', text: 'time limit' },
  'output-limit': { tone: 'warning', text: 'output limit' },
};

/**
 * JavaScript the student edits and runs in a worker of its own, with the simulator's API
 * and nothing else: no DOM, no network, a time limit and an output limit.
 */
export function ScriptCellView({ cell }: { cell: ScriptCell }) {
  const { work, update, lesson } = useNotebook();
  const source = cellSource(work, cell);
  const stackCell = lesson.cells.find((c) => c.kind === 'stack' && c.id === cell.for);
  const stackText = stackCell ? cellSource(work, stackCell) : null;
  const [live, setLive] = useState<ScriptRun['logs'] | null>(null);
  const abort = useRef<AbortController | null>(null);
  const output = work.outputs[cell.id];

  const run = useCallback(async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const lines: ScriptRun['logs'] = [];
    setLive([]);
    const result = await runScriptInWorker(source, stackText, {
      timeLimitMs: SCRIPT_TIME_LIMIT_MS,
      signal: controller.signal,
      onLog: (line) => {
        lines.push(line);
        setLive([...lines]);
      },
    });
    if (abort.current === controller) abort.current = null;
    setLive(null);
    update((w) =>
      withOutput(w, cell.id, { kind: 'script-run', at: new Date().toISOString(), source, status: result.status, logs: result.logs, wallMs: result.wallMs }),
    );
  }, [source, stackText, update, cell.id]);
  useCellRunner(cell.id, run);

  const running = live !== null;
  const logs = live ?? (output?.kind === 'script-run' ? output.logs : null);
  const edited = work.sources[cell.id] !== undefined;
  return (
    <CellFrame
      cellId={cell.id}
      kind="script"
      subtitle={
        cell.for ? (
          <>
            with <a href={`#cell-${cell.for}`}>{cell.for}</a>
          </>
        ) : undefined
      }
      status={running ? { tone: 'running', text: 'running' } : output?.kind === 'script-run' ? STATUS_TEXT[output.status] : undefined}
      running={running}
      onRun={() => void run()}
      onReset={edited || output ? () => update((w) => withCellReset(w, lesson, cell.id)) : undefined}
      actions={
        running ? (
          <button type="button" className="cell-button" onClick={() => abort.current?.abort()}>
            ■ Stop
          </button>
        ) : undefined
      }
    >
      <CodeEditor
        value={source}
        language="javascript"
        ariaLabel={`Script ${cell.id}`}
        onChange={(text) => update((w) => withSource(w, cell.id, cell.source, text))}
      />
      <p className="script-help">{SCRIPT_API_HELP}</p>
      {logs && (
        <div className={`cell-output script-output${output?.kind === 'script-run' && output.source !== source && !running ? ' stale' : ''}`}>
          {logs.length === 0 && running && <div className="script-line muted">Running…</div>}
          {logs.map((line, i) => (
            <pre key={i} className={`script-line level-${line.level}`}>
              {line.level === 'result' ? '⇒ ' : ''}
              {line.text}
            </pre>
          ))}
        </div>
      )}
    </CellFrame>
  );
}
