import { describe, expect, it } from 'vitest';
import { migrationTargets } from '../../../../src/renderer/features/machines/migrationTargets';

const names = (current: string, seen: string[]): string[] => migrationTargets(current, seen).map((t) => (t.fresh ? `${t.node} (new)` : t.node));

describe('migration targets', () => {
  it('offers a new node when the VM is alone', () => {
    expect(names('node1', ['node1'])).toEqual(['node2 (new)']);
  });

  it('after a move, offers the node left behind and a new one, never the current node', () => {
    expect(names('node2', ['node1', 'node2'])).toEqual(['node1', 'node3 (new)']);
    expect(names('node1', ['node1', 'node2', 'node3'])).toEqual(['node2', 'node3', 'node4 (new)']);
  });

  it('counts the current node as seen even when the list has not caught up yet', () => {
    expect(names('node2', ['node1'])).toEqual(['node1', 'node3 (new)']);
  });

  it('sorts nodes naturally and fills the first gap for the new one', () => {
    expect(names('node10', ['node10', 'node2', 'node1', 'node3'])).toEqual(['node1', 'node2', 'node3', 'node4 (new)']);
    expect(names('node1', ['node1', 'node3'])).toEqual(['node3', 'node2 (new)']);
  });
});
