import { BOOT_PHASE_TEXT, type VmInfo } from '../../../api/vmApi';
import { useStrata } from '../../store/store';

/** The facts a student reads off a VM: where it runs, how QEMU runs it, what migration cost. */
export function MachineDetails({ vm, onOpenDoctor }: { vm: VmInfo; onOpenDoctor: () => void }) {
  const migration = useStrata((s) => s.migrations.find((m) => m.id === vm.id));
  const boot = useStrata((s) => s.bootProgress[vm.id]);
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
