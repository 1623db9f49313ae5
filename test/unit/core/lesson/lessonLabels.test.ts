import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../../src/core/lesson';

function labelFindings(body: string) {
  return parseLesson(`---\ntitle: T\n---\n${body}`, 'l.md').diagnostics.filter((d) =>
    ['unknown-ui-label', 'unmarked-ui-label', 'unknown-preset'].includes(d.rule),
  );
}

describe('UI labels in lessons', () => {
  it('accepts labels the app shows, menu paths and preset titles', () => {
    expect(labelFindings('Press [[Run]], then [[Check]]. Choose [[Presets > Kerrighed upon Xen]] in the [[Builder]] view.\n')).toEqual([]);
  });

  it('reports an unknown label or menu item with its line and column', () => {
    const found = labelFindings('# Title\n\nPress [[Simulate]] now.\nChoose [[Presets > one-node]].\n');
    expect(found.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['6:7 unknown-ui-label', '7:8 unknown-ui-label']);
    expect(found[0]?.message).toContain('"Simulate" is not a label');
    expect(found[1]?.message).toContain('"one-node" is not an item of the Presets menu');
  });

  it('catches buttons named in emphasis and presets the menu does not have', () => {
    const found = labelFindings(
      'Press *Check*, then click **Open in builder**.\nOpen the preset one-node in the builder.\nOpen the preset "Kerrighed upon Xen".\n',
    );
    expect(found.map((d) => `${d.line} ${d.rule}`)).toEqual(['4 unmarked-ui-label', '4 unmarked-ui-label', '5 unknown-preset']);
  });

  it('reads quizzes and exercise goals, never code', () => {
    const body =
      '```quiz id=q\nquestion: "What does [[Simulate]] do?"\nchoices: [a, b]\nanswer: 0\n```\n\n' +
      'Type `press *Check*` and `[[Nope]]`.\n\n```text\n[[Nope]]\n```\n';
    const found = labelFindings(body);
    expect(found.map((d) => `${d.line} ${d.rule} ${d.cellId}`)).toEqual(['5 unknown-ui-label q']);
  });
});
