import path from 'node:path';
import type { ApiImplementation } from '../api/handlers';
import { LessonsService } from './lessons/lessonsService';

export interface BackendOptions {
  /** The checkout or packaged app folder holding lessons/ and assets/. */
  appRoot: string;
  /** STRATA_HOME: workspace, image cache and runtime sockets. */
  home: string;
  mode: 'electron' | 'web';
  version: string;
}

export interface Backend {
  api: ApiImplementation;
  /** Stops every service (and every VM): called on every exit path. */
  dispose(): Promise<void>;
}

/** Builds the backend services once; both transports serve the same instance. */
export function createBackend(options: BackendOptions): Backend {
  const lessons = new LessonsService(path.join(options.appRoot, 'lessons'));
  const api: ApiImplementation = {
    commands: {
      'app.info': async () => ({ name: 'Strata', version: options.version, mode: options.mode, platform: process.platform }),
      'lessons.list': () => lessons.list(),
      'lessons.get': ({ slug }) => lessons.get(slug),
    },
    streams: {},
  };
  return {
    api,
    dispose: async () => {},
  };
}
