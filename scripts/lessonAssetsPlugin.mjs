// Lesson images live in assets/lessons/ (so lessons read well on GitHub with
// ../assets/lessons/x.png); the notebook asks for assets/lessons/x.png next to the page.
// This Vite plugin serves that folder in dev and copies it into the built renderer.
import { cpSync, createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';

const MIME = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.gif': 'image/gif', '.webp': 'image/webp' };

export function lessonAssets(repoRoot) {
  const source = path.join(repoRoot, 'assets/lessons');
  let outDir = null;
  return {
    name: 'strata-lesson-assets',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/assets/lessons', (req, res, next) => {
        const file = path.resolve(source, '.' + path.posix.normalize('/' + decodeURIComponent((req.url ?? '').split('?')[0])));
        const type = MIME[path.extname(file).toLowerCase()];
        if (!file.startsWith(source + path.sep) || !type || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', type);
        createReadStream(file).pipe(res);
      });
    },
    writeBundle() {
      if (outDir && existsSync(source)) cpSync(source, path.join(outDir, 'assets/lessons'), { recursive: true });
    },
  };
}
