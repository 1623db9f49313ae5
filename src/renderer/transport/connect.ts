import { ipcChannel } from './ipcChannel';
import { takePageToken } from './pageToken';
import { ApiClient } from './protocolClient';
import { connectWebSocket } from './wsChannel';

/** Chooses the transport once at start: the preload bridge in Electron, else the WebSocket. */
export async function connect(): Promise<ApiClient> {
  if (window.strataBridge) return new ApiClient(ipcChannel(window.strataBridge), 'electron');
  const token = takePageToken();
  if (!token) throw new Error('This tab has no access token. Open the address that `npm start` printed (it ends in ?token=...) in this tab.');
  return new ApiClient(await connectWebSocket(token), 'web');
}
