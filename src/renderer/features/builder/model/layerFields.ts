import { Arch, ContainerProduct, HypervisorProduct, OsProduct, SsiProduct, Technique, Workload, type LayerKind } from '../../../../core/stack';

/** One editable field of a layer, as the properties panel shows it. */
export type FieldSpec =
  | { key: string; label: string; type: 'number'; integer?: boolean; optional?: boolean; unit?: string }
  | { key: string; label: string; type: 'select'; options: readonly string[]; optional?: boolean }
  | { key: string; label: string; type: 'boolean' }
  | { key: string; label: string; type: 'text' };

/**
 * The fields of each kind (docs/stack-format.md, "Layers"), in the order the panel
 * lists them. Optional fields can be cleared, which brings back the contract's default.
 */
export const layerFields: Record<LayerKind, readonly FieldSpec[]> = {
  node: [
    { key: 'cpus', label: 'CPUs', type: 'number', integer: true },
    { key: 'memoryMiB', label: 'Memory', type: 'number', unit: 'MiB' },
    { key: 'arch', label: 'Architecture', type: 'select', options: Arch.options },
    { key: 'virtExtensions', label: 'VT-x / AMD-V', type: 'boolean' },
    { key: 'speed', label: 'Core speed', type: 'number', unit: '×' },
    { key: 'site', label: 'Site', type: 'text' },
  ],
  hypervisor: [
    { key: 'product', label: 'Product', type: 'select', options: HypervisorProduct.options },
    { key: 'technique', label: 'Technique', type: 'select', options: Technique.options, optional: true },
  ],
  vm: [
    { key: 'vcpus', label: 'vCPUs', type: 'number', integer: true },
    { key: 'memoryMiB', label: 'Memory', type: 'number', unit: 'MiB' },
    { key: 'arch', label: 'Architecture', type: 'select', options: Arch.options, optional: true },
    { key: 'virtExtensions', label: 'Shows VT-x / AMD-V', type: 'boolean' },
    { key: 'dirtyRateMiBps', label: 'Dirty rate', type: 'number', optional: true, unit: 'MiB/s' },
  ],
  os: [
    { key: 'product', label: 'Product', type: 'select', options: OsProduct.options },
    { key: 'role', label: 'Role', type: 'select', options: ['dom0'], optional: true },
  ],
  ssi: [{ key: 'product', label: 'Product', type: 'select', options: SsiProduct.options }],
  container: [
    { key: 'product', label: 'Product', type: 'select', options: ContainerProduct.options },
    { key: 'cpus', label: 'CPU cap', type: 'number', optional: true },
    { key: 'memoryMiB', label: 'Memory cap', type: 'number', optional: true, unit: 'MiB' },
  ],
  app: [
    { key: 'workload', label: 'Workload', type: 'select', options: Workload.options },
    { key: 'processes', label: 'Processes', type: 'number', integer: true, optional: true },
    { key: 'cpuSeconds', label: 'CPU seconds each', type: 'number', optional: true, unit: 's' },
    { key: 'memoryMiB', label: 'Memory', type: 'number', optional: true, unit: 'MiB' },
    { key: 'jobs', label: 'make -j', type: 'number', integer: true, optional: true },
    { key: 'requestsPerSecond', label: 'Requests/s', type: 'number', optional: true },
    { key: 'dirtyRateMiBps', label: 'Dirty rate', type: 'number', optional: true, unit: 'MiB/s' },
  ],
};

/**
 * What a field's text means: a number, `undefined` to clear an optional field, or null
 * when the text is not acceptable (the panel then keeps the old value).
 */
export function parseFieldInput(spec: FieldSpec, text: string): unknown {
  const trimmed = text.trim();
  if (spec.type === 'number') {
    if (trimmed === '') return spec.optional ? undefined : null;
    const n = Number(trimmed);
    if (!Number.isFinite(n) || n < 0 || (spec.integer && !Number.isInteger(n))) return null;
    return n;
  }
  if (spec.type === 'select') return trimmed === '' ? (spec.optional ? undefined : null) : spec.options.includes(trimmed) ? trimmed : null;
  if (spec.type === 'boolean') return trimmed === 'true';
  return trimmed === '' ? null : trimmed;
}

/** What to type instead, when `parseFieldInput` refuses a field's text. */
export function fieldInputHint(spec: FieldSpec, text: string): string {
  if (spec.type === 'number') {
    if (text.trim() === '') return 'A value is needed here.';
    return spec.integer ? 'Type a whole number, 0 or more.' : 'Type a number, 0 or more.';
  }
  if (spec.type === 'select') return `One of: ${spec.options.join(', ')}.`;
  return 'A value is needed here.';
}
