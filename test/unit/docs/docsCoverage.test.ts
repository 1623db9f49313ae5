import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as costModel from '../../../src/core/sim/costModel';
import { AUTO_CONVERGE, RESUME_S } from '../../../src/core/sim/preCopy';
import { BALANCE_INTERVAL_S, MIGRATION_GAIN, RESIDENCY_S } from '../../../src/core/sim/ssiBalancer';
import { layerSchemas, listRules, Network, stepSchemas, Stack } from '../../../src/core/stack';

// The pages in docs/ describe the code; these checks fail when the code grows a rule,
// a field or a parameter that the pages do not name.
const page = (name: string): string => readFileSync(new URL(`../../../docs/${name}.md`, import.meta.url), 'utf8');

describe('docs/stack-format.md', () => {
  const text = page('stack-format');

  it('names every rule of the stack checker', () => {
    const missing = listRules()
      .filter((r) => !text.includes(`\`${r.id}\``))
      .map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('names every field of the stack file, of each layer kind and of each scenario verb', () => {
    const fields = [
      ...Object.keys(Stack.shape),
      ...Object.keys(Network.shape),
      ...Object.values(layerSchemas).flatMap((s) => Object.keys(s.shape)),
      ...Object.values(stepSchemas).flatMap((s) => Object.keys(s.shape)),
      ...Object.keys(stepSchemas),
    ];
    const missing = [...new Set(fields)].filter((f) => !text.includes(`\`${f}\``));
    expect(missing).toEqual([]);
  });
});

describe('docs/simulator.md', () => {
  const text = page('simulator');
  const row = (name: string): string => text.split('\n').find((l) => l.startsWith(`| \`${name}`)) ?? '';

  it('gives every factor of the cost model with its value', () => {
    const costs: Array<[string, costModel.LayerCost]> = [
      ['NATIVE_COST', costModel.NATIVE_COST],
      ['CONTAINER_COST', costModel.CONTAINER_COST],
      ['VSMP_COST', costModel.VSMP_COST],
      ...Object.entries(costModel.TECHNIQUE_COST).map(([t, c]): [string, costModel.LayerCost] => [`TECHNIQUE_COST.${t}`, c]),
    ];
    for (const [name, cost] of costs) expect(row(name), name).toMatch(new RegExp(`^\\| \`${name.replace('.', '\\.')}\` \\| ${cost.cpu} \\| ${cost.io} \\|`));
    expect(row('SSI_REMOTE_IO_FACTOR')).toContain(`| ${costModel.SSI_REMOTE_IO_FACTOR} |`);
    for (const [os, f] of Object.entries(costModel.HOST_OS_IO_FACTOR)) expect(row('HOST_OS_IO_FACTOR')).toContain(`${os} ${f}`);
    expect(row('PROCESS_FREEZE_S')).toContain(`${costModel.PROCESS_FREEZE_S * 1000} ms`);
    expect(costModel.PROCESS_RESTORE_S).toBe(costModel.PROCESS_FREEZE_S);
    expect(row('CHECKPOINT_DISK_MiBps')).toContain(`${costModel.CHECKPOINT_DISK_MiBps} MiB/s`);
  });

  it('gives the migration and balancer parameters with their values', () => {
    expect(row('RESUME_S')).toContain(`${RESUME_S * 1000} ms`);
    expect(row('AUTO_CONVERGE')).toContain(
      `from ${AUTO_CONVERGE.initial * 100} %, +${AUTO_CONVERGE.increment * 100} % a step, up to ${AUTO_CONVERGE.max * 100} %`,
    );
    expect(row('BALANCE_INTERVAL_S')).toContain(`${BALANCE_INTERVAL_S} s`);
    expect(row('MIGRATION_GAIN')).toContain(`${MIGRATION_GAIN}`);
    expect(row('RESIDENCY_S')).toContain(`${RESIDENCY_S} s`);
  });
});
