import { useStrata } from '../../store/store';
import type { ViewId } from '../../store/shellSlice';
import { BuilderIcon, DocsIcon, LessonsIcon, MachinesIcon, MoonIcon, SunIcon } from './icons';
import { UI } from '../../../core/ui/uiLabels';

const VIEWS: Array<{ id: ViewId; label: string; Icon: typeof LessonsIcon; key: string }> = [
  { id: 'lessons', label: UI.view.lessons, Icon: LessonsIcon, key: '1' },
  { id: 'builder', label: UI.view.builder, Icon: BuilderIcon, key: '2' },
  { id: 'machines', label: UI.view.machines, Icon: MachinesIcon, key: '3' },
  { id: 'docs', label: UI.view.docs, Icon: DocsIcon, key: '4' },
];

/** The left strip that switches between the places of the app. */
export function ActivityBar() {
  const activeView = useStrata((s) => s.activeView);
  const showView = useStrata((s) => s.showView);
  const theme = useStrata((s) => s.theme);
  const toggleTheme = useStrata((s) => s.toggleTheme);
  return (
    <nav className="activity-bar" aria-label="Views">
      {VIEWS.map(({ id, label, Icon, key }) => (
        <button
          key={id}
          type="button"
          className={`activity-item${activeView === id ? ' active' : ''}`}
          aria-pressed={activeView === id}
          title={`${label} (Ctrl+${key})`}
          onClick={() => showView(id)}
        >
          <Icon size={22} />
          <span>{label}</span>
        </button>
      ))}
      <div className="activity-spacer" />
      <button
        type="button"
        className="activity-item"
        title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        aria-label="Toggle theme"
        onClick={toggleTheme}
      >
        {theme === 'dark' ? <SunIcon size={20} /> : <MoonIcon size={20} />}
      </button>
    </nav>
  );
}
