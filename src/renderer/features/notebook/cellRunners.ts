import type { VmRunner } from '../../../core/exercise';

/**
 * What the cells of an open notebook can do for the notebook around them: run (for Run
 * all and Shift+Enter) and, for a booted vm cell, type a command and return what the
 * guest printed (for exercises that check a VM). Cells register on mount.
 */
export class CellRunners {
  private readonly runs = new Map<string, () => Promise<void>>();
  private readonly vms = new Map<string, VmRunner>();

  register(cellId: string, run: () => Promise<void>): () => void {
    this.runs.set(cellId, run);
    return () => {
      if (this.runs.get(cellId) === run) this.runs.delete(cellId);
    };
  }

  registerVm(cellId: string, runner: VmRunner): () => void {
    this.vms.set(cellId, runner);
    return () => {
      if (this.vms.get(cellId) === runner) this.vms.delete(cellId);
    };
  }

  /** Runs a cell; false when the cell has nothing to run (prose, or not mounted). */
  async run(cellId: string): Promise<boolean> {
    const run = this.runs.get(cellId);
    if (!run) return false;
    await run();
    return true;
  }

  /** Types into the guest of a vm cell, when that cell has a running VM. */
  readonly runVm: VmRunner = (request) => {
    const vm = this.vms.get(request.id);
    if (!vm) return Promise.reject(new Error(`boot the VM of cell ${request.id} first`));
    return vm(request);
  };
}
