import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * What a menu opened from a button does, as in a desktop app: the first item takes the
 * focus, arrows move between items, Escape closes it and gives the focus back to its
 * button, and a press anywhere outside closes it. It stays open while the mouse wanders
 * (a layout shift under a still mouse must not close it). Put `root` on the element that
 * holds the button and the menu, `menu` on the menu.
 */
export function useMenu() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const away = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent): void => {
    if (!open) return;
    const buttons = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>('[aria-haspopup]')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      buttons[(at + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
    } else return;
    e.stopPropagation();
  };

  return { open, setOpen, root, menu, onKeyDown };
}
