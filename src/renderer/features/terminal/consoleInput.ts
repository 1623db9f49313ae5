/** Encodes what the user typed (a JS string from xterm) as the base64 UTF-8 bytes `vm.input` takes. */
export function encodeConsoleInput(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
