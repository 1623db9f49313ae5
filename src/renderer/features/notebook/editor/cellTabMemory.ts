/**
 * Which tab (Builder or YAML) each lesson stack cell was last shown in, by the student's
 * own click: kept per cell in the browser's storage, so the cell reopens in it after the
 * student goes elsewhere or reloads Strata.
 */
export type CellTab = 'builder' | 'yaml';

const key = (lesson: string, cellId: string): string => `strata.cellTab.${lesson}.${cellId}`;

/** The tab the student last chose for this cell, or null when they never chose one. */
export function rememberedCellTab(lesson: string, cellId: string): CellTab | null {
  if (typeof localStorage === 'undefined') return null;
  const saved = localStorage.getItem(key(lesson, cellId));
  return saved === 'builder' || saved === 'yaml' ? saved : null;
}

/** Remembers the student's choice for this cell. */
export function rememberCellTab(lesson: string, cellId: string, tab: CellTab): void {
  if (typeof localStorage !== 'undefined') localStorage.setItem(key(lesson, cellId), tab);
}
