import { z } from 'zod';
import { command } from './define';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Which transport the renderer is talking through. */
  mode: z.enum(['electron', 'web']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCommands = {
  'app.info': command(z.object({}), AppInfo),
};
