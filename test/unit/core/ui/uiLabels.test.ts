import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelPath, PRESET_TITLES, UI_LABELS, unknownLabel } from '../../../../src/core/ui/uiLabels';

describe('UI labels', () => {
  it('lists the presets of assets/presets/index.json, in order', () => {
    const index = JSON.parse(readFileSync(new URL('../../../../assets/presets/index.json', import.meta.url), 'utf8')) as { presets: Array<{ title: string }> };
    expect(PRESET_TITLES).toEqual(index.presets.map((p) => p.title));
  });

  it('knows the labels lessons name', () => {
    for (const label of ['Run', 'Check', 'Boot', 'Builder', 'YAML', 'Lessons', 'Machines', 'Presets', 'Migrate to…', 'Open in builder', 'Save to cell'])
      expect(UI_LABELS.has(label)).toBe(true);
    expect(unknownLabel('Simulate')).toMatch(/not a label/);
    expect(unknownLabel('Open in simulator')).toMatch(/not a label/);
  });

  it('reads menu paths, and checks items against their menu', () => {
    expect(labelPath(' Presets >  Kerrighed upon Xen ')).toEqual(['Presets', 'Kerrighed upon Xen']);
    expect(unknownLabel('Presets > Kerrighed upon Xen')).toBeNull();
    expect(unknownLabel('Presets > one-node')).toMatch(/not an item of the Presets menu/);
    expect(unknownLabel('Builder > Presets > Two isolated SSIs on one cluster')).toBeNull();
  });
});
