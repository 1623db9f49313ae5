import { useState } from 'react';
import { LAN_MAX_VMS, NESTED_MIN_MEMORY_MIB } from '../../../api/vmApi';
import { UI } from '../../../core/ui/uiLabels';
import { useStrata } from '../../store/store';

/**
 * Boot one VM, or deploy a cluster the way the seminar's `start_kerrighed` did. A cluster
 * may have as many VMs as one LAN has addresses: the backend refuses one too big for the
 * host's memory, saying how many would fit.
 */
export function NewMachineBar() {
  const createVm = useStrata((s) => s.createVm);
  const deployCluster = useStrata((s) => s.deployCluster);
  const busy = useStrata((s) => s.busy);
  const available = useStrata((s) => s.imageStatus?.state !== 'unavailable');
  const coldBoot = useStrata((s) => s.coldBoot);
  const setColdBoot = useStrata((s) => s.setColdBoot);
  const [memoryMiB, setMemory] = useState(256);
  const [cpus, setCpus] = useState(1);
  const [noVirt, setNoVirt] = useState(false);
  const [nested, setNested] = useState(false);
  const [nbvm, setNbvm] = useState(3);
  const [nbnode, setNbnode] = useState(2);
  const [criu, setCriu] = useState(false);
  const extras = criu ? (['criu'] as const) : [];

  return (
    <div className="machine-bar">
      <form
        className="machine-form"
        onSubmit={(e) => {
          e.preventDefault();
          // The nested pack's guest boots here only: a cluster of 1 GiB guests would not fit most hosts.
          void createVm({
            memoryMiB: nested ? Math.max(memoryMiB, NESTED_MIN_MEMORY_MIB) : memoryMiB,
            cpus,
            noVirtExtensions: noVirt,
            lan: 'lan0',
            extras: [...extras, ...(nested ? (['nested'] as const) : [])],
          });
        }}
      >
        <label>
          Memory
          <select value={memoryMiB} onChange={(e) => setMemory(Number(e.target.value))}>
            {[128, 192, 256, 512, 1024].map((m) => (
              <option key={m} value={m}>
                {m} MiB
              </option>
            ))}
          </select>
        </label>
        <label>
          vCPUs
          <select value={cpus} onChange={(e) => setCpus(Number(e.target.value))}>
            {[1, 2].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox" title="Boot with -cpu qemu64,-svm: the guest sees no AMD-V/VT-x">
          <input type="checkbox" checked={noVirt} onChange={(e) => setNoVirt(e.target.checked)} />
          hide AMD-V
        </label>
        <label
          className="checkbox"
          title="Add the criu pack to the guests booted or deployed from here: CRIU and what it needs, for process migration and the cluster-wide process list"
        >
          <input type="checkbox" checked={criu} onChange={(e) => setCriu(e.target.checked)} />
          {UI.machines.withCriu}
        </label>
        <label
          className="checkbox"
          title={
            `The nested pack (this VM only): QEMU, KVM's kvm_amd and an inner guest, with at least ${NESTED_MIN_MEMORY_MIB} MiB. ` +
            'In its terminal: inner-guest kvm, inner-guest tcg'
          }
        >
          <input type="checkbox" checked={nested} onChange={(e) => setNested(e.target.checked)} />
          {UI.machines.hypervisorInside}
        </label>
        <button type="submit" className="primary" disabled={!available || busy.new !== undefined}>
          {busy.new ? 'Booting…' : 'Boot a VM'}
        </button>
      </form>
      <form
        className="machine-form"
        onSubmit={(e) => {
          e.preventDefault();
          void deployCluster(nbvm, nbnode, [...extras]);
        }}
      >
        {/* A setting of both buttons, on the second row, where the width has room for it. */}
        <label
          className="checkbox"
          title={
            "Boot new VMs and clusters from the guest's kernel instead of restoring the image's booted-state template " +
            '(kept in this browser). VMs boot cold anyway when the template cannot be used.'
          }
        >
          <input type="checkbox" checked={coldBoot} onChange={(e) => setColdBoot(e.target.checked)} />
          {UI.machines.coldBoot}
        </label>
        <code className="deploy-command">
          deploy --nbvm{' '}
          <input type="number" min={1} max={LAN_MAX_VMS} value={nbvm} aria-label="Number of VMs" onChange={(e) => setNbvm(Number(e.target.value))} /> --nbnode{' '}
          <input type="number" min={1} max={8} value={nbnode} aria-label="Number of nodes" onChange={(e) => setNbnode(Number(e.target.value))} />
        </code>
        <button type="submit" disabled={!available || busy.deploy !== undefined}>
          {busy.deploy ? 'Deploying…' : 'Deploy cluster'}
        </button>
      </form>
    </div>
  );
}
