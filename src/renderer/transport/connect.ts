import { takePageToken } from './pageToken';
import { ApiClient } from './protocolClient';
import { connectWebSocket } from './wsChannel';

/** Connects to the server that served this page: the same in a browser and in the desktop window. */
export async function connect(): Promise<ApiClient> {
  const token = takePageToken();
  if (!token) throw new Error('This tab has no access token. Open the address that `npm start` printed (it ends in ?token=...) in this tab.');
  return ApiClient.connect(() => connectWebSocket(token));
}
