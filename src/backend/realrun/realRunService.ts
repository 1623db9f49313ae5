import path from 'node:path';
import { ApiError } from '../../api/errors';
import type { StreamSink } from '../../api/handlers';
import type { RealRunEvent } from '../../api/realRunApi';
import type { FigureSet, SimOptions } from '../../core/sim';
import { checkStackText } from '../../core/stack';
import { figuresOf, readCalibration } from '../calibration/calibrationStore';
import type { VmService } from '../qemu/vmService';
import { RealRun } from './realRun';

/** Finished runs kept for a late subscriber (a reconnecting page). */
const KEEP_FINISHED = 4;

/**
 * The real runs of the app's API: each started from a stack's YAML, followed by
 * `realrun.events`, stopped by `realrun.stop` or when Strata quits.
 */
export class RealRunService {
  private readonly runs = new Map<string, RealRun>();
  private next = 1;

  constructor(
    private readonly vms: VmService,
    private readonly home: string,
  ) {}

  async start(text: string, budgetS?: number, figures: FigureSet = 'literature'): Promise<{ runId: string }> {
    const checked = checkStackText(text);
    if (!checked.stack) throw new ApiError('bad-request', 'The stack is not readable YAML.');
    if (!checked.valid) {
      const errors = checked.findings.filter((f) => f.severity === 'error').map((f) => `${f.layer ?? '-'}: ${f.message}`);
      throw new ApiError('bad-request', `The stack has errors; fix them to run it: ${errors.join('; ')}`);
    }
    const sim: SimOptions = {};
    if (figures === 'host') {
      const saved = await readCalibration(path.join(this.home, 'calibration.json')).catch((err: Error) => {
        throw new ApiError('unavailable', err.message);
      });
      if (!saved) throw new ApiError('unavailable', "This machine's figures were never measured: run `strata calibrate` first.");
      sim.figures = figuresOf(saved);
    }
    const runId = `r${this.next++}`;
    const realRun = new RealRun(runId, checked.stack, this.vms, { budgetS, sim, home: this.home });
    this.runs.set(runId, realRun);
    this.forgetOld();
    // The outcome travels as events; nothing waits on this promise.
    realRun.run().catch(() => undefined);
    return { runId };
  }

  stop(runId: string): void {
    this.get(runId).stop();
  }

  subscribe(runId: string, sink: StreamSink<RealRunEvent>): () => void {
    const realRun = this.get(runId);
    const unsubscribe = realRun.subscribe((e) => {
      if (sink.closed) return;
      sink.write(e);
      if (e.type === 'done' || e.type === 'failed') sink.end();
    });
    return unsubscribe;
  }

  /** Stops every run (their guests die with VmService's dispose too). */
  dispose(): void {
    for (const r of this.runs.values()) if (!r.finished) r.stop();
  }

  private get(runId: string): RealRun {
    const r = this.runs.get(runId);
    if (!r) throw new ApiError('not-found', `no real run ${runId}`);
    return r;
  }

  private forgetOld(): void {
    const finished = [...this.runs.entries()].filter(([, r]) => r.finished);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.runs.delete(id);
  }
}
