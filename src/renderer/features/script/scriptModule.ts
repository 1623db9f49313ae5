/**
 * The classic script a script worker runs: the host bundle first (it removes what it can of
 * the network and defines `strata`), then the student's code as the body of an async
 * function, so `await` and `return` work. A classic script, not a module: a sandboxed
 * frame (an opaque origin) cannot start a module worker from a blob. `preludeLines` lines
 * come before the student's code; the host and the page subtract them from error lines.
 */
export function scriptWorkerSource(code: string, stack: string | null, host: string): { source: string; preludeLines: number } {
  const hostText = host.replace(/\n+$/, '');
  const preludeLines = hostText.split('\n').length + 1;
  const prelude = `${hostText}\nself.__strataRunScript(${JSON.stringify(stack)}, ${preludeLines}, async (strata) => {`;
  return { source: `${prelude}\n${code}\n});\n`, preludeLines };
}
