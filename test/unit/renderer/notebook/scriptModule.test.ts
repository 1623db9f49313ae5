import { describe, expect, it } from 'vitest';
import { scriptWorkerSource } from '../../../../src/renderer/features/script/scriptModule';

describe('scriptWorkerSource', () => {
  it('puts the host first and the student’s first line right after the prelude lines', () => {
    const { source, preludeLines } = scriptWorkerSource('console.log(1);\nreturn 2;', 'name: x', 'const a = 1;\nconst b = 2;\n');
    const lines = source.split('\n');
    expect(lines.slice(0, 2)).toEqual(['const a = 1;', 'const b = 2;']);
    expect(preludeLines).toBe(3);
    expect(lines[preludeLines]).toBe('console.log(1);');
    expect(lines[2]).toBe('self.__strataRunScript("name: x", 3, async (strata) => {');
  });

  it('passes the stack as a JSON literal, so no YAML text can break out of it', () => {
    const { source } = scriptWorkerSource('', '"); fetch("x', 'h');
    expect(source).toContain(JSON.stringify('"); fetch("x'));
  });
});
