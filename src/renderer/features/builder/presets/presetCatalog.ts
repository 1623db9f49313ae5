import index from '../../../../../assets/presets/index.json';

/** One of the seminar's configurations, ready to open in the builder. */
export interface Preset {
  file: string;
  title: string;
  /** The slide of the seminar it rebuilds. */
  slide: string;
  /** What checking it gives: `valid`, or the rule it exists to show. */
  expect: string;
  text: string;
}

// Bundled at build time (Vite `?raw`), so presets open the same in web mode and in Electron, offline.
const texts = import.meta.glob<string>('../../../../../assets/presets/*.stack.yaml', { query: '?raw', import: 'default', eager: true });

/** The presets in the order of the talk (assets/presets/index.json). */
export const presets: readonly Preset[] = index.presets.flatMap((p) => {
  const text = Object.entries(texts).find(([path]) => path.endsWith(`/${p.file}`))?.[1];
  return text === undefined ? [] : [{ ...p, text }];
});
