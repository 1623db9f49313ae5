import { useEffect, useState } from 'react';
import { useStrata } from '../../store/store';
import { builderRunOwner } from '../checkpoints/builderRunOwner';
import { registerSimRun } from '../checkpoints/simRuns';
import { RealRunPanel } from '../realrun/RealRunPanel';
import { CellInBuilderBar } from '../notebook/editor/CellInBuilderBar';
import { FiguresSwitch } from '../sim/FiguresSwitch';
import { BuilderStoreContext } from './state/builderStoreContext';
import { BuilderWorkspace } from './BuilderWorkspace';
import { RunControls } from './run/RunControls';
import { RunPanel } from './run/RunPanel';

/**
 * The Builder place: the app's own stack (kept in the app store, so it survives switching
 * places), with presets, files, export, runs of the simulator and real runs on QEMU.
 */
export function BuilderView() {
  // Its run is what a seminar checkpoint keeps of the simulator.
  useEffect(() => registerSimRun('builder', builderRunOwner(useStrata, 'builder')), []);
  // A real run lives as long as its panel: closing it, or leaving the Builder, stops every guest.
  const [real, setReal] = useState<{ text: string; key: number } | null>(null);
  return (
    <BuilderStoreContext.Provider value={useStrata}>
      <div className="builder-place">
        <CellInBuilderBar />
        <BuilderWorkspace
          run={
            <>
              <div className="toolbar-group">
                <FiguresSwitch />
              </div>
              <RunControls onRunForReal={(text) => setReal({ text, key: Date.now() })} />
            </>
          }
          runPanel={real ? <RealRunPanel text={real.text} runKey={real.key} onClose={() => setReal(null)} /> : <RunPanel />}
        />
      </div>
    </BuilderStoreContext.Provider>
  );
}
