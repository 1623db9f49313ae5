import { useCallback, useEffect, useRef, useState } from 'react';
import type { GuestPackName } from '../../../../api/vmApi';
import { type VmCell, vmCellMemoryMiB } from '../../../../core/lesson';
import { outputMatches } from '../../../../core/exercise';
import { useStrata } from '../../../store/store';
import { VmTerminal } from '../../terminal/VmTerminal';
import { useNotebook } from '../useNotebook';
import { consoleText, transcriptTail, vmIdForCell } from '../vm/vmConsole';
import { withCellReset, withOutput } from '../work/lessonWork';
import { CellFrame } from './CellFrame';
import { InvalidCellBody } from './InvalidCellBody';
import { UI } from '../../../../core/ui/uiLabels';

type StepStatus = 'pending' | 'sent' | 'pass' | 'fail';

/** How long a step may take to print what it expects (TCG guests are slow), unless the step says. */
const STEP_TIMEOUT_MS = 20_000;
/** Console text kept in the saved output. */
const TRANSCRIPT_CHARS = 8_000;

/**
 * A real QEMU guest in the lesson: Boot starts it through the VM API, the terminal shows
 * its console, and each "type this" step is one click that types the line and
 * watches the console for what the step expects. Exercise checks look into the guest
 * through its private channel, so they never show in the terminal.
 */
export function VmCellView({ cell }: { cell: VmCell }) {
  const { slug, work, update, lesson, runners } = useNotebook();
  const api = useStrata((s) => s.api);
  const vmId = vmIdForCell(slug, cell.id);
  // starting: vm.create in flight (it may build the guest image first); booting: QEMU runs, the shell is not up yet.
  const [state, setState] = useState<'unknown' | 'off' | 'starting' | 'booting' | 'on' | 'failed'>('unknown');
  const [error, setError] = useState<string | null>(null);
  const saved = work.outputs[cell.id];
  const steps = cell.spec?.steps ?? [];
  const [statuses, setStatuses] = useState<StepStatus[]>(() => (saved?.kind === 'vm-run' ? (saved.steps as StepStatus[]) : steps.map(() => 'pending')));
  const typeRef = useRef<((text: string) => void) | null>(null);
  const transcript = useRef('');
  /** Characters ever added to the transcript, so a watch finds its start after the head was trimmed. */
  const written = useRef(0);
  const watchers = useRef(new Set<(text: string) => void>());

  // A VM of this cell may still run from before a reload: attach to it instead of booting another.
  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    api.call('vm.list', {}).then(
      (vms) => {
        if (cancelled) return;
        const vm = vms.find((v) => v.id === vmId);
        setState(!vm || vm.state === 'stopped' || vm.state === 'crashed' ? 'off' : vm.state === 'booting' ? 'booting' : 'on');
      },
      () => !cancelled && setState('off'),
    );
    return () => {
      cancelled = true;
    };
  }, [api, vmId]);

  // Follow the guest: ready when its shell is up; off when it stops or crashes (with the reason).
  const alive = state === 'starting' || state === 'booting' || state === 'on';
  useEffect(() => {
    if (!api || !alive) return;
    const sub = api.subscribe(
      'vm.events',
      { id: vmId },
      {
        data: (ev) => {
          if (ev.type === 'boot' && ev.id === vmId && ev.phase === 'ready') setState('on');
          else if (ev.type === 'vm' && ev.vm.id === vmId) {
            if (ev.vm.state === 'running') setState('on');
            else if (ev.vm.state === 'crashed' || ev.vm.state === 'stopped') {
              if (ev.vm.reason) setError(ev.vm.reason);
              setState(ev.vm.state === 'crashed' ? 'failed' : 'off');
            }
          } else if (ev.type === 'removed' && ev.id === vmId) setState('off');
          // Gone while the connection was down; while vm.create is in flight it is not there yet.
          else if (ev.type === 'listed' && !ev.ids.includes(vmId)) setState((s) => (s === 'starting' ? s : 'off'));
        },
      },
    );
    return () => sub.close();
  }, [api, vmId, alive]);

  const save = useCallback(
    (next: StepStatus[]) =>
      update((w) =>
        withOutput(w, cell.id, { kind: 'vm-run', at: new Date().toISOString(), steps: next, transcript: transcriptTail(transcript.current, TRANSCRIPT_CHARS) }),
      ),
    [update, cell.id],
  );

  const boot = async (): Promise<void> => {
    if (!api || !cell.spec) return;
    setState('starting');
    setError(null);
    try {
      const hidesVirt = /-(svm|vmx)\b/.test(cell.spec.cpu ?? '');
      const extras: GuestPackName[] = [...(cell.spec.nested ? (['nested'] as const) : []), ...(cell.spec.criu ? (['criu'] as const) : [])];
      const vm = await api.call('vm.create', {
        id: vmId,
        memoryMiB: vmCellMemoryMiB(cell.spec),
        noVirtExtensions: hidesVirt,
        // Its own name in the prompt and in the LAN's peer list: a lesson's steps can name the other guest (ssi-peer NAME).
        hostname: vmId,
        ...(extras.length && { extras }),
      });
      setState((s) => (s === 'on' ? s : vm.state === 'running' ? 'on' : 'booting'));
    } catch (err) {
      setError((err as Error).message);
      setState('failed');
    }
  };

  const stop = async (): Promise<void> => {
    if (!api) return;
    save(statuses);
    await api.call('vm.stop', { id: vmId }).catch((err: Error) => setError(err.message));
    setState('off');
  };

  const onOutput = useCallback((text: string) => {
    const added = consoleText(text);
    written.current += added.length;
    transcript.current = transcriptTail(transcript.current + added, 64_000);
    for (const watch of watchers.current) watch(transcript.current);
  }, []);

  /** Calls `check` with the console text printed since now, until it returns true or time runs out. */
  const watchFrom = (check: (since: string) => boolean, timeoutMs: number): Promise<boolean> => {
    const start = written.current;
    return new Promise((resolve) => {
      const watch = (text: string): void => {
        // Only what the guest printed since the watch began: the transcript's head may have been trimmed since.
        const since = text.slice(Math.max(0, text.length - (written.current - start)));
        if (check(since)) done(true);
      };
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        watchers.current.delete(watch);
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      watchers.current.add(watch);
    });
  };

  const sendStep = async (index: number): Promise<void> => {
    const step = steps[index];
    const type = typeRef.current;
    if (!step || !type) return;
    const setStatus = (s: StepStatus): StepStatus[] => {
      let next: StepStatus[] = [];
      setStatuses((prev) => (next = prev.map((p, i) => (i === index ? s : p))));
      return next;
    };
    setStatus('sent');
    const passed = step.expect
      ? watchFrom((since) => outputMatches(since.slice(since.indexOf('\n') + 1), step.expect!) === true, step.timeoutS ? step.timeoutS * 1000 : STEP_TIMEOUT_MS)
      : Promise.resolve(true);
    type(`${step.type}\r`);
    save(setStatus((await passed) ? 'pass' : 'fail'));
  };

  // Exercise checks look into the guest over its private channel (vm.exec), never through the student's terminal.
  useEffect(() => {
    if (state !== 'on' || !api) return;
    return runners.registerVm(cell.id, ({ command, timeoutMs }) => api.call('vm.exec', { id: vmId, command, timeoutMs }));
  }, [state, api, runners, cell.id, vmId]);

  if (!cell.spec) return <InvalidCellBody cell={cell} />;
  const passedCount = statuses.filter((s) => s === 'pass').length;

  return (
    <CellFrame
      cellId={cell.id}
      kind="vm"
      subtitle={[
        `real QEMU guest · ${vmCellMemoryMiB(cell.spec)} MiB`,
        cell.spec.cpu && `-cpu ${cell.spec.cpu}`,
        cell.spec.nested && 'can run a hypervisor (QEMU, KVM inside)',
        cell.spec.criu && 'with CRIU',
      ]
        .filter(Boolean)
        .join(' · ')}
      status={
        state === 'on'
          ? { tone: 'ok', text: steps.length ? `running · ${passedCount}/${steps.length} steps` : 'running' }
          : state === 'starting' || state === 'booting'
            ? { tone: 'running', text: state === 'starting' ? 'starting…' : 'booting…' }
            : state === 'failed'
              ? { tone: 'error', text: 'could not boot' }
              : steps.length && passedCount
                ? { tone: 'idle', text: `${passedCount}/${steps.length} steps done` }
                : undefined
      }
      running={state === 'starting' || state === 'booting'}
      onRun={state === 'on' || state === 'booting' ? undefined : () => void boot()}
      runLabel={UI.cell.boot}
      onReset={
        saved
          ? () => {
              setStatuses(steps.map(() => 'pending'));
              update((w) => withCellReset(w, lesson, cell.id));
            }
          : undefined
      }
      actions={
        state === 'on' || state === 'booting' ? (
          <button type="button" className="cell-button" onClick={() => void stop()}>
            ■ {UI.cell.stop}
          </button>
        ) : undefined
      }
    >
      {steps.length > 0 && (
        <ol className="vm-steps">
          {steps.map((step, i) => (
            <li key={i} className={`vm-step status-${statuses[i] ?? 'pending'}`}>
              <button
                type="button"
                className="vm-step-type"
                disabled={state !== 'on'}
                onClick={() => void sendStep(i)}
                title={state === 'on' ? 'Type this into the guest' : 'Boot the VM first'}
              >
                <span className="vm-step-prompt">$</span> <code>{step.type}</code>
              </button>
              {step.expect && (
                <span className="vm-step-expect">
                  expects <code>{step.expect}</code>
                </span>
              )}
              <span className="vm-step-status">{{ pending: '', sent: 'waiting…', pass: '✓', fail: '✗ not seen' }[statuses[i] ?? 'pending']}</span>
            </li>
          ))}
        </ol>
      )}
      {error && <p className="output-error">{error}</p>}
      {(state === 'on' || state === 'booting') && (
        <VmTerminal
          vmId={vmId}
          rows={14}
          onOutput={onOutput}
          onReady={(type) => {
            typeRef.current = type;
          }}
        />
      )}
      {state !== 'on' && state !== 'booting' && saved?.kind === 'vm-run' && saved.transcript && (
        <div className="cell-output">
          <div className="output-meta">Console when you last used this VM ({new Date(saved.at).toLocaleString()})</div>
          <pre className="vm-transcript">{saved.transcript}</pre>
        </div>
      )}
      {state === 'off' && !saved && <p className="cell-hint">Boot starts a real virtual machine on this computer (QEMU, about 2 s to a shell without KVM).</p>}
    </CellFrame>
  );
}
