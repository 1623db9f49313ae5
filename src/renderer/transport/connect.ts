import { ipcChannel } from './ipcChannel';
import { ApiClient } from './protocolClient';
import { connectWebSocket } from './wsChannel';

/** Chooses the transport once at start: the preload bridge in Electron, else the WebSocket. */
export async function connect(): Promise<ApiClient> {
  if (window.strataBridge) return new ApiClient(ipcChannel(window.strataBridge), 'electron');
  const token = new URLSearchParams(location.search).get('token');
  if (!token) throw new Error('This page was opened without its access token. Open the URL that `npm start` printed (it ends in ?token=...).');
  return new ApiClient(await connectWebSocket(token), 'web');
}
