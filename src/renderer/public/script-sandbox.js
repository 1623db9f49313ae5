// The frame a script cell's worker is created from (src/renderer/features/script/scriptRunner.ts).
// The page loads it sandboxed (allow-scripts only: an opaque origin) and the server sends it
// with `connect-src 'none'`; a worker made here from a blob inherits that policy, so nothing
// the student's code calls can reach the network. It is plain JavaScript served as is:
// it only turns the page's run message into a worker and passes the worker's messages back;
// the page validates what comes back.
/* global window, Worker */
'use strict';

let worker = null;

function toPage(message) {
  window.parent.postMessage(message, '*');
}

function isRun(m) {
  return typeof m === 'object' && m !== null && m.type === 'run' && typeof m.source === 'string';
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || worker !== null || !isRun(event.data)) return;
  // A classic worker: an opaque origin cannot start a module worker from a blob.
  worker = new Worker(URL.createObjectURL(new Blob([event.data.source], { type: 'text/javascript' })), { name: 'strata-script' });
  worker.onmessage = (e) => toPage({ type: 'worker-message', data: e.data });
  worker.onerror = (e) => {
    e.preventDefault();
    toPage({ type: 'worker-error', message: String(e.message || ''), lineno: Number(e.lineno) || 0 });
  };
});

toPage({ type: 'ready' });
