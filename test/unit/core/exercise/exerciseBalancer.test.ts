import { describe, expect, it } from 'vitest';
import { evaluateExercise, exerciseNeeds, type SimulationInput } from '../../../../src/core/exercise';
import { cellJsonSchema, parseLesson, type ExerciseCell, type SimBalancer } from '../../../../src/core/lesson';
import { simulate, toSimStack } from '../../../../src/core/sim';
import { checkStackText } from '../../../../src/core/stack';

function exerciseCell(body: string) {
  const { lesson, diagnostics } = parseLesson(`---\ntitle: T\nobjectives:\n  - { id: o, text: t }\n---\n\`\`\`exercise id=e objective=o\n${body}\`\`\`\n`);
  return { cell: lesson.cells.find((c): c is ExerciseCell => c.kind === 'exercise'), diagnostics };
}

/** Lesson 14's phantom-tenant: VM1 shows 2 vCPUs, but a tenant the SSI cannot see takes half of N1. */
const PHANTOM = `name: Two schedulers, and a tenant the SSI cannot see
layers:
  - { id: N1, kind: node, cpus: 2, memoryMiB: 4096 }
  - { id: N2, kind: node, cpus: 2, memoryMiB: 4096 }
  - { id: OS1, kind: os, product: linux, on: N1 }
  - { id: OS2, kind: os, product: linux, on: N2 }
  - { id: Hyp1, kind: hypervisor, product: kvm, on: OS1 }
  - { id: Hyp2, kind: hypervisor, product: kvm, on: OS2 }
  - { id: VM1, kind: vm, vcpus: 2, memoryMiB: 1024, on: Hyp1 }
  - { id: VM3, kind: vm, vcpus: 2, memoryMiB: 1024, on: Hyp2 }
  - { id: other, kind: vm, vcpus: 2, memoryMiB: 1024, on: Hyp1 }
  - { id: otheros, kind: os, product: linux, on: other }
  - { id: tenant, kind: app, workload: custom, processes: 2, cpuSeconds: 600, on: otheros }
  - { id: krg, kind: ssi, product: kerrighed, on: [VM1, VM3] }
  - { id: mb, kind: app, workload: mrbayes, processes: 4, cpuSeconds: 60, on: krg }
`;

describe('the balancer of a simulate predicate', () => {
  it('parses, is optional, and rejects a policy the simulator does not have', () => {
    const ok = exerciseCell('goal: g\nexpect:\n  - { simulate: { app: mb, makespanS: { lte: 1 }, balancer: hypervisor-aware } }\n');
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ok.cell?.exercise?.expect[0]).toEqual({ simulate: { app: 'mb', makespanS: { lte: 1 }, balancer: 'hypervisor-aware' } });
    const bad = exerciseCell('goal: g\nexpect:\n  - { simulate: { app: mb, balancer: sideways } }\n');
    expect(bad.cell?.exercise).toBeFalsy();
    expect(bad.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('is in the exercise cell JSON Schema, with its two values', () => {
    const text = JSON.stringify(cellJsonSchema('exercise'));
    expect(text).toContain('"balancer"');
    expect(text).toContain('"hypervisor-aware"');
  });

  it('compares the two policies on real simulations of a stack with phantom CPUs', async () => {
    const { cell } = exerciseCell(
      [
        'goal: g',
        'expect:',
        '  - { simulate: { app: mb, makespanS: { gt: 0 }, balancer: oblivious } }',
        '  - { simulate: { app: mb, makespanS: { gt: 0 }, balancer: hypervisor-aware } }',
        '',
      ].join('\n'),
    );
    const exercise = cell!.exercise!;
    const checked = checkStackText(PHANTOM);
    expect(checked.stack).toBeTruthy();
    const runs: Partial<Record<SimBalancer, SimulationInput>> = {};
    for (const balancer of exerciseNeeds(exercise).balancers) runs[balancer] = simulate(toSimStack(checked.stack!), { balancer });
    expect(Object.keys(runs)).toEqual(['oblivious', 'hypervisor-aware']);
    const oblivious = runs.oblivious!.apps.mb!.makespanS!;
    const aware = runs['hypervisor-aware']!.apps.mb!.makespanS!;
    // The aware balancer sees that VM1's vCPUs get half a core each, and places one rank fewer there.
    expect(aware).toBeLessThan(oblivious);
    const result = await evaluateExercise(exercise, { simulations: runs });
    expect(result.passed).toBe(true);
  });
});
