import { useCallback, useEffect, useState } from 'react';
import type { GuestProcess, ProcessCheckpoint, ProcessMigrationResult, VmInfo } from '../../../api/vmApi';
import { decodeClusterPid } from '../../../core/ssi/clusterPid';
import { UI } from '../../../core/ui/uiLabels';
import { useStrata } from '../../store/store';
import { MenuButton } from './MenuButton';

/** How often the list is read again while nothing else talks to the guest's exec channel. */
const REFRESH_MS = 2000;

/**
 * The processes of a guest with the criu pack (or of every such guest on its LAN), each
 * with its cluster-wide PID, and what CRIU can do to them: migrate one to another guest
 * of the LAN, checkpoint it, restart it later.
 */
export function ProcessPanel({ vm }: { vm: VmInfo }) {
  const api = useStrata((s) => s.api);
  const vms = useStrata((s) => s.vms);
  const [clusterWide, setClusterWide] = useState(false);
  const [processes, setProcesses] = useState<GuestProcess[] | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moved, setMoved] = useState<ProcessMigrationResult | null>(null);
  const [saved, setSaved] = useState<ProcessCheckpoint[]>([]);
  const running = vm.state === 'running';

  const refresh = useCallback(async (): Promise<void> => {
    if (!api || !running) return;
    try {
      setProcesses(clusterWide && vm.lan ? await api.call('cluster.processes', { lan: vm.lan }) : await api.call('vm.processes', { id: vm.id }));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api, running, clusterWide, vm.id, vm.lan]);

  // The list follows the guest, as top does: a counter's progress moves without a click.
  useEffect(() => {
    if (busy) return;
    let inFlight = false;
    const tick = async (): Promise<void> => {
      if (inFlight) return;
      inFlight = true;
      await refresh();
      inFlight = false;
    };
    void tick();
    const timer = setInterval(() => void tick(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, busy]);

  const act = async (what: string, work: () => Promise<void>): Promise<void> => {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
      await refresh();
    }
  };

  const chosen = processes?.find((p) => p.cpid === picked) ?? null;
  const peers = vms.filter((v) => v.id !== chosen?.vm && v.lan === vm.lan && v.state === 'running' && v.extras?.includes('criu'));

  return (
    <section className="process-panel" aria-label={`${UI.machines.processes} of ${vm.id}`}>
      <div className="process-toolbar">
        <h3>{UI.machines.processes}</h3>
        <label className="checkbox" title="Every process of every guest with CRIU on this LAN, in one list">
          <input type="checkbox" checked={clusterWide} onChange={(e) => setClusterWide(e.target.checked)} /> {UI.machines.clusterWide}
        </label>
        <button type="button" disabled={!running || !!busy} onClick={() => void refresh()}>
          {UI.machines.refresh}
        </button>
        <button
          type="button"
          disabled={!running || !!busy}
          title="A counter that adds one a second, as PID 1 of a PID namespace of its own"
          onClick={() => void act('Starting a counter', async () => setPicked((await api!.call('vm.process.start', { id: vm.id, workload: 'counter' })).cpid))}
        >
          {UI.machines.startCounter}
        </button>
        <button
          type="button"
          disabled={!running || !!busy}
          title="A CPU-bound loop that counts its rounds"
          onClick={() => void act('Starting a CPU loop', async () => setPicked((await api!.call('vm.process.start', { id: vm.id, workload: 'cpuloop' })).cpid))}
        >
          {UI.machines.startCpuLoop}
        </button>
        <span className="toolbar-spacer" />
        <MenuButton
          label={UI.machines.migrateProcess}
          title={chosen ? `Checkpoint process ${chosen.pid} with CRIU in ${chosen.vm} and restore it in another guest` : 'Pick a process in the list first'}
          menuLabel="Migrate the process to"
          disabled={!chosen || !!busy || peers.length === 0}
          note={
            chosen && (
              <>
                cluster PID {chosen.cpid} runs in <strong>{chosen.vm}</strong>
              </>
            )
          }
          items={peers.map((p) => ({
            key: p.id,
            label: `${p.id} (${p.ip ?? 'no address'})`,
            onSelect: () =>
              void act(`Migrating to ${p.id}`, async () => setMoved(await api!.call('vm.process.migrate', { id: chosen!.vm, pid: chosen!.pid, to: p.id }))),
          }))}
        />
        <button
          type="button"
          disabled={!chosen || !!busy}
          title="CRIU saves the process in its guest and stops it; Restart brings it back"
          onClick={() =>
            void act('Checkpointing', async () => {
              const point = await api!.call('vm.process.checkpoint', { id: chosen!.vm, pid: chosen!.pid });
              setSaved((s) => [...s.filter((c) => c.cpid !== point.cpid), point]);
            })
          }
        >
          {UI.machines.checkpointProcess}
        </button>
      </div>
      {busy && (
        <p className="busy-label" role="status">
          {busy}…
        </p>
      )}
      {error && (
        <p className="process-error" role="alert">
          {error}
        </p>
      )}
      {moved && (
        <p className="migration-result" data-testid="process-migration-result">
          Cluster PID {moved.pid} moved {moved.from} → {moved.to}: counted {moved.before} before, {moved.after} after (
          {moved.continuity ? 'it went on' : 'it did NOT go on'}); {(moved.imageBytes / 1024).toFixed(1)} KiB of images, stood still {moved.freezeMs} ms,{' '}
          {moved.totalMs} ms in all
        </p>
      )}
      {saved.length > 0 && (
        <ul className="checkpoints" aria-label="Checkpoints">
          {saved.map((c) => (
            <li key={c.cpid}>
              Checkpoint of cluster PID {c.cpid} in {c.vm} ({(c.imageBytes / 1024).toFixed(1)} KiB){' '}
              <button
                type="button"
                disabled={!!busy}
                onClick={() =>
                  void act('Restarting', async () => {
                    setPicked((await api!.call('vm.process.restart', { id: c.vm, cpid: c.cpid })).cpid);
                    setSaved((s) => s.filter((x) => x.cpid !== c.cpid));
                  })
                }
              >
                {UI.machines.restartProcess}
              </button>
            </li>
          ))}
        </ul>
      )}
      {processes && (
        <table className="process-table">
          <thead>
            <tr>
              <th>Cluster PID</th>
              <th>Created on</th>
              <th>Guest</th>
              <th>PID</th>
              <th>Progress</th>
              <th>Command</th>
            </tr>
          </thead>
          <tbody>
            {processes.map((p) => (
              <tr key={p.cpid} className={p.cpid === picked ? 'picked' : ''} aria-selected={p.cpid === picked} onClick={() => setPicked(p.cpid)}>
                <td>
                  <label>
                    <input
                      type="radio"
                      name={`process-${vm.id}`}
                      checked={p.cpid === picked}
                      onChange={() => setPicked(p.cpid)}
                      aria-label={`process ${p.pid} in ${p.vm}`}
                    />{' '}
                    {p.cpid}
                  </label>
                </td>
                <td>node {decodeClusterPid(p.cpid)?.node ?? '?'}</td>
                <td>{p.vm}</td>
                <td>{p.pid}</td>
                <td>{p.progress ?? ''}</td>
                <td className="process-command">{p.command}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
