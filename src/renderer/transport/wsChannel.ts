import { decodeChunkFrame, type ClientMessage, type ServerMessage } from '../../api/wire';
import type { MessageChannel } from './protocolClient';

/**
 * Web mode: one WebSocket to the server that served this page, authenticated by the
 * per-run token the page was opened with. Byte chunks arrive as binary frames.
 */
export function connectWebSocket(token: string): Promise<MessageChannel> {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`);
  ws.binaryType = 'arraybuffer';
  const queue: ServerMessage[] = [];
  let listener: ((m: ServerMessage) => void) | null = null;
  let closeListener: ((reason: string) => void) | null = null;
  let closedReason: string | null = null;

  ws.addEventListener('message', (ev) => {
    let message: ServerMessage | null;
    if (typeof ev.data === 'string') {
      message = JSON.parse(ev.data) as ServerMessage;
    } else {
      const frame = decodeChunkFrame(new Uint8Array(ev.data as ArrayBuffer));
      message = frame ? { t: 'chunk', id: frame.id, data: frame.data } : null;
    }
    if (!message) return;
    if (listener) listener(message);
    else queue.push(message);
  });

  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () =>
      resolve({
        send: (m: ClientMessage) => ws.send(JSON.stringify(m)),
        onMessage: (l) => {
          listener = l;
          for (const m of queue.splice(0)) l(m);
        },
        onClose: (l) => {
          closeListener = l;
          if (closedReason) l(closedReason);
        },
      }),
    );
    ws.addEventListener('close', (ev) => {
      closedReason = ev.reason || 'the connection to the Strata server was closed';
      closeListener?.(closedReason);
      reject(new Error(closedReason));
    });
  });
}
