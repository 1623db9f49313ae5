import type { Ref } from 'react';

export interface LessonSearchBarProps {
  query: string;
  onQuery(query: string): void;
  count: number;
  current: number;
  onStep(direction: 1 | -1): void;
  inputRef?: Ref<HTMLInputElement>;
}

/** The search box of a lesson: Enter for the next match, Shift+Enter the previous, Esc to clear. */
export function LessonSearchBar({ query, onQuery, count, current, onStep, inputRef }: LessonSearchBarProps) {
  return (
    <div className="lesson-search" role="search">
      <input
        ref={inputRef}
        type="search"
        placeholder="Search this lesson (Ctrl+F)"
        aria-label="Search this lesson"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            e.stopPropagation();
            onStep(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') onQuery('');
        }}
      />
      {query.trim() !== '' && (
        <span className="lesson-search-count" aria-live="polite">
          {count === 0 ? 'no match' : `${current + 1} / ${count}`}
        </span>
      )}
      {count > 1 && (
        <>
          <button type="button" className="icon-button" aria-label="Previous match" onClick={() => onStep(-1)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label="Next match" onClick={() => onStep(1)}>
            ↓
          </button>
        </>
      )}
    </div>
  );
}
