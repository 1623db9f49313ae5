import { BOOT_PHASE_TEXT, type VmInfo } from '../../../api/vmApi';
import { useStrata } from '../../store/store';

/** VMs grouped by the node (QEMU host process group) they run on, as `strata deploy` spreads them. */
export function MachineList() {
  const vms = useStrata((s) => s.vms);
  const selected = useStrata((s) => s.selectedVm);
  const selectVm = useStrata((s) => s.selectVm);
  const boot = useStrata((s) => s.bootProgress);
  const byNode = new Map<string, VmInfo[]>();
  for (const vm of vms) byNode.set(vm.node, [...(byNode.get(vm.node) ?? []), vm]);
  if (vms.length === 0) return <p className="machine-empty">No VM is running. Boot one, or deploy a small cluster on a virtual LAN.</p>;
  return (
    <div className="machine-list" data-testid="machine-list">
      {[...byNode.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
        .map(([node, list]) => (
          <section key={node} className="machine-node">
            <h3>
              <span className="node-chip" /> {node}
            </h3>
            {list.map((vm) => (
              <button key={vm.id} type="button" className={`machine-item${selected === vm.id ? ' selected' : ''}`} onClick={() => selectVm(vm.id)}>
                <span className={`state-dot ${vm.state}`} title={vm.state} />
                <span className="machine-name">{vm.id}</span>
                <span className="machine-meta">
                  {vm.state === 'booting' && boot[vm.id] ? `booting · ${BOOT_PHASE_TEXT[boot[vm.id]!.phase]}` : vm.state}
                  {vm.ip ? ` · ${vm.ip}` : ''}
                </span>
              </button>
            ))}
          </section>
        ))}
    </div>
  );
}
