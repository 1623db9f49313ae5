import { useEffect, type ReactNode } from 'react';
import { useMenu } from '../shell/useMenu';

export interface MenuItem {
  key: string;
  label: ReactNode;
  onSelect: () => void;
}

/**
 * A button that opens a menu of actions (see useMenu). A menu rather than a select:
 * arrowing through a select's options would start an action at each key.
 */
export function MenuButton({
  label,
  title,
  menuLabel,
  note,
  items,
  disabled,
}: {
  label: string;
  title: string;
  menuLabel: string;
  note?: ReactNode;
  items: MenuItem[];
  disabled: boolean;
}) {
  const { open, setOpen, root, menu, onKeyDown } = useMenu();

  useEffect(() => {
    if (disabled) setOpen(false);
  }, [disabled, setOpen]);

  return (
    <div className="migrate-menu" ref={root} onKeyDown={onKeyDown}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)} title={title}>
        {label} ▾
      </button>
      {open && (
        <div className="menu-popup" role="menu" aria-label={menuLabel} ref={menu}>
          {note && <div className="menu-note">{note}</div>}
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
