import { useCallback, useEffect, useState } from 'react';
import { findMatches, stepMatch } from './lessonSearch';

interface HighlightRegistry {
  set(name: string, highlight: unknown): void;
  delete(name: string): void;
}
declare const Highlight: { new (...ranges: Range[]): unknown } | undefined;

function highlights(): HighlightRegistry | null {
  const css = globalThis.CSS as unknown as { highlights?: HighlightRegistry } | undefined;
  return css?.highlights && typeof Highlight !== 'undefined' ? css.highlights : null;
}

/** Text nodes of the rendered lesson, outside editors and terminals (they search themselves). */
function textNodes(root: HTMLElement): Text[] {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest('.code-editor, .vm-terminal, .katex-mathml, .lesson-search') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
}

/**
 * Search within the open lesson: every match in the rendered text is highlighted with the
 * CSS Custom Highlight API (no DOM rewriting, so React and KaTeX stay untouched), and
 * next/previous scroll the current match into view. Re-runs when the lesson re-renders.
 */
export function useLessonSearch(root: HTMLElement | null, query: string, version: unknown) {
  const [ranges, setRanges] = useState<Range[]>([]);
  const [current, setCurrent] = useState(-1);

  useEffect(() => {
    if (!root) return;
    const found: Range[] = [];
    if (query.trim() !== '') {
      for (const node of textNodes(root)) {
        for (const [start, end] of findMatches(node.data, query)) {
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, end);
          found.push(range);
        }
      }
    }
    setRanges(found);
    setCurrent(found.length > 0 ? 0 : -1);
  }, [root, query, version]);

  useEffect(() => {
    const registry = highlights();
    if (!registry || typeof Highlight === 'undefined') return;
    registry.set('lesson-search', new Highlight(...ranges));
    const here = ranges[current];
    if (here) {
      registry.set('lesson-search-current', new Highlight(here));
      here.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    } else registry.delete('lesson-search-current');
    return () => {
      registry.delete('lesson-search');
      registry.delete('lesson-search-current');
    };
  }, [ranges, current]);

  const step = useCallback((direction: 1 | -1) => setCurrent((c) => stepMatch(c, ranges.length, direction)), [ranges.length]);
  return { count: ranges.length, current, step };
}
