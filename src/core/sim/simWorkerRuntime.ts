/**
 * The simulator worker's runtime: it checks the stack, runs a simulation in slices, posts
 * progress after each, and yields to the host between slices so a cancel message gets
 * through. Pure TypeScript: the worker file only wires `postMessage` and a timer to it.
 */
import { checkStack, type Stack } from '../stack';
import type { SimResult } from './simResult';
import { SimRequestSchema, type SimReply } from './simProtocol';
import { createSimulation, type SimOptions } from './simulation';
import { toSimStack } from './stackAdapter';

/** What the runtime needs from the thread it runs in. */
export interface SimWorkerHost {
  post(reply: SimReply): void;
  /** Lets queued messages (cancel) in before the next slice. */
  yieldToHost(): Promise<void>;
}

/** Events per slice: small enough to answer a cancel within milliseconds, large enough to keep messaging cheap. */
export const SLICE_EVENTS = 20_000;

/** Runs simulations for a worker; one at a time per id, cancellable. */
export class SimWorkerRuntime {
  private readonly cancelled = new Set<number>();

  constructor(private readonly host: SimWorkerHost) {}

  /** Handles one incoming message; resolves when a run ends (or at once for cancel). */
  async handle(raw: unknown): Promise<void> {
    const parsed = SimRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
      this.host.post({ type: 'error', id, message: `bad request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'cancel') {
      this.cancelled.add(msg.id);
      return;
    }
    await this.run(msg.id, msg.stack, msg.options);
  }

  private async run(id: number, stack: Stack, options: SimOptions): Promise<void> {
    const check = checkStack(stack);
    if (!check.valid) {
      const errors = check.findings.filter((f) => f.severity === 'error').map((f) => `${f.layer ?? '-'}: ${f.message}`);
      this.host.post({ type: 'error', id, message: `the stack has errors: ${errors.join('; ')}` });
      return;
    }
    let result: SimResult;
    try {
      const sim = createSimulation(toSimStack(stack), options);
      while (!sim.advance(SLICE_EVENTS)) {
        const p = sim.progress;
        this.host.post({ type: 'progress', id, simTimeS: p.simTimeS, events: p.events, fraction: p.fraction });
        await this.host.yieldToHost();
        if (this.cancelled.delete(id)) {
          this.host.post({ type: 'cancelled', id });
          return;
        }
      }
      result = sim.result();
      const done = sim.progress;
      this.host.post({ type: 'progress', id, simTimeS: done.simTimeS, events: done.events, fraction: 1 });
    } catch (err) {
      this.host.post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
      return;
    }
    this.cancelled.delete(id);
    this.host.post({ type: 'result', id, result });
  }
}
