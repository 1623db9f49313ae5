import type { DragEvent } from 'react';
import { paletteClass, paletteGroups, type PaletteItem } from '../model/layerCatalog';

/** The dataTransfer type a palette drag carries (xyflow's DragNDrop pattern). */
export const PALETTE_MIME = 'application/x-strata-layer';

function onDragStart(event: DragEvent, item: PaletteItem): void {
  event.dataTransfer.setData(PALETTE_MIME, item.key);
  event.dataTransfer.effectAllowed = 'copy';
}

/** The layer kinds and their products, to drag onto the canvas. */
export function Palette() {
  return (
    <aside className="builder-palette" aria-label="Layer palette">
      {paletteGroups.map((group) => (
        <section key={group.title}>
          <h3>{group.title}</h3>
          <div className="palette-items">
            {group.items.map((item) => (
              <div
                key={item.key}
                className="palette-item"
                draggable
                onDragStart={(e) => onDragStart(e, item)}
                title={item.hint}
                data-testid={`palette-${item.key}`}
                style={{ ['--c' as string]: `var(--layer-${paletteClass(item)})` }}
              >
                <span className="palette-swatch" />
                {item.label}
              </div>
            ))}
          </div>
        </section>
      ))}
      <p className="palette-help">Drop a layer onto the one it runs on. Select several members, then right-click to join them into an SSI.</p>
    </aside>
  );
}
