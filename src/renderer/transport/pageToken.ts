const TOKEN_KEY = 'strata.apiToken';

/**
 * The API token of this tab. The printed address brings it once as `?token=`; it moves to
 * sessionStorage, which is scoped by origin (and so by port) and survives a reload, and
 * leaves the address bar and history. A new tab has its own empty sessionStorage: it
 * signs in by opening the printed address again.
 */
export function takePageToken(): string | null {
  const params = new URLSearchParams(location.search);
  const fromAddress = params.get('token');
  if (fromAddress) {
    sessionStorage.setItem(TOKEN_KEY, fromAddress);
    params.delete('token');
    const query = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
