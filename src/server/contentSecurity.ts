/**
 * The CSP (docs/architecture.md, "Processes"): strict, yet what Monaco, xyflow and xterm need (inline styles,
 * blob workers). Dev mode adds what Vite's hot reload injects.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The two files of the script-cell sandbox (src/renderer/public/script-sandbox.*). The page
 * frames them with sandbox="allow-scripts", an opaque origin that sends no cookie, so they
 * are served without the token: they hold only code, no data.
 */
export const SCRIPT_SANDBOX_FILES: readonly string[] = ['/script-sandbox.html', '/script-sandbox.js'];

/**
 * The sandbox frame's CSP: its own script, blob workers (which inherit this policy) and no
 * connection of any kind, so a student's script cannot fetch, XHR, WebSocket or
 * WebSocketStream anywhere, whatever globals it digs out.
 */
export function scriptSandboxPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self' blob:",
    'worker-src blob:',
    "connect-src 'none'",
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
