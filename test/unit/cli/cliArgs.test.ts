import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/cliArgs';

const options = { json: { type: 'boolean' }, seed: { type: 'string' } } as const;

describe("a command's arguments, read with util.parseArgs", () => {
  it('reads flags, options with a value (spaced or after =) and files in any order', () => {
    expect(parseCliArgs(['--seed', '3', 'a.yaml', '--json'], options, 'one FILE')).toEqual({ values: { seed: '3', json: true }, positionals: ['a.yaml'] });
    expect(parseCliArgs(['--seed=4', 'a.yaml'], options, 'one FILE')).toEqual({ values: { seed: '4' }, positionals: ['a.yaml'] });
  });

  it('takes a value that starts with a dash, and a file after --', () => {
    expect(parseCliArgs(['--seed', '-3', '--', '--odd.yaml'], options, 'one FILE')).toEqual({ values: { seed: '-3' }, positionals: ['--odd.yaml'] });
  });

  it('says what is wrong in the words the commands print', () => {
    expect(parseCliArgs(['a.yaml', '--jsn'], options, 'one FILE')).toBe('unknown option --jsn');
    expect(parseCliArgs(['a.yaml', '-j'], options, 'one FILE')).toBe('unknown option -j');
    expect(parseCliArgs(['a.yaml', '--seed'], options, 'one FILE')).toBe('--seed needs a value');
    expect(parseCliArgs(['a.yaml', '--json=yes'], options, 'one FILE')).toBe('--json takes no value');
    expect(parseCliArgs(['--json'], options, 'one FILE')).toBe('give exactly one FILE');
    expect(parseCliArgs(['a.yaml', 'b.yaml'], options, 'one FILE')).toBe('give exactly one FILE');
    expect(parseCliArgs(['--json', 'extra'], options, 'none')).toBe('unexpected argument extra');
    expect(parseCliArgs(['x', 'y'], options, 'any')).toEqual({ values: {}, positionals: ['x', 'y'] });
  });

  it('does not take an inherited name for an option', () => {
    expect(parseCliArgs(['--toString'], options, 'any')).toBe('unknown option --toString');
  });
});
