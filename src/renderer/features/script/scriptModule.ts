import { SCRIPT_WRAPPER_LINES } from './scriptApi';

/**
 * The module a script worker runs: the host first (it removes the network and defines
 * `strata`), then the student's code as the body of an async function, so `await` and
 * `return` work. Exactly SCRIPT_WRAPPER_LINES lines come before the student's code, which
 * is how error line numbers are mapped back to the cell.
 */
export function scriptModuleSource(code: string, stack: string | null, hostUrl: string): string {
  const prelude = [`import ${JSON.stringify(hostUrl)};`, `self.__strataRunScript(${JSON.stringify(stack)}, async (strata) => {`];
  if (prelude.length !== SCRIPT_WRAPPER_LINES) throw new Error('the script prelude and SCRIPT_WRAPPER_LINES disagree');
  return `${prelude.join('\n')}\n${code}\n});\n`;
}
