import { describe, expect, it, vi } from 'vitest';
import type { LessonState, LessonStateInput } from '../../../../src/api/workspaceApi';
import { useStrata } from '../../../../src/renderer/store/store';
import { connectedStore, type Answers } from './fakeBackend';

const state = () => useStrata.getState();

function saved(slug: string, fields: Partial<LessonState> = {}): LessonState {
  return { slug, cells: {}, objectivesMet: [], updatedAt: 1, ...fields };
}

/** A workspace that keeps what the autosave writes, by lesson. */
function workspace(extra: Answers = {}) {
  const disk = new Map<string, LessonStateInput>();
  const answers: Answers = {
    'workspace.lessonState.put': ({ slug, state: input }) => {
      disk.set(slug, input as LessonStateInput);
      return { state: saved(slug, input as LessonStateInput) };
    },
    'workspace.lessonState.reset': ({ slug }) => ({ reset: disk.delete(slug) }),
    ...extra,
  };
  return { disk, answers };
}

describe('the notebook slice', () => {
  it('shows each lesson’s objectives met, and the student’s seed', async () => {
    await connectedStore({
      'workspace.progress': () => ({ lessons: [{ slug: 'a', objectivesMet: ['o1'], updatedAt: 1 }], recovered: [] }),
      'workspace.student': () => ({ seed: 'c0ffee' }),
    });
    await state().loadProgress();
    expect(state().lessonProgress).toEqual({ a: ['o1'] });
    expect(state().studentSeed).toBe('c0ffee');
  });

  it('keeps the progress of a lesson worked on in this session over what the disk said before', async () => {
    await connectedStore({
      'workspace.progress': () => ({
        lessons: [
          { slug: 'a', objectivesMet: [], updatedAt: 1 },
          { slug: 'b', objectivesMet: ['o2'], updatedAt: 1 },
        ],
        recovered: [],
      }),
      'workspace.student': () => ({ seed: 's' }),
      ...workspace().answers,
    });
    state().updateLessonWork('a', (w) => ({ ...w, objectivesMet: ['o1'] }));
    await state().loadProgress();
    expect(state().lessonProgress).toEqual({ a: ['o1'], b: ['o2'] });
    await state().flushLessonWork();
  });

  it('shows no progress, and no error, when the workspace cannot be read', async () => {
    await connectedStore({ 'workspace.student': () => ({ seed: 's' }) });
    await state().loadProgress();
    expect(state().lessonProgress).toEqual({});
    expect(state().studentSeed).toBeNull();
  });

  it('loads a lesson’s saved work once, with its progress', async () => {
    const backend = await connectedStore({
      'workspace.lessonState.get': ({ slug }) => ({
        state: saved(slug, { cells: { 'one-node': { source: 'name: mine\n' }, q1: { quizAnswer: 2 } }, objectivesMet: ['o1'] }),
      }),
    });
    await state().loadLessonWork('a');
    expect(state().lessonWorkStatus.a).toEqual({ status: 'ready' });
    expect(state().lessonWork.a).toMatchObject({ sources: { 'one-node': 'name: mine\n' }, answers: { q1: 2 }, objectivesMet: ['o1'] });
    expect(state().lessonProgress.a).toEqual(['o1']);
    await state().loadLessonWork('a');
    expect(backend.called()).toEqual(['workspace.lessonState.get']);
  });

  it('says where saved work that could not be read went', async () => {
    await connectedStore({
      'workspace.lessonState.get': ({ slug }) => ({ state: saved(slug), recovered: { movedTo: 'workspace/a.json.broken', reason: 'not JSON' } }),
    });
    await state().loadLessonWork('a');
    expect(state().lessonWorkStatus.a).toEqual({
      status: 'ready',
      recovered: 'Your saved work could not be read (not JSON); it was moved to workspace/a.json.broken.',
    });
  });

  it('says why a lesson’s work could not be loaded, and loads it on the next try', async () => {
    let fail = true;
    await connectedStore({
      'workspace.lessonState.get': ({ slug }) => {
        if (fail) throw new Error('permission denied');
        return { state: saved(slug) };
      },
    });
    await state().loadLessonWork('a');
    expect(state().lessonWorkStatus.a).toEqual({ status: 'error', error: 'permission denied' });
    expect(state().lessonWork.a).toBeUndefined();
    fail = false;
    await state().loadLessonWork('a');
    expect(state().lessonWorkStatus.a).toEqual({ status: 'ready' });
  });

  it('shows an edit at once and saves it after a quiet moment, saying so', async () => {
    const { disk, answers } = workspace();
    await connectedStore(answers);
    state().updateLessonWork('quiet', (w) => ({ ...w, answers: { q1: 1 }, objectivesMet: ['o1'] }));
    expect(state().lessonWork.quiet?.answers).toEqual({ q1: 1 });
    expect(state().lessonProgress.quiet).toEqual(['o1']);
    expect(state().lessonSaveState.quiet).toEqual({ state: 'pending' });
    await vi.waitFor(() => expect(state().lessonSaveState.quiet).toEqual({ state: 'saved' }), { timeout: 3000 });
    expect(disk.get('quiet')).toEqual({ cells: { q1: { quizAnswer: 1 } }, objectivesMet: ['o1'] });
  });

  it('says why a save failed, keeps the work, and saves it on the next try', async () => {
    const { disk, answers } = workspace();
    let fail = true;
    await connectedStore({
      'workspace.lessonState.put': (request) => {
        if (fail) throw new Error('disk full');
        return answers['workspace.lessonState.put']!(request);
      },
    });
    state().updateLessonWork('failing', (w) => ({ ...w, answers: { q1: 1 } }));
    await state().flushLessonWork();
    expect(state().lessonSaveState.failing).toEqual({ state: 'error', error: 'disk full' });
    expect(state().lessonWork.failing?.answers).toEqual({ q1: 1 });
    fail = false;
    await state().flushLessonWork();
    expect(state().lessonSaveState.failing).toEqual({ state: 'saved' });
    expect(disk.get('failing')?.cells).toEqual({ q1: { quizAnswer: 1 } });
  });

  it('saves what is pending at once when flushed', async () => {
    const { disk, answers } = workspace();
    await connectedStore(answers);
    state().updateLessonWork('flushed', (w) => ({ ...w, answers: { q1: 3 } }));
    await state().flushLessonWork();
    expect(disk.get('flushed')?.cells).toEqual({ q1: { quizAnswer: 3 } });
    expect(state().lessonSaveState.flushed).toEqual({ state: 'saved' });
  });

  it('resets a lesson: the edit waiting to be saved never reaches the disk', async () => {
    const { disk, answers } = workspace();
    const backend = await connectedStore(answers);
    state().updateLessonWork('reset', (w) => ({ ...w, answers: { q1: 1 }, objectivesMet: ['o1'] }));
    await state().resetLessonWork('reset');
    expect(backend.called()).toEqual(['workspace.lessonState.reset']);
    expect(disk.has('reset')).toBe(false);
    expect(state().lessonWork.reset).toEqual({ sources: {}, outputs: {}, answers: {}, fieldAnswers: {}, exercises: {}, objectivesMet: [] });
    expect(state().lessonProgress.reset).toEqual([]);
    await state().flushLessonWork();
    expect(backend.called()).toEqual(['workspace.lessonState.reset']);
  });

  it('turns presentation mode on and off', async () => {
    await connectedStore();
    state().setPresenting(true);
    expect(state().presenting).toBe(true);
    state().setPresenting(false);
    expect(state().presenting).toBe(false);
  });
});
