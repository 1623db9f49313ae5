import { useStrata } from '../../store/store';
import { docPageOrFirst } from './docPages';

/** The title of the Docs view's page, for the title bar; in the docs' chunk, as the pages are. */
export function DocTitle() {
  return useStrata((s) => docPageOrFirst(s.docPage)?.title) ?? null;
}
