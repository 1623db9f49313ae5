import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useStrata } from '../../store/store';
import type { ViewId } from '../../store/shellSlice';
import { docPageOrFirst } from '../docs/docPages';
import { CourseSidebar } from '../lessons/CourseSidebar';
import { LessonsView } from '../lessons/LessonsView';
import { MachinesView } from '../machines/MachinesView';
import { ActivityBar } from './ActivityBar';
import { isEditableTarget } from './editableTarget';
import { SidebarIcon, StrataLogo } from './icons';
import { StatusBar } from './StatusBar';
import { useAddressBar } from './useAddressBar';

/*
 * The builder (canvas, layout, Monaco's YAML editor, the simulator's worker) and the docs
 * (Markdown, code highlighting, formulas) are chunks of their own, loaded when first shown:
 * the home page is the course, and it starts without them.
 */
const BuilderView = lazy(() => import('../builder/BuilderView').then((m) => ({ default: m.BuilderView })));
const DocsView = lazy(() => import('../docs/DocsView').then((m) => ({ default: m.DocsView })));

const TITLES: Record<ViewId, string> = { lessons: 'Lessons', builder: 'Builder', machines: 'Machines', docs: 'Docs' };
const KEYS: Record<string, ViewId> = { '1': 'lessons', '2': 'builder', '3': 'machines', '4': 'docs' };

/**
 * The window: activity bar, course sidebar, the active place, status bar. A view mounts
 * when first shown and then stays mounted when hidden, so a running simulation or a
 * terminal keeps its state.
 */
export function AppShell() {
  const activeView = useStrata((s) => s.activeView);
  const [shown, setShown] = useState<ReadonlySet<ViewId>>(() => new Set([activeView]));
  if (!shown.has(activeView)) setShown(new Set(shown).add(activeView));
  const showView = useStrata((s) => s.showView);
  const sidebarVisible = useStrata((s) => s.sidebarVisible);
  const toggleSidebar = useStrata((s) => s.toggleSidebar);
  const theme = useStrata((s) => s.theme);
  const lessons = useStrata((s) => s.lessons);
  const selected = useStrata((s) => s.selectedLesson);
  useAddressBar();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || isEditableTarget(e.target)) return;
      const view = KEYS[e.key];
      if (view) {
        e.preventDefault();
        showView(view);
      } else if (e.key === 'b') {
        e.preventDefault();
        toggleSidebar();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showView, toggleSidebar]);

  const lesson = lessons.find((l) => l.slug === selected);
  const docTitle = useStrata((s) => (s.activeView === 'docs' ? docPageOrFirst(s.docPage)?.title : undefined));
  const crumb = activeView === 'lessons' && lesson ? (lesson.status === 'ok' ? lesson.title : lesson.file) : (docTitle ?? null);

  return (
    <div className={`app-shell${sidebarVisible ? '' : ' no-sidebar'}`}>
      <header className="title-bar">
        <span className="brand">
          <StrataLogo /> Strata
        </span>
        <button type="button" className="icon-button" title="Toggle the course sidebar (Ctrl+B)" aria-label="Toggle sidebar" onClick={toggleSidebar}>
          <SidebarIcon size={18} />
        </button>
        <span className="breadcrumb">
          {TITLES[activeView]}
          {crumb && <> › {crumb}</>}
        </span>
      </header>
      <ActivityBar />
      {sidebarVisible && <CourseSidebar />}
      <main className="main-area">
        <section className="view" hidden={activeView !== 'lessons'} aria-label="Lessons">
          <LessonsView />
        </section>
        <section className="view" hidden={activeView !== 'builder'} aria-label="Builder">
          {shown.has('builder') && <Loading what="the builder">{<BuilderView />}</Loading>}
        </section>
        <section className="view" hidden={activeView !== 'machines'} aria-label="Machines">
          <MachinesView />
        </section>
        <section className="view" hidden={activeView !== 'docs'} aria-label="Docs">
          {shown.has('docs') && <Loading what="the docs">{<DocsView />}</Loading>}
        </section>
      </main>
      <StatusBar />
    </div>
  );
}

/** A lazily loaded view, with a line saying so while its chunk arrives. */
function Loading({ what, children }: { what: string; children: ReactNode }) {
  return <Suspense fallback={<p className="view-loading">Loading {what}…</p>}>{children}</Suspense>;
}
