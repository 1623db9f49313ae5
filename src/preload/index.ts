import { contextBridge, ipcRenderer } from 'electron';
import type { ClientMessage, ServerMessage } from '../api/wire';

/** The one IPC channel; main validates every message that arrives on it. */
const CHANNEL = 'strata:api';

// The renderer gets a message pipe and nothing else: no ipcRenderer, no Node.
contextBridge.exposeInMainWorld('strataBridge', {
  send(message: ClientMessage): void {
    ipcRenderer.send(CHANNEL, message);
  },
  onMessage(listener: (message: ServerMessage) => void): void {
    ipcRenderer.removeAllListeners(CHANNEL);
    ipcRenderer.on(CHANNEL, (_event, message: ServerMessage) => listener(message));
  },
});
