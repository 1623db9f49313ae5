import { useEffect, useState } from 'react';
import { BOOT_PHASE_TEXT, type VmInfo, type VmMemoryUse } from '../../../api/vmApi';
import { useStrata } from '../../store/store';

/** How often the host memory a VM takes is read again while its details show. */
const MEMORY_POLL_MS = 3000;

const MEMORY_TITLE =
  "What the VM's QEMU process takes of this computer's memory now: resident pages (RSS), and its share (PSS), " +
  "where each page shared with other VMs, such as those of the template's RAM file, counts divided among them";

/** The host memory the VM's QEMU takes now, read every few seconds while it runs; undefined where the host does not tell. */
function useMemoryUse(vm: VmInfo): VmMemoryUse | undefined {
  const api = useStrata((s) => s.api);
  const [use, setUse] = useState<VmMemoryUse>();
  const live = vm.state === 'running' || vm.state === 'paused';
  useEffect(() => {
    setUse(undefined);
    if (!api || !live) return;
    let stopped = false;
    const read = (): void =>
      void api.call('vm.memory', {}).then(
        (uses) => !stopped && setUse(uses.find((u) => u.id === vm.id)),
        () => {},
      );
    read();
    const timer = setInterval(read, MEMORY_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, vm.id, live]);
  return use;
}

/** The facts a student reads off a VM: where it runs, how QEMU runs it, what migration cost. */
export function MachineDetails({ vm, onOpenDoctor }: { vm: VmInfo; onOpenDoctor: () => void }) {
  const migration = useStrata((s) => s.migrations.find((m) => m.id === vm.id));
  const boot = useStrata((s) => s.bootProgress[vm.id]);
  const memory = useMemoryUse(vm);
  return (
    <dl className="machine-details">
      <div>
        <dt>State</dt>
        <dd className={`state-text ${vm.state}`}>
          {vm.state}
          {vm.reason ? ` — ${vm.reason}` : ''}
          {vm.state === 'crashed' && (
            <>
              {' '}
              <button type="button" onClick={onOpenDoctor}>
                Ask the doctor
              </button>
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>Node</dt>
        <dd>{vm.node}</dd>
      </div>
      <div>
        <dt>Accelerator</dt>
        <dd
          title={
            vm.accel === 'tcg'
              ? 'QEMU emulates the CPU with its TCG binary translator: slower, needs nothing from the host CPU'
              : `Hardware-assisted (${vm.accel.toUpperCase()})`
          }
        >
          {vm.accel === 'tcg' ? 'TCG (emulation)' : 'KVM'}
        </dd>
      </div>
      <div>
        <dt>Resources</dt>
        <dd>
          {vm.cpus} vCPU · {vm.memoryMiB} MiB
        </dd>
      </div>
      {vm.extras?.includes('nested') && (
        <div>
          <dt>Hypervisor inside</dt>
          <dd title="QEMU with TCG runs inside any guest; KVM needs the guest's CPU to show svm (AMD-V)">
            QEMU and KVM: type <code>inner-guest kvm</code> or <code>inner-guest tcg</code> in its terminal
          </dd>
        </div>
      )}
      <div>
        <dt>LAN</dt>
        <dd>{vm.ip ? `${vm.ip}${vm.lan ? ` on ${vm.lan}` : ''}` : '—'}</dd>
      </div>
      <div>
        <dt>Host memory</dt>
        <dd title={MEMORY_TITLE}>{memory ? `${memory.residentMiB} MiB resident, ${memory.proportionalMiB} MiB its share` : '—'}</dd>
      </div>
      <div>
        <dt>Start</dt>
        <dd title="template: restored from the image's booted-state template, then given its own name, MAC and address; cold: booted from its kernel">
          {vm.bootMs !== undefined ? <code>start: {vm.start}</code> : '—'}
        </dd>
      </div>
      <div>
        <dt>Boot</dt>
        <dd>
          {vm.bootMs !== undefined
            ? `${(vm.bootMs / 1000).toFixed(1)} s to shell, ${vm.start === 'template' ? 'from the template' : 'cold boot'}`
            : boot
              ? `${BOOT_PHASE_TEXT[boot.phase]}…`
              : '—'}
        </dd>
      </div>
      {migration && (
        <div className="migration-result" data-testid="migration-result">
          <dt>Last migration</dt>
          <dd>
            {migration.fromNode} → {migration.toNode}: {migration.totalMs} ms total, {migration.downtimeMs} ms downtime,{' '}
            {(migration.ramBytes / 1048576).toFixed(1)} MiB sent
          </dd>
        </div>
      )}
    </dl>
  );
}
