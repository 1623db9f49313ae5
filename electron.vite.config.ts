import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { lessonAssets } from './scripts/lessonAssetsPlugin.mjs';

/**
 * One build for both shells: the Electron main process, and the renderer that the local
 * server serves to a browser (web mode) and to the desktop window alike.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react(), lessonAssets(__dirname)],
    worker: { format: 'es' },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified (files read from disk); web mode sends it
      // over HTTP and every start parses it, so the page loads half the bytes.
      minify: true,
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
