import { readInputFile } from './readInput';
import type { Finding } from '../core/stack';
// Only the rule texts: the checker itself loads in the worker thread (cliTasks.ts).
import { ruleInfo } from '../core/stack/ruleCatalogue';
import type { CliCommand, CliIO } from './cliCommand';
import { parseCliArgs } from './cliArgs';
import { runOffThread, signalExitCode } from './offThread';

const usage = `Usage: strata check FILE [--json] [--explain]

Checks a stack file (*.stack.yaml): its format, what stands on what, the SSI and
virtualization rules, and overcommit. Prints one line per finding,
FILE:LINE:COL: severity RULE-ID layer: message (layer "-" for the file), then a summary.

  --json     print {"valid", "findings", "classes", "views"} instead
  --explain  after each finding, print why the rule holds and how to fix it

Exit status: 0 when no error is found, 1 when one is, 2 when the file cannot be read,
130 or 143 when stopped by Ctrl-C or SIGTERM.
`;

/** `strata check`: the stack checker on the command line, for teachers, scripts and CI. */
export const checkCommand: CliCommand = {
  summary: 'check a stack file against the rules (strata check FILE [--json])',
  usage,
  run: runCheck,
};

async function runCheck(args: string[], io: CliIO): Promise<number> {
  const parsed = parseCliArgs(args, { json: { type: 'boolean' }, explain: { type: 'boolean' } }, 'one FILE');
  if (typeof parsed === 'string') {
    io.err(`strata check: ${parsed}\n\n${usage}`);
    return 2;
  }
  const file = parsed.positionals[0] as string;
  const text = await readInputFile('check', file, io);
  if (text === undefined) return 2;
  const outcome = await runOffThread('check', { text }, io.interrupted, () => io.err(`strata check: still checking ${file}; Ctrl-C stops\n`));
  if (!outcome.done) {
    io.err(`strata check: stopped by ${outcome.signal}\n`);
    return signalExitCode(outcome.signal);
  }
  const { valid, findings, classes, views } = outcome.value;
  if (parsed.values.json) {
    io.out(JSON.stringify({ valid, findings, classes, views }, null, 2) + '\n');
  } else {
    const explain = parsed.values.explain === true;
    for (const f of findings) {
      io.out(`${findingLine(file, f)}\n`);
      if (explain) io.out(explanation(f));
    }
    io.out(`${summary(file, valid, findings)}\n`);
  }
  return valid ? 0 : 1;
}

/** `FILE:LINE:COL: severity RULE-ID layer: message`, as docs/cli.md fixes it. */
export function findingLine(file: string, f: Finding): string {
  return `${file}:${f.line ?? 1}:${f.column ?? 1}: ${f.severity} ${f.rule} ${f.layer ?? '-'}: ${f.message}`;
}

function explanation(f: Finding): string {
  const info = ruleInfo(f.rule);
  if (!info) return '';
  const lines = [`    why: ${info.explanation}`];
  if (info.fix) lines.push(`    fix: ${info.fix}`);
  if (info.seminar) lines.push(`    seminar: ${info.seminar}`);
  return lines.join('\n') + '\n';
}

function summary(file: string, valid: boolean, findings: Finding[]): string {
  const count = (severity: Finding['severity'], word: string) => {
    const n = findings.filter((f) => f.severity === severity).length;
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  };
  return `${file}: ${valid ? 'valid' : 'invalid'} (${count('error', 'error')}, ${count('warning', 'warning')}, ${count('note', 'note')})`;
}
