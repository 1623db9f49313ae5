import type { ClientMessage, ServerMessage } from '../../api/wire';
import type { MessageChannel } from './protocolClient';

/** What the preload script exposes on `window.strataBridge`: nothing but the message pipe. */
export interface StrataBridge {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): void;
}

declare global {
  interface Window {
    strataBridge?: StrataBridge;
  }
}

/** Electron: the same protocol over the contextBridge; chunks arrive as Uint8Array. */
export function ipcChannel(bridge: StrataBridge): MessageChannel {
  return {
    send: (m) => bridge.send(m),
    onMessage: (l) => bridge.onMessage(l),
    // The main process outlives the window; the channel never closes under it.
    onClose: () => {},
  };
}
