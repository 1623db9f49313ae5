/**
 * A small promise-based client for the simulator's Web Worker: `run` posts a stack and
 * resolves with the result, reports progress through a callback, and can be cancelled.
 * Replies are validated with the same zod schemas the worker uses.
 */
import { SimReplySchema, type SimOptions, type SimRequest, type SimResult } from '../../../core/sim';
import type { StackInput } from '../../../core/stack';

/** Progress of one run, as the worker reports it after each slice of events. */
export interface SimRunProgress {
  simTimeS: number;
  events: number;
  /** 0..1 */
  fraction: number;
}

/** A run in flight. */
export interface SimRun {
  /** Resolves with the result; rejects with SimCancelledError on cancel, or an Error the worker reported. */
  readonly result: Promise<SimResult>;
  cancel(): void;
}

/** The rejection of a cancelled run. */
export class SimCancelledError extends Error {
  constructor() {
    super('simulation cancelled');
    this.name = 'SimCancelledError';
  }
}

/** The worker surface the client uses (a real Worker, or a fake in tests). */
export interface SimWorkerLike {
  postMessage(message: SimRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  terminate(): void;
}

/** Starts the simulator worker as a module worker bundled by Vite. */
export function createSimWorker(): SimWorkerLike {
  return new Worker(new URL('./simWorker.ts', import.meta.url), { type: 'module', name: 'strata-sim' });
}

interface Pending {
  resolve(r: SimResult): void;
  reject(e: Error): void;
  onProgress: ((p: SimRunProgress) => void) | undefined;
}

/** One worker, any number of runs (they run one after another inside it). */
export class SimClient {
  private readonly worker: SimWorkerLike;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(worker: SimWorkerLike = createSimWorker()) {
    this.worker = worker;
    this.worker.addEventListener('message', (event) => this.onMessage(event.data));
  }

  /** Runs `stack` (a stack-file object, as the builder holds it) with `options`. */
  run(stack: StackInput, options: SimOptions = {}, onProgress?: (p: SimRunProgress) => void): SimRun {
    const id = this.nextId++;
    const result = new Promise<SimResult>((resolve, reject) => this.pending.set(id, { resolve, reject, onProgress }));
    this.worker.postMessage({ type: 'run', id, stack, options });
    return {
      result,
      cancel: () => {
        if (!this.pending.has(id)) return;
        this.worker.postMessage({ type: 'cancel', id });
      },
    };
  }

  /** Stops the worker; runs in flight reject as cancelled. */
  dispose(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new SimCancelledError());
    this.pending.clear();
  }

  private onMessage(data: unknown): void {
    const parsed = SimReplySchema.safeParse(data);
    if (!parsed.success) return;
    const reply = parsed.data;
    const p = this.pending.get(reply.id);
    if (!p) return;
    switch (reply.type) {
      case 'progress':
        p.onProgress?.({ simTimeS: reply.simTimeS, events: reply.events, fraction: reply.fraction });
        return;
      case 'result':
        this.pending.delete(reply.id);
        p.resolve(reply.result);
        return;
      case 'error':
        this.pending.delete(reply.id);
        p.reject(new Error(reply.message));
        return;
      case 'cancelled':
        this.pending.delete(reply.id);
        p.reject(new SimCancelledError());
        return;
    }
  }
}
