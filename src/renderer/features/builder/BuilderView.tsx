import { useEffect } from 'react';
import { useStrata } from '../../store/store';
import { builderRunOwner } from '../checkpoints/builderRunOwner';
import { registerSimRun } from '../checkpoints/simRuns';
import { RealRunPanel } from '../realrun/RealRunPanel';
import { CellInBuilderBar } from '../notebook/editor/CellInBuilderBar';
import { FiguresSwitch } from '../sim/FiguresSwitch';
import { BuilderStoreContext } from './state/builderStoreContext';
import { BuilderWorkspace } from './BuilderWorkspace';
import { DraftNotice } from './panels/DraftNotice';
import { RunControls } from './run/RunControls';
import { RunPanel } from './run/RunPanel';
import { useStackRun } from './run/useStackRun';

/**
 * The Builder place: the app's own stack (kept in the app store, so it survives switching
 * places), with presets, files, export, runs of the simulator and real runs on QEMU.
 */
export function BuilderView() {
  // Its run is what a seminar checkpoint keeps of the simulator.
  useEffect(() => registerSimRun('builder', builderRunOwner(useStrata, 'builder')), []);
  return (
    <BuilderStoreContext.Provider value={useStrata}>
      <BuilderPlace />
    </BuilderStoreContext.Provider>
  );
}

function BuilderPlace() {
  // The simulator's runs: one client for the toolbar and for a real run's "simulation instead".
  const run = useStackRun();
  // The store keeps the real run, so it goes on while the student is in another view.
  const real = useStrata((s) => s.realRuns.builder !== undefined);
  const startRealRun = useStrata((s) => s.startRealRun);
  return (
    <div className="builder-place">
      <CellInBuilderBar />
      <DraftNotice />
      <BuilderWorkspace
        run={
          <>
            <div className="toolbar-group">
              <FiguresSwitch />
            </div>
            <RunControls run={run} onRunForReal={(text) => startRealRun('builder', text, { place: { view: 'builder' }, label: 'Builder' })} />
          </>
        }
        runPanel={real ? <RealRunPanel owner="builder" onSimulate={() => run.start()} /> : <RunPanel />}
      />
    </div>
  );
}
