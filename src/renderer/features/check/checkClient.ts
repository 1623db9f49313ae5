import type { Diagnostic } from '../../../core/lesson';
import type { StackAnalysis } from '../builder/model/stackAnalysis';
import type { CheckSummary } from '../notebook/work/cellOutputs';
import { CheckReply, type CheckRequest } from './checkProtocol';

/** The worker surface the client uses (a real Worker, or a fake in tests). */
export interface CheckWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

/**
 * One check worker for the page: every live check and every builder posts its text and
 * gets the verdict back; replies are validated before they reach a cell.
 */
export class CheckClient {
  private readonly pending = new Map<number, (reply: CheckReply) => void>();
  private nextId = 1;

  constructor(private readonly worker: CheckWorkerLike) {
    worker.addEventListener('message', (event) => {
      const reply = CheckReply.safeParse(event.data);
      if (!reply.success) return;
      this.pending.get(reply.data.id)?.(reply.data);
      this.pending.delete(reply.data.id);
    });
  }

  /** A notebook cell's verdict on a stack text. */
  check(text: string): Promise<CheckSummary> {
    return this.ask(text, 'summary', (reply) => ('check' in reply ? reply.check : undefined));
  }

  /** The builder's analysis of a stack text: the stack, its check, and where its layers are written. */
  analyse(text: string): Promise<StackAnalysis> {
    return this.ask(text, 'analysis', (reply) => ('analysis' in reply ? reply.analysis : undefined));
  }

  /** Every diagnostic of a lesson file, the stack rules' on its cells included. */
  lessonDiagnostics(text: string, file: string): Promise<Diagnostic[]> {
    return this.ask(text, 'lesson', (reply) => ('diagnostics' in reply ? reply.diagnostics : undefined), file);
  }

  private ask<T>(text: string, want: CheckRequest['want'], pick: (reply: CheckReply) => T | undefined, file?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        const value = pick(reply);
        if (value !== undefined) resolve(value);
      });
      this.worker.postMessage({ id, text, want, ...(file !== undefined ? { file } : {}) });
    });
  }
}

let shared: CheckClient | null = null;

/** The page's check client, with its worker started on first use. */
export function checkClient(): CheckClient {
  shared ??= new CheckClient(new Worker(new URL('./checkWorker.ts', import.meta.url), { type: 'module', name: 'strata-check' }));
  return shared;
}

/** A stack's verdict from the page's check worker: what lesson cells run before simulating. */
export const checkInWorker = (text: string): Promise<CheckSummary> => checkClient().check(text);
