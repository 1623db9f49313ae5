import { useState } from 'react';
import { useStrata } from '../../store/store';
import { CheckpointPanel } from '../checkpoints/CheckpointPanel';
import { VmTerminal } from '../terminal/VmTerminal';
import { DoctorPanel } from './DoctorPanel';
import { ImageBanner } from './ImageBanner';
import { MachineDetails } from './MachineDetails';
import { MachineList } from './MachineList';
import { MachineToolbar } from './MachineToolbar';
import { NewMachineBar } from './NewMachineBar';
import { ProcessPanel } from './ProcessPanel';
import './machines.css';

/**
 * Real QEMU machines: the list grouped by node, a terminal tab per VM, and the actions
 * of the selected one. Terminals of unselected VMs stay mounted so nothing scrolls away.
 */
export function MachinesView() {
  const vms = useStrata((s) => s.vms);
  const selectedId = useStrata((s) => s.selectedVm);
  const selectVm = useStrata((s) => s.selectVm);
  const error = useStrata((s) => s.machinesError);
  const dismiss = useStrata((s) => s.dismissMachinesError);
  const notice = useStrata((s) => s.machinesNotice);
  const dismissNotice = useStrata((s) => s.dismissMachinesNotice);
  const [doctorOpen, setDoctorOpen] = useState(false);
  const selected = vms.find((v) => v.id === selectedId) ?? null;

  return (
    <div className="machines">
      <header className="machines-header">
        <div>
          <h2>
            Machines{' '}
            <button
              type="button"
              className="doctor-open"
              onClick={() => setDoctorOpen(true)}
              title="What real VMs need on this computer, and how to fix what is missing"
            >
              Doctor
            </button>
          </h2>
          <p>Real QEMU virtual machines. Type in their consoles, pause them, snapshot them and live-migrate them between nodes.</p>
        </div>
        <NewMachineBar />
      </header>
      {doctorOpen && <DoctorPanel onClose={() => setDoctorOpen(false)} />}
      <ImageBanner onOpenDoctor={() => setDoctorOpen(true)} />
      {error && (
        <div className="banner error" role="alert">
          {error}{' '}
          <button type="button" onClick={() => setDoctorOpen(true)}>
            Ask the doctor
          </button>{' '}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
            ✕
          </button>
        </div>
      )}
      {notice && (
        <div className="banner" role="status">
          {notice}{' '}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismissNotice}>
            ✕
          </button>
        </div>
      )}
      <div className="machines-body">
        <aside className="machines-side">
          <MachineList />
          <CheckpointPanel />
        </aside>
        <div className="machine-main">
          {vms.length > 0 && (
            <div className="terminal-tabs" role="tablist">
              {vms.map((vm) => (
                <button
                  key={vm.id}
                  type="button"
                  role="tab"
                  aria-selected={vm.id === selectedId}
                  className={vm.id === selectedId ? 'active' : ''}
                  onClick={() => selectVm(vm.id)}
                >
                  <span className={`state-dot ${vm.state}`} /> {vm.id}
                </button>
              ))}
            </div>
          )}
          {selected && <MachineToolbar vm={selected} />}
          <div className="terminal-stack">
            {vms.map((vm) => (
              <div key={vm.id} className="terminal-pane" hidden={vm.id !== selectedId}>
                <VmTerminal vmId={vm.id} />
              </div>
            ))}
          </div>
          {selected && <MachineDetails vm={selected} onOpenDoctor={() => setDoctorOpen(true)} />}
          {selected?.extras?.includes('criu') && <ProcessPanel key={selected.id} vm={selected} />}
        </div>
      </div>
    </div>
  );
}
