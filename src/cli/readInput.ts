import { readFile } from 'node:fs/promises';
import type { CliIO } from './cliCommand';

/** The text of the FILE a command was given, or undefined after saying on stderr why it cannot be read (the command then exits 2). */
export async function readInputFile(command: string, file: string, io: CliIO): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    io.err(`strata ${command}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return undefined;
  }
}
