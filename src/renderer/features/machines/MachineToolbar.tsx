import { useState } from 'react';
import type { Snapshot, VmInfo } from '../../../api/vmApi';
import { useStrata } from '../../store/store';

/** What one can do to the selected VM: pause, snapshot, migrate, stop. */
export function MachineToolbar({ vm }: { vm: VmInfo }) {
  const api = useStrata((s) => s.api);
  const vms = useStrata((s) => s.vms);
  const busy = useStrata((s) => s.busy[vm.id]);
  const vmAction = useStrata((s) => s.vmAction);
  const saveSnapshot = useStrata((s) => s.saveSnapshot);
  const loadSnapshot = useStrata((s) => s.loadSnapshot);
  const migrateVm = useStrata((s) => s.migrateVm);
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const live = vm.state === 'running' || vm.state === 'paused';
  const nodes = [...new Set(vms.map((v) => v.node))].sort();
  const otherNodes = nodes.filter((n) => n !== vm.node);
  const freshNode = `node${nodes.length + 1}`;
  const targets = otherNodes.includes(freshNode) ? otherNodes : [...otherNodes, freshNode];

  const refreshSnapshots = async (): Promise<void> => {
    if (api) setSnapshots(await api.call('vm.snapshot.list', { id: vm.id }).catch(() => []));
  };

  return (
    <div className="machine-toolbar" role="toolbar" aria-label={`Actions on ${vm.id}`}>
      {vm.state === 'paused' ? (
        <button type="button" disabled={!!busy} onClick={() => void vmAction(vm.id, 'resume')}>
          Resume
        </button>
      ) : (
        <button type="button" disabled={!!busy || vm.state !== 'running'} onClick={() => void vmAction(vm.id, 'pause')}>
          Pause
        </button>
      )}
      <button
        type="button"
        disabled={!!busy || !live}
        onClick={() => {
          const name = `snap${new Date().toTimeString().slice(0, 8).replace(/:/g, '')}`;
          void saveSnapshot(vm.id, name).then(refreshSnapshots);
        }}
      >
        Snapshot
      </button>
      <select
        aria-label="Restore a snapshot"
        value=""
        disabled={!!busy || !live}
        onFocus={() => void refreshSnapshots()}
        onMouseDown={() => void refreshSnapshots()}
        onChange={(e) => e.target.value && void loadSnapshot(vm.id, e.target.value)}
      >
        <option value="">Restore…</option>
        {(snapshots ?? []).map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      <select aria-label="Live-migrate to a node" value="" disabled={!!busy || vm.state !== 'running'} onChange={(e) => e.target.value && void migrateVm(vm.id, e.target.value)}>
        <option value="">Migrate to…</option>
        {targets.map((n) => (
          <option key={n} value={n}>
            {n}
            {otherNodes.includes(n) ? '' : ' (new)'}
          </option>
        ))}
      </select>
      <span className="toolbar-spacer" />
      {busy && <span className="busy-label">{busy}…</span>}
      <button type="button" disabled={!!busy || vm.state === 'stopping'} onClick={() => void vmAction(vm.id, 'stop')}>
        Shut down
      </button>
      <button type="button" className="danger" disabled={vm.state === 'stopped'} onClick={() => void vmAction(vm.id, 'kill')}>
        Kill
      </button>
    </div>
  );
}
