import type { z } from 'zod';
import type { CommandName, Commands, Response, StreamData, StreamName, Streams } from './contract';
import type { ApiErrorBody } from './errors';

/** What the backend implements for each command: the request arrives already validated. */
export type CommandHandlers = {
  [M in CommandName]: (request: z.output<Commands[M]['request']>) => Promise<Response<M>>;
};

/**
 * Where a stream's producer writes. `write` returns false once the consumer is behind
 * (above the high watermark); the producer should then pause its source until `onDrain`.
 */
export interface StreamSink<T> {
  write(data: T): boolean;
  onDrain(listener: () => void): void;
  end(error?: ApiErrorBody): void;
  readonly closed: boolean;
}

/** A stream producer: starts on subscribe, returns the function that stops it. */
export type StreamHandlers = {
  [S in StreamName]: (params: z.output<Streams[S]['params']>, sink: StreamSink<StreamData<S>>) => () => void;
};

export interface ApiImplementation {
  commands: CommandHandlers;
  streams: StreamHandlers;
}
