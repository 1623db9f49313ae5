import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useStrata } from '../../store/store';
import type { ViewId } from '../../store/shellSlice';
import { CourseSidebar } from '../lessons/CourseSidebar';
import { LessonsView } from '../lessons/LessonsView';
import { ActivityBar } from './ActivityBar';
import { isEditableTarget } from './editableTarget';
import { SidebarIcon, StrataLogo } from './icons';
import { StatusBar } from './StatusBar';
import { useAddressBar } from './useAddressBar';

/*
 * The builder (canvas, layout, Monaco's YAML editor, the simulator's worker), the machines
 * (xterm.js) and the docs (Markdown, code highlighting, formulas, and the pages themselves,
 * whose headings are parsed when loaded) are chunks of their own, loaded when first shown:
 * the home page is the course, and it starts without them.
 */
const BuilderView = lazy(() => import('../builder/BuilderView').then((m) => ({ default: m.BuilderView })));
const MachinesView = lazy(() => import('../machines/MachinesView').then((m) => ({ default: m.MachinesView })));
const DocsView = lazy(() => import('../docs/DocsView').then((m) => ({ default: m.DocsView })));
const DocTitle = lazy(() => import('../docs/DocTitle').then((m) => ({ default: m.DocTitle })));

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
  const api = useStrata((s) => s.api);
  const watchMachines = useStrata((s) => s.watchMachines);
  useAddressBar();
  // The VM list is watched from the start, whether or not the Machines view was shown: a lesson's VM cells read it too.
  useEffect(() => (api ? watchMachines() : undefined), [api, watchMachines]);

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
  const lessonCrumb = lesson ? (lesson.status === 'ok' ? lesson.title : lesson.file) : null;
  const docCrumb = (
    <Suspense fallback={null}>
      <DocTitle />
    </Suspense>
  );
  const crumb = activeView === 'lessons' ? lessonCrumb : activeView === 'docs' ? docCrumb : null;

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
          {shown.has('machines') && <Loading what="the machines">{<MachinesView />}</Loading>}
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
