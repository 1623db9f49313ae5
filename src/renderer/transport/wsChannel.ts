import { decodeChunkFrame, MAX_CLIENT_MESSAGE_BYTES, type ClientMessage, type ServerMessage } from '../../api/wire';
import { RemoteError, type MessageChannel } from './protocolClient';

const encoder = new TextEncoder();

/** The server closes the connection on a larger message; refusing it here keeps the connection and says why. */
function encode(m: ClientMessage): string {
  const text = JSON.stringify(m);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most messages need no encoding to be measured.
  if (text.length * 3 > MAX_CLIENT_MESSAGE_BYTES) {
    const bytes = encoder.encode(text).byteLength;
    if (bytes > MAX_CLIENT_MESSAGE_BYTES) {
      const what = m.t === 'call' ? m.method : m.t;
      const hint = what === 'workspace.lessonState.put' ? ': clear some cell outputs' : '';
      throw new RemoteError(
        'limit',
        `${what} would send ${Math.ceil(bytes / 1048576)} MiB, above the ${MAX_CLIENT_MESSAGE_BYTES / 1048576} MiB a message may carry${hint}`,
      );
    }
  }
  return text;
}

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
        send: (m: ClientMessage) => ws.send(encode(m)),
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
