import { presets } from '../presets/presetCatalog';
import { useBuilderStore } from '../state/useBuilderStore';
import { UI } from '../../../../core/ui/uiLabels';
import { useMenu } from '../../shell/useMenu';

/** The seminar's configurations, one click each; opening one stays undoable. */
export function PresetMenu() {
  const store = useBuilderStore();
  const { open, setOpen, root, menu, onKeyDown } = useMenu();
  return (
    <div className="toolbar-group" ref={root} onKeyDown={onKeyDown}>
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="menu">
        {UI.builder.presets} ▾
      </button>
      {open && (
        <div className="dropdown presets-menu" role="menu" aria-label={UI.builder.presets} ref={menu}>
          <div className="menu-section">The seminar's configurations</div>
          {presets.map((p) => (
            <button
              key={p.file}
              type="button"
              role="menuitem"
              className="dropdown-item"
              onClick={() => {
                store.getState().builderLoad(p.text);
                setOpen(false);
              }}
            >
              <span>{p.title}</span>
              <span className={`muted small${p.expect === 'valid' ? '' : ' expect-error'}`}>
                {p.expect === 'valid' ? p.slide : `${p.slide} · shows ${p.expect}`}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
