import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import type { VmExecResult } from '../../api/vmApi';

/** Output kept of one command; the guest sends one byte more so a cut shows. */
export const EXEC_OUTPUT_LIMIT = 64 * 1024;
/** busybox base64 writes 76 characters (57 bytes) a line. */
const MAX_BASE64_LINES = Math.ceil((EXEC_OUTPUT_LIMIT + 1) / 57);
/** The guest's answer may lag its own kill by this much on a busy host (TCG). */
const ANSWER_GRACE_MS = 15_000;

interface Pending {
  nonce: string;
  base64: string[];
  started: boolean;
  resolve: (result: VmExecResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The checker's channel to a guest of Strata's image: its second serial line, where the
 * guest's `strata-exec` loop (assets/guest/exec-channel) runs each command in a fresh
 * shell and answers with its output and exit status. Nothing travels on the console, so
 * the student never sees a check's command. Requests and answers carry a random nonce:
 * an answer that comes too late, or text the student writes to /dev/ttyS1 as root, is
 * not taken for another command's answer. One command at a time, as the guest runs them.
 */
export class ExecChannel {
  private socket: net.Socket | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private partial = '';

  constructor(private readonly vmId: string) {}

  /** Reads and writes this socket from now on (a migration brings a new one). */
  attach(socket: net.Socket): void {
    this.detach();
    this.socket = socket;
    this.partial = '';
    socket.setEncoding('latin1');
    socket.on('data', this.onData);
    socket.once('close', () => {
      if (this.socket === socket) this.pending?.reject(new Error(`${this.vmId} stopped while the command ran`));
    });
    // The answer under way went to the old socket's guest process and is lost with it.
    this.pending?.reject(new Error(`${this.vmId} moved to another node while the command ran`));
  }

  detach(): void {
    this.socket?.off('data', this.onData);
    this.socket = undefined;
  }

  /** Runs `command` with `sh -c` in the guest, killed after `timeoutMs`. */
  run(command: string, timeoutMs: number): Promise<VmExecResult> {
    const next = this.queue.then(() => this.send(command, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private send(command: string, timeoutMs: number): Promise<VmExecResult> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.reject(new Error(`${this.vmId} is not running`));
    const nonce = randomBytes(8).toString('hex');
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    return new Promise<VmExecResult>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(pending.timer);
        if (this.pending === pending) this.pending = undefined;
      };
      const pending: Pending = {
        nonce,
        base64: [],
        started: false,
        resolve: (r) => {
          settle();
          resolve(r);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
        timer: setTimeout(
          () => pending.reject(new Error(`${this.vmId} did not answer the command within ${Math.round((timeoutMs + ANSWER_GRACE_MS) / 1000)} s`)),
          timeoutMs + ANSWER_GRACE_MS,
        ),
      };
      this.pending = pending;
      socket.write(`X ${nonce} ${seconds} ${Buffer.from(command).toString('base64')}\n`);
    });
  }

  private readonly onData = (chunk: string): void => {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    // A line without its end for this long is not an answer of ours.
    if (this.partial.length > 4096) this.partial = '';
    for (const line of lines) this.onLine(line.replace(/\r$/, ''));
  };

  private onLine(line: string): void {
    const p = this.pending;
    if (!p) return;
    if (line === `B ${p.nonce}`) {
      p.started = true;
      p.base64 = [];
      return;
    }
    if (!p.started) return;
    const end = new RegExp(`^E ${p.nonce} (\\d+)$`).exec(line);
    if (end) {
      const bytes = Buffer.from(p.base64.join(''), 'base64');
      const truncated = bytes.length > EXEC_OUTPUT_LIMIT;
      p.resolve({ stdout: new TextDecoder().decode(truncated ? bytes.subarray(0, EXEC_OUTPUT_LIMIT) : bytes), exitCode: Number(end[1]), truncated });
      return;
    }
    // Bounded: the guest sends at most the limit, but root in the guest can write to ttyS1.
    if (/^[A-Za-z0-9+/=]*$/.test(line) && p.base64.length < MAX_BASE64_LINES) p.base64.push(line);
  }
}
