import { readFileSync } from 'node:fs';
import type { CliIO } from './cliCommand';
import { cliCommands } from './commands';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function help(): Promise<string> {
  const lines = ['Usage: strata <command> [options]', '', 'Strata: virtualization and single-system-image clusters, learnt by building them.', '', 'Commands:'];
  for (const [name, load] of Object.entries(cliCommands)) {
    const cmd = await load();
    lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  lines.push('', 'Options:', "  --help       show this help, or a command's with `strata COMMAND --help`", '  --version    print the version', '');
  lines.push('Environment: STRATA_HOME (workspace, image cache, runtime sockets; default ~/.strata)');
  return lines.join('\n') + '\n';
}

function processIO(): CliIO {
  const interrupted = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), interrupted };
}

/** Entry point of the `strata` command; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(await help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`strata ${version()}\n`);
    return 0;
  }
  const load = cliCommands[name];
  if (!load) {
    io.err(`strata: unknown command "${name}". Run \`strata --help\` for the list.\n`);
    return 2;
  }
  const cmd = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n');
    return 0;
  }
  return cmd.run(rest, io);
}
