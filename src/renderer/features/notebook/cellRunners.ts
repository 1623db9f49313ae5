import type { VmExec } from '../../../core/exercise';

/**
 * What the cells of an open notebook can do for the notebook around them: run (for Run
 * all and Shift+Enter) and, for a booted vm cell, run a checker's command in its guest
 * (for exercises that inspect a VM). Cells register on mount.
 */
export class CellRunners {
  private readonly runs = new Map<string, () => Promise<void>>();
  private readonly vms = new Map<string, VmExec>();
  private readonly vmListeners = new Set<() => void>();

  register(cellId: string, run: () => Promise<void>): () => void {
    this.runs.set(cellId, run);
    return () => {
      if (this.runs.get(cellId) === run) this.runs.delete(cellId);
    };
  }

  registerVm(cellId: string, runner: VmExec): () => void {
    this.vms.set(cellId, runner);
    this.notifyVms();
    return () => {
      if (this.vms.get(cellId) !== runner) return;
      this.vms.delete(cellId);
      this.notifyVms();
    };
  }

  /** Whether the vm cell `cellId` has a running VM that exercises can inspect. */
  hasVm(cellId: string): boolean {
    return this.vms.has(cellId);
  }

  /** Calls `listener` whenever a vm cell's VM comes up or goes away (for useSyncExternalStore). */
  readonly subscribeVms = (listener: () => void): (() => void) => {
    this.vmListeners.add(listener);
    return () => this.vmListeners.delete(listener);
  };

  private notifyVms(): void {
    for (const listener of this.vmListeners) listener();
  }

  /** Runs a cell; false when the cell has nothing to run (prose, or not mounted). */
  async run(cellId: string): Promise<boolean> {
    const run = this.runs.get(cellId);
    if (!run) return false;
    await run();
    return true;
  }

  /** Runs a checker's command in the guest of a vm cell, when that cell has a running VM. */
  readonly execVm: VmExec = (request) => {
    const vm = this.vms.get(request.id);
    if (!vm) return Promise.reject(new Error(`boot the VM of cell ${request.id} first`));
    return vm(request);
  };
}
