import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStrata } from '../../../../src/renderer/store/store';
import { connectedStore } from './fakeBackend';

const state = () => useStrata.getState();

/** The browser's localStorage, which Node has not. */
function memoryStorage(entries: Record<string, string> = {}): Storage {
  const items = new Map(Object.entries(entries));
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

/** The theme a store created now starts with, given what the browser remembers and prefers. */
async function startingTheme(saved: string | null, prefersLight: boolean): Promise<string> {
  vi.resetModules();
  vi.stubGlobal('localStorage', memoryStorage(saved === null ? {} : { 'strata.theme': saved }));
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(prefers-color-scheme: light)' && prefersLight }));
  const { useStrata: fresh } = await import('../../../../src/renderer/store/store');
  return fresh.getState().theme;
}

describe('the shell slice', () => {
  beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));
  afterEach(() => vi.unstubAllGlobals());

  it('says whether the backend is there, and why not', async () => {
    const backend = await connectedStore();
    useStrata.setState({ api: null });
    state().connected(backend.client, { name: 'Strata', version: '0.1.0', mode: 'web', platform: 'linux' });
    expect(state().appInfo?.mode).toBe('web');
    expect(state().connection).toEqual({ status: 'connected', error: null });
    expect(state().api).toBe(backend.client);
    state().disconnected('the server stopped');
    expect(state().connection).toEqual({ status: 'disconnected', error: 'the server stopped' });
  });

  it('switches the theme and remembers it for the next start', async () => {
    await connectedStore();
    state().setTheme('light');
    state().toggleTheme();
    expect(state().theme).toBe('dark');
    expect(localStorage.getItem('strata.theme')).toBe('dark');
    state().toggleTheme();
    expect(localStorage.getItem('strata.theme')).toBe('light');
  });

  it('starts with the theme chosen before, else the one the system prefers', async () => {
    expect(await startingTheme('light', false)).toBe('light');
    expect(await startingTheme('dark', true)).toBe('dark');
    expect(await startingTheme(null, true)).toBe('light');
    expect(await startingTheme('purple', false)).toBe('dark');
  });

  it('goes to a lesson’s section, or to a cell of it, asking for the jump', async () => {
    await connectedStore();
    const jumps = state().sectionJump;
    state().goTo({ view: 'lessons', lesson: '00-using-strata', section: '2-a-stack-cell' });
    expect(state()).toMatchObject({
      activeView: 'lessons',
      selectedLesson: '00-using-strata',
      lessonSection: '2-a-stack-cell',
      jumpCell: null,
      sectionJump: jumps + 1,
    });
    state().goTo({ view: 'lessons', lesson: '00-using-strata', section: null }, 'e-fix-typo');
    expect(state()).toMatchObject({ lessonSection: null, jumpCell: 'e-fix-typo', sectionJump: jumps + 2 });
  });

  it('goes to a documentation page’s section, and to the other views', async () => {
    await connectedStore();
    const jumps = state().docJump;
    state().goTo({ view: 'docs', page: 'stack-format', section: 'placement' });
    expect(state()).toMatchObject({ activeView: 'docs', docPage: 'stack-format', docSection: 'placement', docJump: jumps + 1 });
    state().goTo({ view: 'machines' });
    expect(state().activeView).toBe('machines');
    state().showView('builder');
    expect(state().activeView).toBe('builder');
  });

  it('hides and shows the sidebar', async () => {
    await connectedStore();
    expect(state().sidebarVisible).toBe(true);
    state().toggleSidebar();
    expect(state().sidebarVisible).toBe(false);
    state().toggleSidebar();
    expect(state().sidebarVisible).toBe(true);
  });
});
