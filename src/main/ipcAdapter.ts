import { ipcMain, type WebContents } from 'electron';
import type { ServerMessage } from '../api/wire';
import type { Backend } from '../backend/backend';
import { ApiSession } from '../backend/rpc/apiSession';

const CHANNEL = 'strata:api';

/**
 * Serves the API to one window over IPC. Messages from any other sender, or from a
 * frame that is not our own page, are dropped and logged; the session validates the rest.
 */
export function attachIpc(backend: Backend, contents: WebContents, isTrustedUrl: (url: string) => boolean): () => void {
  const send = (m: ServerMessage): void => {
    if (!contents.isDestroyed()) contents.send(CHANNEL, m);
  };
  const session = new ApiSession(backend.api, send, { warn: (m) => console.warn(`[ipc] ${m}`) });
  const listener = (event: Electron.IpcMainEvent, message: unknown): void => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (event.sender !== contents || !isTrustedUrl(frameUrl)) {
      console.warn(`[ipc] dropped a message from an untrusted sender (${frameUrl || 'unknown frame'})`);
      return;
    }
    session.receive(message);
  };
  ipcMain.on(CHANNEL, listener);
  const detach = (): void => {
    ipcMain.removeListener(CHANNEL, listener);
    session.close();
  };
  contents.once('destroyed', detach);
  // A reload starts a fresh renderer: its old subscriptions must not keep streaming.
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) session.close();
  });
  return detach;
}
