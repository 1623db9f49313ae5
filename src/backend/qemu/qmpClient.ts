/** An asynchronous event QEMU sent (STOP, RESUME, SHUTDOWN, MIGRATION...). */
export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

/** QEMU answered a command with `{"error": ...}`. */
export class QmpError extends Error {
  constructor(
    readonly command: string,
    readonly errorClass: string,
    desc: string,
  ) {
    super(`QMP ${command}: ${desc}`);
    this.name = 'QmpError';
  }
}

/** A QMP job (snapshot-save, snapshot-load...) ended with the error QEMU reports in `query-jobs`. */
export class QmpJobError extends Error {
  constructor(
    readonly command: string,
    readonly jobId: string,
    readonly qemuError: string,
  ) {
    super(`${command}: ${qemuError}`);
    this.name = 'QmpJobError';
  }
}

/** The connection ended before an answer. */
export class QmpClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QmpClosedError';
  }
}

/** QEMU did not answer in time; the connection stays usable (a late answer is dropped). */
export class QmpTimeoutError extends Error {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`QMP command ${command} timed out after ${timeoutMs} ms`);
    this.name = 'QmpTimeoutError';
  }
}

/**
 * Where the client is, after QEMU's Python QMP library: every method is gated by it.
 * `greeting`: waiting for QEMU's banner; `negotiating`: qmp_capabilities sent;
 * `running`: commands allowed; `closed`: every pending command was rejected.
 */
export type QmpRunState = 'greeting' | 'negotiating' | 'running' | 'closed';

export interface QmpTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** One entry of `query-jobs`. */
interface QmpJobInfo {
  id: string;
  type: string;
  status: string;
  error?: string;
}

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/**
 * A sans-IO QMP client: `receive()` takes bytes from QEMU, `send` (given at
 * construction) is handed the bytes to write. No socket inside, so unit tests feed it
 * recorded transcripts and a socket adapter (qmpSocket.ts) attaches it to QEMU.
 */
export class QmpClient {
  private state: QmpRunState = 'greeting';
  private buffered = '';
  /** One decoder for the whole stream: a character cut between two reads stays whole. */
  private readonly decoder = new TextDecoder();
  private nextId = 1;
  private nextJob = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Set<(event: QmpEvent) => void>();
  private readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private closeReason: string | undefined;
  /** QEMU's version from the greeting, e.g. `7.2.22`. */
  version: string | undefined;

  constructor(
    private readonly send: (data: string) => void,
    private readonly timers: QmpTimers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) },
    private readonly defaultTimeoutMs = 10_000,
  ) {}

  get runState(): QmpRunState {
    return this.state;
  }

  /** Resolves once capabilities are negotiated; rejects if the connection closes first. */
  ready(): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new QmpClosedError(this.closeReason ?? 'QMP connection closed'));
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Feeds bytes read from QEMU; complete lines are parsed, a partial one is kept. */
  receive(data: string | Uint8Array): void {
    if (this.state === 'closed') return;
    this.buffered += typeof data === 'string' ? data : this.decoder.decode(data, { stream: true });
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      if (line) this.handle(line);
      // handle() may have closed the client (garbage from QEMU).
      if ((this.state as QmpRunState) === 'closed') return;
    }
  }

  /** Runs a command; resolves with its `return` value, rejects with QmpError, QmpTimeoutError or QmpClosedError. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>, timeoutMs = this.defaultTimeoutMs): Promise<T> {
    if (this.state !== 'running') {
      return Promise.reject(new QmpClosedError(`QMP ${command}: the connection is ${this.state === 'closed' ? `closed (${this.closeReason})` : 'not ready'}`));
    }
    return this.request<T>(command, args, timeoutMs);
  }

  /**
   * Runs a command that starts a QMP job (`job-id` added) and waits for the job to
   * conclude: its error, if any, is the `error` field `query-jobs` reports. The job is
   * dismissed either way (snapshot jobs are created with manual dismissal).
   */
  async runJob(command: string, args: Record<string, unknown>, timeoutMs: number, pollMs = 50): Promise<void> {
    const id = `strata-job-${this.nextJob++}`;
    await this.execute(command, { 'job-id': id, ...args });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        const job = (await this.execute<QmpJobInfo[]>('query-jobs')).find((j) => j.id === id);
        if (!job) throw new QmpJobError(command, id, 'QEMU no longer lists the job');
        if (job.status === 'concluded') {
          if (job.error !== undefined) throw new QmpJobError(command, id, job.error);
          return;
        }
        if (Date.now() > deadline) throw new QmpTimeoutError(command, timeoutMs);
        await new Promise<void>((resolve) => this.timers.set(resolve, pollMs));
      }
    } finally {
      await this.execute('job-dismiss', { id }).catch(() => undefined);
    }
  }

  onEvent(listener: (event: QmpEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The transport ended: rejects every pending command and waiter. */
  close(reason = 'QMP connection closed'): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    const error = new QmpClosedError(reason);
    for (const p of this.pending.values()) {
      this.timers.clear(p.timer);
      p.reject(new QmpClosedError(`QMP ${p.command}: ${reason}`));
    }
    this.pending.clear();
    for (const w of this.readyWaiters) w.reject(error);
    this.readyWaiters = [];
  }

  private request<T>(command: string, args: Record<string, unknown> | undefined, timeoutMs: number): Promise<T> {
    const id = `strata-${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      const timer = this.timers.set(() => {
        this.pending.delete(id);
        reject(new QmpTimeoutError(command, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject, timer });
      this.send(JSON.stringify(args ? { execute: command, arguments: args, id } : { execute: command, id }) + '\n');
    });
  }

  private handle(line: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.close(`QMP sent something that is not JSON: ${line.slice(0, 80)}`);
      return;
    }
    if (this.state === 'greeting') {
      const qmp = msg.QMP as { version?: { qemu?: { major: number; minor: number; micro: number } } } | undefined;
      if (!qmp) {
        this.close('QMP did not start with a greeting');
        return;
      }
      const v = qmp.version?.qemu;
      if (v) this.version = `${v.major}.${v.minor}.${v.micro}`;
      this.state = 'negotiating';
      this.request('qmp_capabilities', undefined, this.defaultTimeoutMs).then(
        () => {
          if (this.state !== 'negotiating') return;
          this.state = 'running';
          for (const w of this.readyWaiters) w.resolve();
          this.readyWaiters = [];
        },
        (err: Error) => this.close(`QMP capability negotiation failed: ${err.message}`),
      );
      return;
    }
    if (typeof msg.event === 'string') {
      const event = msg as unknown as QmpEvent;
      for (const listener of this.eventListeners) listener(event);
      return;
    }
    const id = typeof msg.id === 'string' ? msg.id : undefined;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (!pending || id === undefined) return; // an answer to a command that already timed out
    this.pending.delete(id);
    this.timers.clear(pending.timer);
    if ('error' in msg) {
      const e = msg.error as { class?: string; desc?: string };
      pending.reject(new QmpError(pending.command, e.class ?? 'GenericError', e.desc ?? 'unknown error'));
    } else {
      pending.resolve(msg.return);
    }
  }
}
