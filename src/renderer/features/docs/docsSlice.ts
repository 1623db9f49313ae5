import type { StateCreator } from 'zustand';
import type { StrataState } from '../../store/store';
import { startingPlace } from '../shell/place';

export interface DocsSlice {
  /** The documentation page open in the Docs view (a docs/ file name without `.md`); null shows the first. */
  docPage: string | null;
  /** The section of the page to show (a heading's anchor), null for the top. */
  docSection: string | null;
  /** Counts requests to bring `docSection` on screen (a link, the contents, Back), so the same section twice scrolls twice. */
  docJump: number;
  /** Shows a page of the Docs view at a section. */
  openDoc(page: string | null, section: string | null): void;
  /** Records the section scrolled to, without moving the page. */
  readDocSection(section: string | null): void;
}

export const createDocsSlice: StateCreator<StrataState, [], [], DocsSlice> = (set, get) => {
  const start = startingPlace();
  return {
    docPage: start.view === 'docs' ? start.page : null,
    docSection: start.view === 'docs' ? start.section : null,
    docJump: 0,
    openDoc: (page, section) => set({ activeView: 'docs', docPage: page, docSection: section, docJump: get().docJump + 1 }),
    readDocSection: (section) => {
      if (section !== get().docSection) set({ docSection: section });
    },
  };
};
