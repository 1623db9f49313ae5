import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkStackText, parseStack, stackToYaml } from '../../../../src/core/stack';

const dir = new URL('../../../../assets/presets/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as {
  presets: Array<{ file: string; title: string; slide: string; expect: string }>;
};
const read = (file: string) => readFileSync(new URL(file, dir), 'utf8');

describe('the seminar presets', () => {
  it('lists every preset file in the index, and only those', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.stack.yaml'))
      .sort();
    expect(index.presets.map((p) => p.file).sort()).toEqual(files);
  });

  it.each(index.presets.map((p) => [p.file, p] as const))('%s is judged as the seminar judged it', (file, preset) => {
    const result = checkStackText(read(file));
    expect(result.stack?.description, 'a description naming the slide').toContain(`"${preset.slide.replace(/ \(experiments\)$/, '')}"`);
    if (preset.expect === 'valid') {
      expect(result.findings.filter((f) => f.severity !== 'note')).toEqual([]);
      expect(result.valid).toBe(true);
    } else {
      expect(result.valid).toBe(false);
      expect(result.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual([preset.expect]);
    }
  });

  it.each(index.presets.map((p) => [p.file] as const))('%s survives a round trip through the YAML writer', (file) => {
    const { stack } = parseStack(read(file));
    expect(parseStack(stackToYaml(stack!)).stack).toEqual(stack);
  });

  it('rejects SSI on containers with ssi-needs-own-kernel, on the SSI layer', () => {
    const result = checkStackText(read('ssi-on-containers.stack.yaml'));
    expect(result.findings).toContainEqual(expect.objectContaining({ severity: 'error', rule: 'ssi-needs-own-kernel', layer: 'SSI' }));
  });

  it('lets a container on the SSI see the whole cluster', () => {
    const { views } = checkStackText(read('containers-on-ssi.stack.yaml'));
    expect(views.App1).toEqual({
      cpus: 8,
      memoryMiB: 8192,
      arch: 'x86_64',
      kernel: 'ssi',
      sharesKernelWith: ['App2', 'App3', 'App4'],
      failureDomains: ['N1', 'N2', 'N3', 'N4'],
    });
    expect(views.App3?.cpus).toBe(4);
  });

  it('runs QEMU inside VMware with a note, and refuses VMware inside VMware', () => {
    expect(checkStackText(read('qemu-inside-vmware.stack.yaml')).findings.map((f) => f.rule)).toEqual(['emulation-in-vm']);
    expect(checkStackText(read('vmware-on-vmware.stack.yaml')).findings.map((f) => f.rule)).toEqual(['bt-in-bt']);
  });

  it("gives the Windows app of the three layers of flexibility a Windows kernel on every node's failure", () => {
    const { views, classes } = checkStackText(read('three-layers-of-flexibility.stack.yaml'));
    expect(views.App1).toMatchObject({ kernel: 'windows', failureDomains: ['N1', 'N2', 'N3'] });
    expect(classes.qemu).toBe('emulator');
    expect(classes.winvm).toBe('emulated-hardware');
  });
});
