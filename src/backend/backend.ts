import path from 'node:path';
import type { ApiImplementation } from '../api/handlers';
import { checkpointHandlers } from './checkpoints/checkpointHandlers';
import { CheckpointService } from './checkpoints/checkpointService';
import { calibrationStatus } from './calibration/calibrationStore';
import { runDoctor } from './doctor/doctor';
import { LessonsService } from './lessons/lessonsService';
import { vmHandlers } from './qemu/vmHandlers';
import { RealRunService } from './realrun/realRunService';
import { VmService } from './qemu/vmService';
import { workspaceHandlers } from './workspace/workspaceHandlers';
import { WorkspaceService } from './workspace/workspaceService';

export interface BackendOptions {
  /** The checkout or packaged app folder holding lessons/ and assets/. */
  appRoot: string;
  /** STRATA_HOME: workspace, image cache and runtime sockets. */
  home: string;
  mode: 'electron' | 'web';
  version: string;
  /** Whether VMs may start from a booted-state template (default: yes, unless STRATA_COLD_BOOT=1). */
  templates?: boolean;
}

export interface Backend {
  api: ApiImplementation;
  /** Stops every service (and every VM): called on every exit path. */
  dispose(): Promise<void>;
}

/** Builds the backend services once; both transports serve the same instance. */
export function createBackend(options: BackendOptions): Backend {
  const lessons = new LessonsService(path.join(options.appRoot, 'lessons'));
  const vms = new VmService({ home: options.home, recipeDir: path.join(options.appRoot, 'assets', 'guest'), templates: options.templates });
  const vmApi = vmHandlers(vms);
  const realRuns = new RealRunService(vms, options.home);
  const checkpoints = new CheckpointService(options.home, vms);
  const workspace = new WorkspaceService(options.home);
  const api: ApiImplementation = {
    commands: {
      'app.info': async () => ({ name: 'Strata', version: options.version, mode: options.mode, platform: process.platform }),
      'lessons.list': () => lessons.list(),
      'lessons.get': ({ slug }) => lessons.get(slug),
      'calibration.get': () => calibrationStatus(options.home),
      'doctor.run': (request) => runDoctor(vms, { home: options.home, appRoot: options.appRoot, request }),
      ...vmApi.commands,
      ...checkpointHandlers(checkpoints),
      ...workspaceHandlers(workspace),
      'realrun.start': ({ text, budgetS, figures }) => realRuns.start(text, budgetS, figures),
      'realrun.stop': async ({ runId }) => {
        realRuns.stop(runId);
        return {};
      },
    },
    streams: {
      ...vmApi.streams,
      'realrun.events': ({ runId }, sink) => realRuns.subscribe(runId, sink),
    },
  };
  return {
    api,
    dispose: async () => {
      realRuns.dispose();
      await vms.dispose();
    },
  };
}
