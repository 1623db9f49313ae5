import type { ViewId } from '../../store/shellSlice';

/**
 * Where the student is, as the address bar holds it (`#/lessons/01-…/section`), so a
 * reload reopens the same place and Back/Forward move between places. A view with
 * places of its own adds a variant here, a case to `placeFromHash` and one to
 * `hashForPlace`, as the Docs view does (`#/docs/PAGE/SECTION`).
 */
export type Place =
  | { view: 'lessons'; lesson: string | null; section: string | null }
  | { view: 'docs'; page: string | null; section: string | null }
  | { view: Exclude<ViewId, 'lessons' | 'docs'> };

/** What an address without a place (or with an unknown one) opens: the course overview. */
export const HOME: Place = { view: 'lessons', lesson: null, section: null };

/**
 * The place an address's fragment names, or null when the fragment is not a place
 * (empty, or an in-page anchor such as `#cell-x`). Unknown views and extra segments are
 * ignored rather than refused, so an old bookmark still opens something sensible.
 */
export function placeFromHash(hash: string): Place | null {
  const m = /^#?\/(.*)$/.exec(hash);
  if (!m) return null;
  const segments = m[1]!
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  switch (segments[0]) {
    case 'lessons':
      return { view: 'lessons', lesson: segments[1] ?? null, section: segments[1] ? (segments[2] ?? null) : null };
    case 'docs':
      return { view: 'docs', page: segments[1] ?? null, section: segments[1] ? (segments[2] ?? null) : null };
    case 'builder':
    case 'machines':
      return { view: segments[0] };
    default:
      return HOME;
  }
}

/** The place the page was opened at (a reload's), read from the address once at start. */
export function startingPlace(): Place {
  return placeFromHash(typeof location === 'undefined' ? '' : location.hash) ?? HOME;
}

/** The fragment (with its `#`) that names a place. */
export function hashForPlace(place: Place): string {
  switch (place.view) {
    case 'lessons':
      return hashOf(['lessons', place.lesson, place.lesson ? place.section : null]);
    case 'docs':
      return hashOf(['docs', place.page, place.page ? place.section : null]);
    default:
      return `#/${place.view}`;
  }
}

function hashOf(segments: Array<string | null>): string {
  return `#/${segments
    .filter((s): s is string => !!s)
    .map(encodeURIComponent)
    .join('/')}`;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
