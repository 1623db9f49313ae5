/** Where a subcommand writes; tests pass buffers, the real CLI passes process streams. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM), with the signal when there was one; long-running commands await it. */
  interrupted: Promise<NodeJS.Signals | void>;
}

export interface CliCommand {
  /** One line for `strata --help`. */
  summary: string;
  /** Full usage text for `strata COMMAND --help`. */
  usage: string;
  /** Runs the command; resolves to the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}
