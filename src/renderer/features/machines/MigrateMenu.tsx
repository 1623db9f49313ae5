import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { VmInfo } from '../../../api/vmApi';
import { useStrata } from '../../store/store';
import { migrationTargets } from './migrationTargets';
import { UI } from '../../../core/ui/uiLabels';

/**
 * "Migrate to…": a menu of the nodes the VM can move to, read when it opens, so it
 * follows the VM after each move. A menu rather than a select: arrowing through a
 * select's options would start a migration at each key.
 */
export function MigrateMenu({ vm, disabled }: { vm: VmInfo; disabled: boolean }) {
  const nodesSeen = useStrata((s) => s.nodesSeen);
  const migrateVm = useStrata((s) => s.migrateVm);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const targets = migrationTargets(vm.node, nodesSeen);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const away = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  useEffect(() => {
    if (disabled) setOpen(false);
  }, [disabled]);

  const onKeyDown = (e: KeyboardEvent): void => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>('[aria-haspopup]')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    } else return;
    e.stopPropagation();
  };

  return (
    <div className="migrate-menu" ref={root} onKeyDown={onKeyDown}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)} title={`Live-migrate ${vm.id} from ${vm.node} to another node`}>
        {UI.machines.migrateTo} ▾
      </button>
      {open && (
        <div className="menu-popup" role="menu" aria-label={`Migrate ${vm.id} to`} ref={menu}>
          <div className="menu-note">
            {vm.id} runs on <strong>{vm.node}</strong>
          </div>
          {targets.map((t) => (
            <button
              key={t.node}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                void migrateVm(vm.id, t.node);
              }}
            >
              {t.node}
              {t.fresh && <span className="menu-hint"> (new)</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
