import type { z } from 'zod';
import { appCommands } from './appApi';
import { checkpointCommands } from './checkpointApi';
import { calibrationCommands } from './calibrationApi';
import { doctorCommands } from './doctorApi';
import { lessonsCommands } from './lessonsApi';
import { realRunCommands, realRunStreams } from './realRunApi';
import { vmCommands, vmStreams } from './vmApi';
import { workspaceCommands } from './workspaceApi';
import type { CommandSpec, StreamSpec } from './define';

/**
 * The whole API between renderer and backend. Each feature declares its commands and
 * streams in its own `*Api.ts` file; this map joins them. The one transport, the local
 * server's WebSocket (which the desktop window loads too), serves exactly this map.
 */
export const commands = {
  ...appCommands,
  ...checkpointCommands,
  ...calibrationCommands,
  ...doctorCommands,
  ...lessonsCommands,
  ...realRunCommands,
  ...vmCommands,
  ...workspaceCommands,
} satisfies Record<string, CommandSpec>;

export const streams = {
  ...vmStreams,
  ...realRunStreams,
} satisfies Record<string, StreamSpec>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type Request<M extends CommandName> = z.input<Commands[M]['request']>;
export type Response<M extends CommandName> = z.output<Commands[M]['response']>;

export type Streams = typeof streams;
export type StreamName = keyof Streams;
export type StreamParams<S extends StreamName> = z.input<Streams[S]['params']>;
/** What a stream delivers: bytes for terminal-like streams, a typed event otherwise. */
export type StreamData<S extends StreamName> = Streams[S] extends { kind: 'json'; event: infer E extends z.ZodType } ? z.output<E> : Uint8Array;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.prototype.hasOwnProperty.call(streams, name);
}
