import { parseArgs } from 'node:util';

/** The options a command takes, by long name without `--`: flags, or options with a value. */
export type CliOptions = Record<string, { type: 'boolean' | 'string' }>;

/** What the options were given: true for a flag, the text for an option with a value (the last one when repeated). */
export type CliValues<O extends CliOptions> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };

/** The arguments that are no option a command takes: exactly one FILE, none, or any number (it checks them). */
export type CliPositionals = 'one FILE' | 'none' | 'any';

export interface CliArgs<O extends CliOptions> {
  values: CliValues<O>;
  /** The arguments that are no option (files, subcommands), in order. */
  positionals: string[];
}

/**
 * Reads a command's arguments with Node's `util.parseArgs` (`--name value` and
 * `--name=value`; `--` ends the options). Returns what is wrong instead, in the words the
 * commands print (docs/cli.md): `unknown option X`, `X needs a value`, `X takes no value`,
 * `give exactly one FILE`, or `unexpected argument X` for a command that takes none.
 * parseArgs runs non-strict so that a value may start with `-` (`--seed -3`), and the
 * checks below, not its own error texts, word the message.
 */
export function parseCliArgs<O extends CliOptions>(args: readonly string[], options: O, takes: CliPositionals): CliArgs<O> | string {
  const { values, positionals, tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) return `unknown option ${token.rawName}`;
    if (spec.type === 'string' && token.value === undefined) return `${token.rawName} needs a value`;
    if (spec.type === 'boolean' && token.inlineValue) return `${token.rawName} takes no value`;
  }
  if (takes === 'one FILE' && positionals.length !== 1) return 'give exactly one FILE';
  if (takes === 'none' && positionals.length > 0) return `unexpected argument ${positionals[0]}`;
  // Every option given was checked against `options` above, so the values have their types.
  return { values: values as CliValues<O>, positionals };
}
