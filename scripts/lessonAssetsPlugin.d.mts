import type { Plugin } from 'vite';

/** Serves assets/lessons in dev and copies it into the built renderer. */
export function lessonAssets(repoRoot: string): Plugin;
