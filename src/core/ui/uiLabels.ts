import presetIndex from '../../../assets/presets/index.json';

/**
 * The words on the app's buttons, tabs and menus that lessons name. The renderer shows
 * these constants and `strata lessons lint` checks lessons against them, so renaming a
 * button breaks the lint instead of silently breaking a lesson's instructions. Lessons
 * mark a label as `[[Run]]`, or a path through menus as `[[Presets > Kerrighed upon Xen]]`;
 * a preset's title alone (`[[Kerrighed upon Xen]]`) names that item of the Presets menu.
 */
export const UI = {
  /** The activity bar's three places. */
  view: { lessons: 'Lessons', builder: 'Builder', machines: 'Machines', docs: 'Docs' },
  /** A lesson notebook's header. */
  notebook: { runAll: 'Run all', present: 'Present', resetLesson: 'Reset lesson' },
  /** A cell's header and the stack cell's two editors. */
  cell: { run: 'Run', check: 'Check', boot: 'Boot', stop: 'Stop', reset: 'Reset', builderTab: 'Builder', yamlTab: 'YAML', openInBuilder: 'Open in builder' },
  /** The bar over the Builder view while it edits a lesson's stack (after Open in builder). */
  cellInBuilder: { saveToCell: 'Save to cell', backToLesson: 'Back to lesson' },
  /** An exercise's answer fields. */
  answer: { submit: 'Answer' },
  /** The builder's toolbar and panels. */
  builder: {
    presets: 'Presets',
    open: 'Open…',
    saveAs: 'Save as',
    undo: 'Undo',
    redo: 'Redo',
    joinIntoSsi: 'Join into SSI',
    tidy: 'Tidy',
    fit: 'Fit',
    exportPng: 'PNG',
    exportSvg: 'SVG',
    compare: 'Compare…',
    run: 'Run',
    runForReal: 'Run for real',
    cancelRun: 'Cancel run',
    hostFigures: "This machine's figures",
    problems: 'Problems',
  },
  /** A real run's panel (builder and stack cells). */
  realRun: {
    stop: 'Stop the real run',
    simulateInstead: 'Run the simulation instead',
    sideBySide: 'Simulated and measured',
    scaled: 'As run: what was scaled',
  },
  /** The Machines view. */
  machines: {
    bootVm: 'Boot a VM',
    /** The Boot a VM form's option: the nested pack and 1 GiB, so the guest can run QEMU and KVM inside. */
    hypervisorInside: 'hypervisor inside',
    deployCluster: 'Deploy cluster',
    /** The setting beside Boot a VM and Deploy cluster: boot from the kernel, not from the image's booted-state template. */
    coldBoot: 'cold boot',
    pause: 'Pause',
    resume: 'Resume',
    snapshot: 'Snapshot',
    restore: 'Restore…',
    migrateTo: 'Migrate to…',
    shutDown: 'Shut down',
    kill: 'Kill',
    withCriu: 'with CRIU',
    processes: 'Processes',
    clusterWide: 'Cluster-wide',
    refresh: 'Refresh',
    startCounter: 'Start counter',
    startCpuLoop: 'Start CPU loop',
    migrateProcess: 'Migrate process…',
    checkpointProcess: 'Checkpoint process',
    restartProcess: 'Restart process',
  },
  /** Seminar checkpoints: the Machines view's Checkpoints panel and presentation mode's bar. */
  checkpoints: {
    markCheckpoint: 'Mark checkpoint',
    rewind: 'Rewind',
    delete: 'Delete',
  },
} as const;

/** The titles of the builder's presets, as its Presets menu lists them. */
export const PRESET_TITLES: readonly string[] = presetIndex.presets.map((p) => p.title);

/** Every label a lesson may mark. */
export const UI_LABELS: ReadonlySet<string> = new Set(Object.values(UI).flatMap((group) => Object.values(group)));

/** Menus whose items a lesson may name after them in a path: the item must be one of these. */
const MENU_ITEMS: Readonly<Record<string, readonly string[]>> = { [UI.builder.presets]: PRESET_TITLES };

/** `[[Label]]` or `[[Menu > Item]]` in lesson prose. */
export const UI_LABEL_MARK = /\[\[([^\]\n]+)\]\]/g;

/** The parts of a marked label: `Presets > Kerrighed upon Xen` is two. */
export function labelPath(marked: string): string[] {
  return marked.split('>').map((part) => part.trim());
}

/** What is wrong with a marked label, or null when every part names something on screen. */
export function unknownLabel(marked: string): string | null {
  const path = labelPath(marked);
  for (const [i, part] of path.entries()) {
    const menu = i > 0 ? MENU_ITEMS[path[i - 1] ?? ''] : undefined;
    if (menu) {
      if (!menu.includes(part)) return `"${part}" is not an item of the ${path[i - 1]} menu (it has: ${menu.join('; ')})`;
    } else if (!UI_LABELS.has(part) && !(path.length === 1 && PRESET_TITLES.includes(part))) {
      return `"${part}" is not a label of the app's buttons, tabs or menus (src/core/ui/uiLabels.ts lists them)`;
    }
  }
  return null;
}
