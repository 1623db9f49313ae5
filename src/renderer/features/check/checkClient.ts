import { CheckReply } from './checkProtocol';
import type { CheckSummary } from '../notebook/work/cellOutputs';

/** The worker surface the client uses (a real Worker, or a fake in tests). */
export interface CheckWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

/**
 * One check worker for the page: every live check posts its text and gets the verdict
 * back; replies are validated before they reach a cell.
 */
export class CheckClient {
  private readonly pending = new Map<number, (check: CheckSummary) => void>();
  private nextId = 1;

  constructor(private readonly worker: CheckWorkerLike) {
    worker.addEventListener('message', (event) => {
      const reply = CheckReply.safeParse(event.data);
      if (!reply.success) return;
      this.pending.get(reply.data.id)?.(reply.data.check);
      this.pending.delete(reply.data.id);
    });
  }

  check(text: string): Promise<CheckSummary> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, text });
    });
  }
}

let shared: CheckClient | null = null;

/** The page's check client, with its worker started on first use. */
export function checkClient(): CheckClient {
  shared ??= new CheckClient(new Worker(new URL('./checkWorker.ts', import.meta.url), { type: 'module', name: 'strata-check' }));
  return shared;
}
