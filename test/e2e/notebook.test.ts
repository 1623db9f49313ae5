import { describe, expect, it } from 'vitest';
import { editorText as shownText, retype } from './support/keyboard';
import { animationsFinished, settled, stopsMoving } from './support/settled';
import { cell as cellOf, openLesson as open } from './support/steps';
import { useWebApp } from './support/webApp';

const SLUG = '00-using-strata';

describe('the lesson notebook', () => {
  const app = useWebApp({ viewport: { width: 1440, height: 960 } });

  const cell = (id: string) => cellOf(app.page, id);
  const editorText = (id: string) => shownText(cell(id));
  const openLesson = () => open(app.page, /Using Strata/, 'one-node');

  it('renders the lesson: prose with math, contents, and live cells', async () => {
    const { page } = app;
    await page.evaluate(() => localStorage.setItem('strata.theme', 'light'));
    await page.reload();
    await openLesson();
    await expect(page.locator('article.notebook h1').first().innerText()).resolves.toBe('Using Strata');
    expect(await page.locator('.prose .katex').count()).toBeGreaterThan(0);
    const toc = await page.getByRole('navigation', { name: 'Contents of this lesson' }).innerText();
    expect(toc).toContain('A stack cell');
    await app.screenshot('notebook-light-top');
  });

  it('runs a stack cell and shows the check and its results', async () => {
    const stack = cell('one-node');
    await stack.scrollIntoViewIfNeeded();
    await stack.getByRole('button', { name: '▶ Run', exact: true }).click();
    const output = stack.getByTestId('stack-output');
    await output.waitFor();
    await expect(output.innerText()).resolves.toMatch(/what each app sees/i);
    await expect(output.innerText()).resolves.toMatch(/mb\s+30 s\s+—\s+—\s+finished/);
    await expect(output.locator('.result-table').first().innerText()).resolves.toMatch(/mb\s+4\s+4 GiB\s+x86_64/);
    await output.locator('.progress-chart canvas').waitFor();
    await app.screenshot('notebook-light-stack-run');
  });

  it('runs the focused cell with Shift+Enter and moves to the next cell', async () => {
    const { page } = app;
    const stack = cell('one-node');
    const output = stack.getByTestId('stack-output');
    const outOfDate = output.getByRole('status').filter({ hasText: 'Out of date' });
    // A changed figure (cpus 4 becomes 8) marks the output out of date until the cell runs again.
    await stack.locator('.view-line span', { hasText: /^4$/ }).first().dblclick();
    await page.keyboard.type('8');
    await expect.poll(() => editorText('one-node')).toContain('cpus: 8');
    await outOfDate.waitFor();
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => outOfDate.count(), { timeout: 20_000 }).toBe(0);
    await expect(output.locator('.result-table').first().innerText()).resolves.toMatch(/mb\s+8\s+4 GiB\s+x86_64/);
    await expect(editorText('one-node')).resolves.not.toMatch(/^\s*$/m);
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cellId ?? null);
    expect(focused).toMatch(/^md-\d+$/);
  });

  it('runs a scenario cell against its stack', async () => {
    const scenario = cell('pull-the-plug');
    await scenario.scrollIntoViewIfNeeded();
    await scenario.getByRole('button', { name: /Run/ }).click();
    const output = scenario.getByTestId('stack-output');
    await output.waitFor();
    await expect(output.innerText()).resolves.toMatch(/killed at 10 s/);
    await output.locator('.progress-chart canvas').waitFor();
    await scenario.screenshot({ path: 'test-results/screenshots/notebook-light-scenario.png' });
  });

  it('embeds the layer builder in a stack cell', async () => {
    const stack = cell('one-node');
    await stack.getByRole('tab', { name: 'Builder' }).click();
    await stack.locator('.stack-editor .react-flow__node').first().waitFor({ timeout: 30_000 });
    await expect(stack.locator('.stack-editor .react-flow__node').count()).resolves.toBe(3);
    // The canvas zooms to fit its layers: the screenshot waits until they stand still.
    await settled(stack.locator('.stack-editor .react-flow__node').first());
    await app.screenshot('notebook-light-builder');
    await stack.getByRole('tab', { name: 'YAML' }).click();
  });

  it('gives instant feedback on a quiz', async () => {
    const quiz = cell('q-what-is-real');
    await quiz.scrollIntoViewIfNeeded();
    await quiz.getByRole('radio', { name: /QEMU guest of a vm cell/ }).click();
    await expect(quiz.getByTestId('quiz-feedback-q-what-is-real').innerText()).resolves.toMatch(/^Correct\./);
  });

  it('checks an exercise and meets its objective', async () => {
    const { page } = app;
    const exercise = cell('e-fix-typo');
    await exercise.scrollIntoViewIfNeeded();
    await exercise.getByRole('button', { name: /Check/ }).click();
    await expect(exercise.getByTestId('exercise-results-e-fix-typo').innerText()).resolves.toContain('✗');
    // Fix the typo in the student's copy: `cpu: 4` becomes `cpus: 4`.
    await exercise.locator('.view-line span', { hasText: /^cpu$/ }).first().dblclick();
    await page.keyboard.type('cpus');
    await expect.poll(() => editorText('e-fix-typo'), { timeout: 10_000 }).toContain('cpus: 4');
    // The failed verdict was about the old text: the cell says so until the next check.
    await expect.poll(() => exercise.locator('.cell-status').innerText()).toBe('Changed since the last check');
    await exercise.getByRole('button', { name: /Check/ }).click();
    await expect(exercise.locator('.cell-status').innerText()).resolves.toBe('Passed');
    await expect(page.getByTestId('objective-fix-stack').getAttribute('data-met')).resolves.toBe('true');
    await expect(page.getByTestId(`progress-${SLUG}`).isVisible()).resolves.toBe(true);
    await page.getByTestId('save-state').filter({ hasText: 'All work saved' }).waitFor();
    await app.screenshot('notebook-light-exercise');
  });

  it('keeps outputs, answers, edits and progress across a reload', async () => {
    const { page } = app;
    await page.reload();
    await page.getByTestId(`progress-${SLUG}`).waitFor();
    await openLesson();
    await expect(page.getByTestId('objective-fix-stack').getAttribute('data-met')).resolves.toBe('true');
    await expect(cell('one-node').getByTestId('stack-output').innerText()).resolves.toMatch(/mb\s+30 s/);
    await expect(cell('q-what-is-real').getByTestId('quiz-feedback-q-what-is-real').innerText()).resolves.toMatch(/^Correct\./);
    await expect(cell('e-fix-typo').locator('.cell-status').innerText()).resolves.toBe('Passed');
    await cell('e-fix-typo').locator('.code-editor.ready').waitFor();
    await expect.poll(() => editorText('e-fix-typo'), { timeout: 10_000 }).toContain('cpus: 4');
  });

  it('boots a real VM from a vm cell, runs a step, and checks the VM exercise', async () => {
    const { page } = app;
    const vm = cell('first-vm');
    await vm.scrollIntoViewIfNeeded();
    await vm.getByRole('button', { name: /Boot/ }).click();
    // The first boot may build the guest image from Debian packages: allow for it.
    await expect.poll(() => vm.locator('.cell-status').innerText(), { timeout: 150_000, interval: 1000 }).toMatch(/^running/);
    await vm.getByRole('button', { name: /uname -a/ }).click();
    await expect.poll(() => vm.locator('.vm-step').first().innerText(), { timeout: 30_000, interval: 500 }).toContain('✓');
    await expect(vm.locator('.cell-status').innerText()).resolves.toContain('1/3 steps');
    // The exercise wants the kernel release the student read in the terminal.
    const terminal = vm.locator('.xterm-rows');
    await expect.poll(() => terminal.innerText(), { timeout: 10_000 }).toMatch(/Linux \S+ \d+\.\d+\.\S+/);
    await app.screenshot('notebook-light-vm');
    const release = /Linux \S+ (\d+\.\d+\.\S+)/.exec(await terminal.innerText())?.[1];
    expect(release).toBeDefined();
    const exercise = cell('e-first-vm');
    await exercise.scrollIntoViewIfNeeded();
    await exercise.getByRole('textbox').click();
    await page.keyboard.type(release!);
    await exercise.getByRole('button', { name: /Check/ }).click();
    await expect.poll(() => exercise.locator('.cell-status').innerText(), { timeout: 40_000, interval: 500 }).toBe('Passed');
    await expect(page.getByTestId('objective-boot-vm').getAttribute('data-met')).resolves.toBe('true');
  });

  it('searches the lesson and presents it as slides', async () => {
    const { page } = app;
    await page.evaluate(() => localStorage.setItem('strata.theme', 'dark'));
    await page.reload();
    await openLesson();
    const search = page.getByRole('searchbox', { name: 'Search this lesson' });
    await retype(search, 'makespan');
    await expect(page.locator('.lesson-search-count').innerText()).resolves.toMatch(/^1 \/ \d+$/);
    // The lesson scrolls smoothly to the first match: wait until the match is on the screen and stays there.
    const currentMatch = () =>
      page.evaluate(() => {
        const [range] = CSS.highlights.get('lesson-search-current') ?? [];
        const box = (range as Range | undefined)?.getBoundingClientRect();
        return box && box.top >= 0 && box.bottom <= innerHeight ? box.top : null;
      });
    await expect.poll(currentMatch).not.toBeNull();
    await stopsMoving(currentMatch);
    await app.screenshot('notebook-dark-search');
    await retype(search, '');
    await cell('q-makespan').scrollIntoViewIfNeeded();
    await cell('q-makespan').getByRole('radio', { name: /30 s/ }).click();
    await cell('q-what-is-real').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    // Editors mounted as their cells come near the screen can still push the quiz down.
    await settled(cell('q-what-is-real'));
    await app.screenshot('notebook-dark-quiz');
    await page.getByRole('button', { name: /Present/ }).click();
    const presentation = page.getByTestId('presentation');
    await presentation.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(presentation.locator('.presentation-section').innerText()).resolves.toBe('A stack cell');
    // The slide's stack cell shows its layers (or its YAML) standing still, and the progress bar has grown to the slide.
    const stackShown = presentation.locator('.cell-stack').locator('.react-flow__node, .view-line').first();
    await stackShown.waitFor({ timeout: 30_000 });
    await settled(stackShown);
    await animationsFinished(page);
    await app.screenshot('notebook-dark-presentation');
    await page.keyboard.press('Escape');
    await expect(presentation.count()).resolves.toBe(0);
    await app.screenshot('notebook-dark-top');
  });

  /** Lesson text served in place of lesson 00 once {@link serveLessonText} has rerouted the WebSocket. */
  let servedText = '';
  let rerouted = false;
  async function serveLessonText(): Promise<void> {
    if (rerouted) return;
    rerouted = true;
    // Rewrites the `lessons.get` reply on the app's WebSocket, so a test can open any lesson text.
    await app.page.routeWebSocket(/./, (ws) => {
      const server = ws.connectToServer();
      const lessonCalls = new Set<number>();
      ws.onMessage((message) => {
        if (typeof message === 'string') {
          const m = JSON.parse(message) as { t: string; id: number; method?: string };
          if (m.t === 'call' && m.method === 'lessons.get') lessonCalls.add(m.id);
        }
        server.send(message);
      });
      server.onMessage((message) => {
        if (typeof message === 'string') {
          const m = JSON.parse(message) as { t: string; id: number; ok?: boolean; value?: { text: string } };
          if (m.t === 'result' && m.ok && lessonCalls.has(m.id) && m.value) {
            m.value.text = servedText;
            ws.send(JSON.stringify(m));
            return;
          }
        }
        ws.send(message);
      });
    });
  }

  it('shows a malformed lesson’s diagnostics with line numbers and still renders what it can', async () => {
    const { page } = app;
    servedText = [
      '---',
      'title: [unclosed',
      '---',
      '# A broken lesson',
      '',
      'Prose still reads, with $x^2$.',
      '',
      '```quiz id=q1',
      'question: Missing choices',
      '```',
      '',
      '```stack id=s1',
      'name: ok',
      'layers:',
      '  - { id: N1, kind: node }',
      '```',
      '',
      '```stack id=s1',
      'name: duplicate',
      'layers: [',
      '```',
    ].join('\n');
    await serveLessonText();
    await page.reload();
    await open(page, /Using Strata/);
    const diagnostics = page.getByTestId('lesson-diagnostics');
    await diagnostics.waitFor();
    const text = await diagnostics.innerText();
    expect(text).toMatch(/\d+ errors?/);
    expect(text).toMatch(/\b2:\d+\b/);
    expect(text).toContain('duplicate-cell-id');
    await expect(page.locator('article.notebook h1').first().innerText()).resolves.toBe('A broken lesson');
    await expect(page.locator('.prose .katex').count()).resolves.toBeGreaterThan(0);
    await expect(cell('q1').innerText()).resolves.toContain('Invalid quiz cell');
    await app.screenshot('notebook-dark-diagnostics');
  });

  it('runs script cells in a worker with the simulator API, no network, and a time limit', async () => {
    const { page } = app;
    servedText = [
      '---',
      'title: Scripts',
      '---',
      '# Scripts',
      '',
      '```stack id=s1',
      'name: one node',
      'layers:',
      '  - { id: N1, kind: node, cpus: 4 }',
      '  - { id: os, kind: os, on: N1 }',
      '  - { id: mb, kind: app, workload: mrbayes, processes: 4, cpuSeconds: 30, on: os }',
      '```',
      '',
      '```script id=measure for=s1',
      'const check = strata.check(strata.stack);',
      'console.log("valid:", check.valid, "cpus:", check.views.mb.cpus);',
      'console.log("fetch is", typeof fetch, "and XMLHttpRequest is", typeof XMLHttpRequest);',
      'const run = strata.simulate(strata.stack);',
      'return { makespanS: run.apps.mb.makespanS };',
      '```',
      '',
      '```script id=forever',
      'while (true) {}',
      '```',
    ].join('\n');
    await serveLessonText();
    await page.reload();
    await page
      .getByTestId('lesson-list')
      .getByRole('button', { name: /Using Strata/ })
      .click();
    const measure = cell('measure');
    // Two cores are shared with other suites: give the first render of the rerouted lesson time.
    await measure.getByRole('button', { name: /Run/ }).click({ timeout: 60_000 });
    await expect.poll(() => measure.locator('.cell-status').innerText(), { timeout: 20_000 }).toBe('done');
    const out = await measure.locator('.script-output').innerText();
    expect(out).toContain('valid: true cpus: 4');
    expect(out).toContain('fetch is undefined and XMLHttpRequest is undefined');
    expect(out).toMatch(/"makespanS": 30/);
    const forever = cell('forever');
    await forever.getByRole('button', { name: /Run/ }).click();
    await expect.poll(() => forever.locator('.cell-status').innerText(), { timeout: 20_000 }).toBe('time limit');
    await app.screenshot('notebook-script');
  });
});
