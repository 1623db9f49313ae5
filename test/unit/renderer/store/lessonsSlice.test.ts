import { describe, expect, it } from 'vitest';
import type { LessonSummary } from '../../../../src/api/lessonsApi';
import { useStrata } from '../../../../src/renderer/store/store';
import { connectedStore } from './fakeBackend';

const state = () => useStrata.getState();

const LESSONS: LessonSummary[] = [
  { status: 'ok', slug: '00-using-strata', file: 'lessons/00-using-strata.md', title: 'Using Strata', objectives: [] },
  { status: 'error', slug: '99-broken', file: 'lessons/99-broken.md', error: 'front matter: title is missing' },
];
const SHIPPED = 'name: one node\nlayers:\n  - { id: N1, kind: node, cpus: 4 }\n';
const EDITED = 'name: one node\nlayers:\n  - { id: N1, kind: node, cpus: 8 }\n';
const CELL = { lesson: '00-using-strata', cellId: 'one-node', shipped: SHIPPED };

describe('the lessons slice', () => {
  it('lists the lessons, saying it is loading meanwhile', async () => {
    let answer: (lessons: LessonSummary[]) => void = () => {};
    await connectedStore({ 'lessons.list': () => new Promise((resolve) => (answer = resolve)) });
    const loading = state().loadLessons();
    expect(state().lessonsStatus).toBe('loading');
    answer(LESSONS);
    await loading;
    expect(state().lessonsStatus).toBe('ready');
    expect(state().lessons).toEqual(LESSONS);
  });

  it('says why the lessons could not be listed, and clears that on the next try', async () => {
    let fail = true;
    await connectedStore({
      'lessons.list': () => {
        if (fail) throw new Error('lessons/ is not readable');
        return LESSONS;
      },
    });
    await state().loadLessons();
    expect(state()).toMatchObject({ lessonsStatus: 'error', lessonsError: 'lessons/ is not readable' });
    fail = false;
    await state().loadLessons();
    expect(state()).toMatchObject({ lessonsStatus: 'ready', lessonsError: null });
  });

  it('opens a lesson at its top, from any view, and asks for the jump there', async () => {
    await connectedStore();
    useStrata.setState({ activeView: 'machines', lessonSection: '2-a-section', jumpCell: 'q1' });
    const jumps = state().sectionJump;
    state().openLesson('00-using-strata');
    expect(state()).toMatchObject({ activeView: 'lessons', selectedLesson: '00-using-strata', lessonSection: null, jumpCell: null, sectionJump: jumps + 1 });
    state().openLesson(null);
    expect(state()).toMatchObject({ selectedLesson: null, sectionJump: jumps + 2 });
  });

  it('records the section scrolled to without moving the page', async () => {
    await connectedStore();
    const jumps = state().sectionJump;
    state().readSection('3-a-scenario-cell');
    expect(state()).toMatchObject({ lessonSection: '3-a-scenario-cell', sectionJump: jumps });
    const before = state();
    state().readSection('3-a-scenario-cell');
    expect(state()).toBe(before);
  });

  it('takes a cell’s stack to the builder and saves the edit made there back into the cell, at the place it left', async () => {
    await connectedStore({ 'workspace.lessonState.put': ({ slug, state: saved }) => ({ state: { ...saved, slug, updatedAt: 1 } }) });
    state().openLesson('00-using-strata');
    state().readSection('2-a-stack-cell');
    state().openCellInBuilder(CELL, SHIPPED);
    expect(state().activeView).toBe('builder');
    expect(state().builderDoc.text).toBe(SHIPPED);
    expect(state().cellInBuilder).toEqual({ ...CELL, section: '2-a-stack-cell' });

    state().builderSetText(EDITED);
    const jumps = state().sectionJump;
    state().returnCellFromBuilder(true);
    expect(state().lessonWork['00-using-strata']?.sources).toEqual({ 'one-node': EDITED });
    expect(state()).toMatchObject({
      cellInBuilder: null,
      activeView: 'lessons',
      selectedLesson: '00-using-strata',
      lessonSection: '2-a-stack-cell',
      jumpCell: 'one-node',
      sectionJump: jumps + 1,
    });
    await state().flushLessonWork();
  });

  it('leaves the cell as it was when the builder’s stack is not saved back, or is the lesson’s own', async () => {
    await connectedStore({ 'workspace.lessonState.put': ({ slug, state: saved }) => ({ state: { ...saved, slug, updatedAt: 1 } }) });
    state().openCellInBuilder(CELL, SHIPPED);
    state().builderSetText(EDITED);
    state().returnCellFromBuilder(false);
    expect(state().lessonWork['00-using-strata']).toBeUndefined();
    expect(state().activeView).toBe('lessons');

    // An edit of the cell, then the lesson's own text saved from the builder: the cell is unedited again.
    state().updateLessonWork('00-using-strata', (w) => ({ ...w, sources: { 'one-node': EDITED } }));
    state().openCellInBuilder(CELL, EDITED);
    state().builderSetText(SHIPPED);
    state().returnCellFromBuilder(true);
    expect(state().lessonWork['00-using-strata']?.sources).toEqual({});
    await state().flushLessonWork();
  });

  it('does nothing on the way back when no cell is in the builder', async () => {
    await connectedStore();
    state().showView('builder');
    const before = state();
    state().returnCellFromBuilder(true);
    expect(state()).toBe(before);
  });
});
