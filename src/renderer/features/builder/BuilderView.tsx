import { useEffect } from 'react';
import { useStrata } from '../../store/store';
import { builderRunOwner } from '../checkpoints/builderRunOwner';
import { registerSimRun } from '../checkpoints/simRuns';
import { CellInBuilderBar } from '../notebook/editor/CellInBuilderBar';
import { BuilderStoreContext } from './builderStoreContext';
import { BuilderWorkspace } from './BuilderWorkspace';
import { RunControls } from './run/RunControls';
import { RunPanel } from './run/RunPanel';

/**
 * The Builder place: the app's own stack (kept in the app store, so it survives switching
 * places), with presets, files, export, and runs of the simulator.
 */
export function BuilderView() {
  // Its run is what a seminar checkpoint keeps of the simulator.
  useEffect(() => registerSimRun('builder', builderRunOwner(useStrata, 'builder')), []);
  return (
    <BuilderStoreContext.Provider value={useStrata}>
      <div className="builder-place">
        <CellInBuilderBar />
        <BuilderWorkspace run={<RunControls />} runPanel={<RunPanel />} />
      </div>
    </BuilderStoreContext.Provider>
  );
}
