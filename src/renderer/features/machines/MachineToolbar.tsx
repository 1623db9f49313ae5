import { useState } from 'react';
import type { Snapshot, VmInfo } from '../../../api/vmApi';
import { useStrata } from '../../store/store';
import { MigrateMenu } from './MigrateMenu';
import { UI } from '../../../core/ui/uiLabels';

/** What one can do to the selected VM: pause, snapshot, migrate, stop. */
export function MachineToolbar({ vm }: { vm: VmInfo }) {
  const api = useStrata((s) => s.api);
  const busy = useStrata((s) => s.busy[vm.id]);
  const vmAction = useStrata((s) => s.vmAction);
  const saveSnapshot = useStrata((s) => s.saveSnapshot);
  const loadSnapshot = useStrata((s) => s.loadSnapshot);
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const live = vm.state === 'running' || vm.state === 'paused';

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
        <option value="">{UI.machines.restore}</option>
        {(snapshots ?? []).map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      <MigrateMenu vm={vm} disabled={!!busy || vm.state !== 'running'} />
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
