import type { ITheme } from '@xterm/xterm';

/** Terminal colours matched to the app's two themes. */
export function terminalTheme(theme: 'light' | 'dark'): ITheme {
  return theme === 'dark'
    ? { background: '#0f1115', foreground: '#d8dde6', cursor: '#6ea8ff', selectionBackground: '#2b3f66' }
    : {
        background: '#fbfcfd',
        foreground: '#1c2230',
        cursor: '#2f6fe0',
        selectionBackground: '#c9dafc',
        black: '#1c2230',
        white: '#8a92a3',
        brightWhite: '#586174',
      };
}
