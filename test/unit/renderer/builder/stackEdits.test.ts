import { describe, expect, it } from 'vitest';
import { stackToYaml, type Stack } from '../../../../src/core/stack';
import { dropLayerOnto, dropPaletteItem } from '../../../../src/renderer/features/builder/model/canvasActions';
import { paletteItem } from '../../../../src/renderer/features/builder/model/layerCatalog';
import { scenarioActionsFor } from '../../../../src/renderer/features/builder/model/scenarioActions';
import { appendScenarioStep, copyLayers, deleteLayers, joinInto, pasteLayers, setLayerField } from '../../../../src/renderer/features/builder/model/stackEdits';
import { stackOf } from './fixtures/stackOf';

/** An edit's result survives the trip through YAML that every edit takes. */
function roundTrip(stack: Stack): Stack {
  return stackOf(stackToYaml(stack));
}

const twoNodes = stackOf(`
name: Two nodes
layers:
  - { id: N1, kind: node, cpus: 4 }
  - { id: N2, kind: node, cpus: 4 }
  - { id: os1, kind: os, on: N1 }
  - { id: os2, kind: os, on: N2 }
`);

describe('gestures on the canvas', () => {
  it('places a palette item on the layer it is dropped onto, with a fresh id', () => {
    const { stack, id } = dropPaletteItem(twoNodes, paletteItem('container:docker')!, 'os1');
    expect(id).toBe('ctnr1');
    expect(roundTrip(stack).layers.at(-1)).toMatchObject({ id: 'ctnr1', kind: 'container', product: 'docker', on: 'os1' });
  });

  it('puts a node dropped on empty canvas at the bottom, standing on nothing', () => {
    const { stack, id } = dropPaletteItem(twoNodes, paletteItem('node')!, undefined);
    expect(id).toBe('N3');
    expect(stack.layers.at(-1)).not.toHaveProperty('on');
  });

  it('names hypervisors after their product', () => {
    expect(dropPaletteItem(twoNodes, paletteItem('hypervisor:kvm')!, 'os1').id).toBe('kvm1');
  });

  it('moves a layer onto another, and refuses to put a layer on what stands on it', () => {
    const { stack } = dropPaletteItem(twoNodes, paletteItem('app:apache')!, 'os1');
    expect(dropLayerOnto(stack, 'app1', 'os2').layers.at(-1)).toMatchObject({ on: 'os2' });
    expect(dropLayerOnto(stack, 'N1', 'app1')).toBe(stack);
    expect(dropLayerOnto(stack, 'os1', 'os1')).toBe(stack);
  });

  it('adds a member to an SSI when one more layer is dropped under its band', () => {
    const { stack } = joinInto(twoNodes, ['os1'], 'ssi');
    expect(dropLayerOnto(stack, 'ssi1', 'os2').layers.at(-1)).toMatchObject({ on: ['os1', 'os2'] });
  });
});

describe('editing a stack', () => {
  it('joins selected members into an SSI, in file order', () => {
    const { stack, id } = joinInto(twoNodes, ['os2', 'os1'], 'ssi');
    expect(id).toBe('ssi1');
    expect(roundTrip(stack).layers.at(-1)).toMatchObject({ kind: 'ssi', product: 'kerrighed', on: ['os1', 'os2'] });
  });

  it('joins nodes into a vSMP machine', () => {
    const { stack } = joinInto(twoNodes, ['N1', 'N2'], 'vsmp');
    expect(stack.layers.at(-1)).toMatchObject({ id: 'vsmp1', kind: 'hypervisor', product: 'vsmp', on: ['N1', 'N2'] });
  });

  it('deletes layers, leaving what stood on them unplaced and dropping their scenario steps', () => {
    const withSsi = appendScenarioStep(joinInto(twoNodes, ['os1', 'os2'], 'ssi').stack, { at: 5, do: 'fail', target: 'N2' });
    const after = deleteLayers(withSsi, ['os2', 'N2']);
    expect(after.layers.map((l) => l.id)).toEqual(['N1', 'os1', 'ssi1']);
    expect(after.layers.at(-1)!.on).toEqual(['os1']);
    expect(after.scenario).toEqual([]);
    const noBase = deleteLayers(twoNodes, ['N1']);
    expect(noBase.layers.find((l) => l.id === 'os1')).not.toHaveProperty('on');
  });

  it('renames a layer everywhere it is named', () => {
    const withStep = appendScenarioStep(twoNodes, { at: 1, do: 'fail', target: 'N1' });
    const after = setLayerField(withStep, 'N1', 'id', 'alpha');
    expect(after.layers.find((l) => l.id === 'os1')!.on).toBe('alpha');
    expect(after.scenario![0]).toMatchObject({ target: 'alpha' });
  });

  it('refuses a name another layer holds, so a name typed through it on the way keeps both layers apart', () => {
    expect(setLayerField(twoNodes, 'N1', 'id', 'N2')).toBe(twoNodes);
    const after = setLayerField(setLayerField(twoNodes, 'N1', 'id', 'N2'), 'N1', 'id', 'N20');
    expect(after.layers.find((l) => l.id === 'os1')!.on).toBe('N20');
    expect(after.layers.find((l) => l.id === 'os2')!.on).toBe('N2');
  });

  it('sets and clears a field', () => {
    const set = setLayerField(twoNodes, 'N1', 'cpus', 16);
    expect(roundTrip(set).layers[0]).toMatchObject({ cpus: 16 });
    const cleared = setLayerField(set, 'N1', 'cpus', undefined);
    expect(roundTrip(cleared).layers[0]).toMatchObject({ cpus: 1 });
  });

  it('pastes copies with fresh ids, keeping references inside the copy and to the rest', () => {
    const copied = copyLayers(twoNodes, ['os1', 'N1']);
    const { stack, ids } = pasteLayers(twoNodes, copied);
    expect(ids).toEqual(['N3', 'os3']);
    expect(stack.layers.find((l) => l.id === 'os3')!.on).toBe('N3');
    const vmOnly = pasteLayers(twoNodes, copyLayers(twoNodes, ['os2']));
    expect(vmOnly.stack.layers.at(-1)).toMatchObject({ id: 'os3', on: 'N2' });
  });

  it('keeps the scenario in time order', () => {
    const a = appendScenarioStep(twoNodes, { at: 30, do: 'fail', target: 'N2' });
    const b = appendScenarioStep(a, { at: 10, do: 'suspend', target: 'os1' });
    expect(b.scenario!.map((s) => s.at)).toEqual([10, 30]);
  });
});

describe('fresh ids', () => {
  // A student's own ids may use another case than the palette's (vm1, n2, OS1).
  const ownCase = stackOf(`
name: Own case
layers:
  - { id: n1, kind: node, cpus: 4 }
  - { id: N2, kind: node, cpus: 4 }
  - { id: OS1, kind: os, on: n1 }
  - { id: Xen1, kind: hypervisor, product: xen, on: N2 }
  - { id: vm1, kind: vm, on: Xen1 }
  - { id: SSI1, kind: ssi, on: [OS1] }
`);
  const folded = (stack: Stack): string[] => stack.layers.map((l) => l.id.toLowerCase());

  it('never clash with an existing id that differs only in case, whichever gesture makes them', () => {
    expect(dropPaletteItem(ownCase, paletteItem('node')!, undefined).id).toBe('N3');
    expect(dropPaletteItem(ownCase, paletteItem('vm')!, 'Xen1').id).toBe('VM2');
    expect(dropPaletteItem(ownCase, paletteItem('os:linux')!, 'N2').id).toBe('os2');
    expect(dropPaletteItem(ownCase, paletteItem('hypervisor:xen')!, 'OS1').id).toBe('xen2');
    expect(joinInto(ownCase, ['OS1'], 'ssi').id).toBe('ssi2');
    const pasted = pasteLayers(ownCase, copyLayers(ownCase, ['n1', 'OS1', 'vm1']));
    expect(pasted.ids).toEqual(['N3', 'os2', 'VM2']);
    expect(new Set(folded(pasted.stack)).size).toBe(pasted.stack.layers.length);
    const addNode = scenarioActionsFor(ownCase, 'n1', 5).find((a) => a.step.do === 'add-node')!.step;
    expect(addNode.do === 'add-node' && addNode.layers.map((l) => l.id)).toEqual(['N3', 'os2']);
  });
});
