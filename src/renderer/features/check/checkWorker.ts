/**
 * The live check's Web Worker: parsing and checking a stack the student is typing can take
 * seconds for a large file, so it runs here and never blocks the page; so do the stack
 * rules on a lesson's cells. Requests and
 * replies are validated with the same zod schemas on both sides (checkProtocol.ts).
 */
import { parseLesson } from '../../../core/lesson';
import { checkStackText } from '../../../core/stack';
import { analyseStackText } from '../builder/model/stackAnalysis';
import { summarizeCheck } from '../notebook/stackRunner';
import { CheckRequest, type CheckReply } from './checkProtocol';

/** The parts of a dedicated worker's global scope used here (tsconfig.web has the DOM lib, not WebWorker's). */
interface WorkerScope {
  postMessage(message: CheckReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  const request = CheckRequest.safeParse(event.data);
  if (!request.success) return;
  const { id, text, want, file } = request.data;
  if (want === 'lesson') scope.postMessage({ id, diagnostics: parseLesson(text, file).diagnostics });
  else scope.postMessage(want === 'analysis' ? { id, analysis: analyseStackText(text) } : { id, check: summarizeCheck(checkStackText(text)) });
});
