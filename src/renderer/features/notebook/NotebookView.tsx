import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Diagnostic } from '../../../core/lesson';
import { useStrata } from '../../store/store';
import { isEditableTarget } from '../shell/editableTarget';
import { CellRunners } from './cellRunners';
import { CellView } from './CellView';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { LessonSearchBar } from './LessonSearchBar';
import { NotebookContext, type NotebookContextValue } from './notebookContext';
import { NotebookHeader } from './NotebookHeader';
import { ObjectivesCard } from './ObjectivesCard';
import { PresentationView } from './presentation/PresentationView';
import { headingIdsForCell, tableOfContents } from './tableOfContents';
import { TableOfContents } from './TableOfContents';
import { useLessonSearch } from './useLessonSearch';
import { useLessonSource } from './useLessonSource';
import { useNotebook } from './useNotebook';
import { useReadingPlace } from './useReadingPlace';
import { useShiftEnter } from './useShiftEnter';
import { hasWork, type LessonWork } from './work/lessonWork';
import 'katex/dist/katex.min.css';
import './notebook.css';

/**
 * A lesson notebook: the lesson file parsed into cells, laid over with the student's
 * saved work (edits, outputs, answers, checks), which autosaves. A malformed lesson shows
 * its diagnostics and renders what could be read.
 */
export function NotebookView({ slug }: { slug: string }) {
  const { parsed, file, error } = useLessonSource(slug);
  const work = useStrata((s) => s.lessonWork[slug]);
  const workStatus = useStrata((s) => s.lessonWorkStatus[slug]);
  const loadLessonWork = useStrata((s) => s.loadLessonWork);
  const updateLessonWork = useStrata((s) => s.updateLessonWork);
  const studentSeed = useStrata((s) => s.studentSeed);
  const presenting = useStrata((s) => s.presenting);
  const runners = useMemo(() => new CellRunners(), []);

  useEffect(() => {
    void loadLessonWork(slug);
  }, [loadLessonWork, slug]);

  useEffect(() => {
    const flush = (): void => void useStrata.getState().flushLessonWork();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  const update = useCallback((change: (w: LessonWork) => LessonWork) => updateLessonWork(slug, change), [updateLessonWork, slug]);
  const context = useMemo<NotebookContextValue | null>(
    () => (parsed && work ? { slug, lesson: parsed.lesson, work, update, runners, studentSeed } : null),
    [parsed, work, slug, update, runners, studentSeed],
  );

  if (error)
    return (
      <div className="view-error">
        Could not open {slug}: {error}
      </div>
    );
  if (workStatus?.status === 'error')
    return (
      <div className="view-error">
        Could not read your work in {slug}: {workStatus.error}
      </div>
    );
  if (!parsed || !context) return <div className="view-loading">Loading {slug}…</div>;

  return (
    <NotebookContext.Provider value={context}>
      {presenting ? <PresentationView /> : <NotebookDocument file={file} diagnostics={parsed.diagnostics} recovered={workStatus?.recovered} />}
    </NotebookContext.Provider>
  );
}

/** The lesson as one scrolling page: header, diagnostics, cells; search and contents beside it. */
function NotebookDocument({ file, diagnostics, recovered }: { file: string; diagnostics: readonly Diagnostic[]; recovered?: string }) {
  const { slug, lesson, work, runners } = useNotebook();
  const saveState = useStrata((s) => s.lessonSaveState[slug]);
  const resetLessonWork = useStrata((s) => s.resetLessonWork);
  const setPresenting = useStrata((s) => s.setPresenting);
  const [root, setRoot] = useState<HTMLElement | null>(null);
  const [runningAll, setRunningAll] = useState(false);
  const [query, setQuery] = useState('');
  const searchInput = useRef<HTMLInputElement>(null);
  const toc = useMemo(() => tableOfContents(lesson.headings), [lesson.headings]);
  const headingIds = useMemo(() => lesson.cells.map((cell, i) => headingIdsForCell(toc, i, cell)), [lesson.cells, toc]);
  const search = useLessonSearch(root, query, work);
  useShiftEnter(root, runners);
  const reading = useReadingPlace(toc, root?.closest<HTMLElement>('.view') ?? null, root);

  // Ctrl+F searches the lesson while the notebook is on screen (the browser's own find cannot see into cells' state).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key === 'f' && root?.offsetParent && !isEditableTarget(e.target)) {
        e.preventDefault();
        searchInput.current?.focus();
        searchInput.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [root]);

  const runAll = async (): Promise<void> => {
    setRunningAll(true);
    try {
      for (const cell of lesson.cells) await runners.run(cell.id);
    } finally {
      setRunningAll(false);
    }
  };

  const resetLesson = (): void => {
    if (
      window.confirm(
        `Reset "${lesson.title}"? Your edits, outputs, answers and met objectives in this lesson are forgotten. The lesson itself does not change.`,
      )
    ) {
      void resetLessonWork(slug);
    }
  };

  return (
    <div className="notebook-layout">
      <article className="notebook" ref={setRoot} aria-label={lesson.title}>
        <NotebookHeader
          duration={lesson.frontMatter?.duration}
          saveState={saveState}
          runningAll={runningAll}
          canReset={hasWork(work)}
          onRunAll={() => void runAll()}
          onResetLesson={resetLesson}
          onPresent={() => setPresenting(true)}
        />
        {recovered && <p className="notebook-notice">{recovered}</p>}
        <DiagnosticsPanel diagnostics={diagnostics} file={file} />
        <div className="notebook-cells">
          {lesson.cells.map((cell, i) => (
            <CellView key={`${i}-${cell.id}`} cell={cell} headingIds={headingIds[i]!} />
          ))}
        </div>
      </article>
      <aside className="notebook-aside">
        <LessonSearchBar inputRef={searchInput} query={query} onQuery={setQuery} count={search.count} current={search.current} onStep={search.step} />
        <ObjectivesCard lesson={lesson} objectivesMet={work.objectivesMet} />
        <TableOfContents slug={slug} entries={toc} active={reading} />
      </aside>
    </div>
  );
}
