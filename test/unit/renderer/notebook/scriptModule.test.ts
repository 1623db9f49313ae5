import { describe, expect, it } from 'vitest';
import { SCRIPT_WRAPPER_LINES } from '../../../../src/renderer/features/script/scriptApi';
import { scriptModuleSource } from '../../../../src/renderer/features/script/scriptModule';

describe('scriptModuleSource', () => {
  it('imports the host first and puts the student’s first line after exactly the wrapper lines', () => {
    const source = scriptModuleSource('console.log(1);\nreturn 2;', 'name: x', 'http://127.0.0.1/host.js');
    const lines = source.split('\n');
    expect(lines[0]).toBe('import "http://127.0.0.1/host.js";');
    expect(lines[SCRIPT_WRAPPER_LINES]).toBe('console.log(1);');
    expect(source).toContain('self.__strataRunScript("name: x", async (strata) => {');
  });

  it('passes the stack as a JSON literal, so no YAML text can break out of it', () => {
    const source = scriptModuleSource('', '"); fetch("x', 'h');
    expect(source).toContain(JSON.stringify('"); fetch("x'));
  });
});
