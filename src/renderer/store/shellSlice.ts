import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../api/appApi';
import { startingPlace, type Place } from '../features/shell/place';
import type { ApiClient } from '../transport/protocolClient';
import type { StrataState } from './store';

export type ViewId = 'lessons' | 'builder' | 'machines' | 'docs';
export type Theme = 'light' | 'dark';

export interface ShellSlice {
  api: ApiClient | null;
  connection: { status: 'connecting' | 'connected' | 'disconnected'; error: string | null };
  appInfo: AppInfo | null;
  theme: Theme;
  activeView: ViewId;
  sidebarVisible: boolean;
  /** Called once the transport is up; later slices call the backend through `api`. */
  connected(api: ApiClient, info: AppInfo): void;
  disconnected(reason: string): void;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  showView(view: ViewId): void;
  /** Opens a place as a whole (from the address: start, Back, Forward, a link), scrolling to its section, or to `cell` of the lesson when given. */
  goTo(place: Place, cell?: string): void;
  toggleSidebar(): void;
}

const THEME_KEY = 'strata.theme';

function initialTheme(): Theme {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(THEME_KEY) : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export const createShellSlice: StateCreator<StrataState, [], [], ShellSlice> = (set, get) => ({
  api: null,
  connection: { status: 'connecting', error: null },
  appInfo: null,
  theme: initialTheme(),
  activeView: startingPlace().view,
  sidebarVisible: true,
  connected: (api, info) => set({ api, appInfo: info, connection: { status: 'connected', error: null } }),
  disconnected: (reason) => set({ connection: { status: 'disconnected', error: reason } }),
  setTheme: (theme) => {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  toggleTheme: () => get().setTheme(get().theme === 'dark' ? 'light' : 'dark'),
  showView: (view) => set({ activeView: view }),
  goTo: (place, cell) => {
    if (place.view === 'lessons')
      set({ activeView: 'lessons', selectedLesson: place.lesson, lessonSection: place.section, sectionJump: get().sectionJump + 1, jumpCell: cell ?? null });
    else if (place.view === 'docs') get().openDoc(place.page, place.section);
    else set({ activeView: place.view });
  },
  toggleSidebar: () => set({ sidebarVisible: !get().sidebarVisible }),
});
