/**
 * The simulator's Web Worker: the UI never blocks on a run (docs/architecture.md). All behaviour is in
 * SimWorkerRuntime (src/core/sim/simWorkerRuntime.ts); this file wires it to the worker's
 * message port and yields with a macrotask between slices so a cancel gets through.
 */
import { SimWorkerRuntime, type SimReply } from '../../../core/sim';

/** The parts of a dedicated worker's global scope used here (tsconfig.web has the DOM lib, not WebWorker's). */
interface WorkerScope {
  postMessage(message: SimReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;

const runtime = new SimWorkerRuntime({
  post: (reply) => scope.postMessage(reply),
  yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)),
});

scope.addEventListener('message', (event) => {
  void runtime.handle(event.data);
});
