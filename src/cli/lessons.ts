import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDocLinks, parseLesson, type Diagnostic } from '../core/lesson';
import { parseCliArgs } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';

const usage = `Usage: strata lessons lint [FILES...] [--json]

Checks lesson notebooks: front matter, cells, references between cells, exercises,
and every stack cell against the stack rules. Without FILES, checks every lessons/*.md
of the course.

Prints one line per finding, FILE:LINE:COL: severity RULE-ID: message, then a summary.
--json prints {"files": [{file, title, cells, diagnostics}], "errors", "warnings"}.

Exit status: 0 when no error is found, 1 when one is, 2 when a file cannot be read.

Authoring notes:
  stack id=ID expect=RULE[,RULE]  a stack shown because it breaks RULE: the finding is
                                  expected, and an error if it stops firing
  scenario id=ID for=STACK        checked joined to STACK, as a stack file's scenario
  exercise id=ID objective=OBJ    expect: predicates, each one of
      { check: valid|invalid }
      { view: APP, cpus|memoryMiB|failureDomains: {gte|gt|lte|lt|eq: N},
        arch: A, kernel: LAYER, sharesKernelWith: [APP], isolatedFrom: [APP] }
      { finding: RULE, present: true|false, layer: LAYER }
      { layers: { class: CLASS }, count: {gte|lte|eq: N} }
      { simulate: { app: APP, makespanS|throughputRps|latencyP50Ms|latencyP99Ms: {...},
        killed: true|false, balancer: oblivious|hypervisor-aware } }
      { vm: { id: VMCELL, inspect: READ-ONLY COMMAND, expect: TEXT or /REGEX/FLAGS,
        looksFor: WHAT THE STUDENT MUST HAVE MADE } }   (run on the checker's
        private channel; without expect, exit status 0 passes)
      { answer: { id: ID, ask: QUESTION, explain: TEXT, and one grader or none:
        number: N, tolerance: T, unit: U | choices: [..], correct: I |
        keywords: [WORD or [ALTERNATIVES]] | vm: { id: VMCELL, command: C } } }
        (no grader: self-assessed, never counted as passed)
    A stack with an unknown or misplaced key fails the exercise.
  UI labels in prose, quizzes and goals: [[Run]], [[Presets > Kerrighed upon Xen]];
    each must be a label of src/core/ui/uiLabels.ts or a preset title.
    seed: { NAME: [values] } draws one value per student; write "\${seed.NAME}" where
    it goes (goal text, ids, bounds).
  [text](../docs/PAGE.md#section)  a link to a documentation page, opened in the app's
                                  Docs view; the page and section must exist
`;

/** The course folder of this checkout or installed package. */
const courseDir = fileURLToPath(new URL('../../lessons/', import.meta.url));
/** The documentation pages lessons link to. */
const docsDir = fileURLToPath(new URL('../../docs/', import.meta.url));

interface FileReport {
  file: string;
  title: string | null;
  cells: number;
  diagnostics: Diagnostic[];
}

/** `strata lessons lint`: the checker lesson authors and CI run on the course. */
export const lessonsCommand: CliCommand = {
  summary: 'check lesson notebooks (strata lessons lint [FILES] [--json])',
  usage,
  run: (args, io) => runLessons(args, io, courseDir),
};

/**
 * Runs `strata lessons ARGS`; `defaultDir` is where lessons are looked for without FILES
 * (tests pass a fixture folder).
 */
export async function runLessons(args: string[], io: CliIO, defaultDir: string): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'lint') {
    io.err(sub === undefined ? usage : `strata lessons: unknown subcommand "${sub}"\n\n${usage}`);
    return 2;
  }
  const parsed = parseCliArgs(rest, { json: { type: 'boolean' } }, 'any');
  if (typeof parsed === 'string') {
    io.err(`strata lessons lint: ${parsed}\n\n${usage}`);
    return 2;
  }
  const json = parsed.values.json === true;
  let files = parsed.positionals;
  if (files.length === 0) {
    try {
      files = (await readdir(defaultDir))
        .filter((n) => /^\d+-[a-z0-9-]+\.md$/.test(n))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .map((n) => path.join(defaultDir, n));
    } catch (err) {
      io.err(`strata lessons lint: cannot read ${defaultDir}: ${(err as Error).message}\n`);
      return 2;
    }
  }

  const docPages = await readDocPages(docsDir);
  const reports: FileReport[] = [];
  let unreadable = false;
  for (const file of files) {
    const shown = path.relative(process.cwd(), path.resolve(file)) || file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      unreadable = true;
      const diagnostic: Diagnostic = {
        severity: 'error',
        rule: 'unreadable',
        message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        file: shown,
        line: 1,
        column: 1,
      };
      reports.push({ file: shown, title: null, cells: 0, diagnostics: [diagnostic] });
      continue;
    }
    const { lesson, diagnostics: parsed } = parseLesson(text, shown);
    const diagnostics = [...parsed, ...checkDocLinks(lesson, docPages)].sort((a, b) => a.line - b.line || a.column - b.column);
    reports.push({ file: shown, title: lesson.frontMatter?.title ?? null, cells: lesson.cells.length, diagnostics });
  }

  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  if (json) {
    io.out(JSON.stringify({ files: reports, errors, warnings }, null, 2) + '\n');
  } else {
    for (const d of all) io.out(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.rule}: ${d.message}\n`);
    io.out(
      `${reports.length} lesson${reports.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
    );
  }
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}

/** Every docs/NAME.md by NAME; none when the folder cannot be read (a link to a page is then reported). */
async function readDocPages(dir: string): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.md')).sort()) pages.set(name.slice(0, -3), await readFile(path.join(dir, name), 'utf8'));
  return pages;
}
