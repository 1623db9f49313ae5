import type { Layer } from './stackSchema';

/** How messages name a layer: its kind, id and, where it matters, its product (`hypervisor h1 (xen)`). */
export function describeLayer(layer: Layer): string {
  switch (layer.kind) {
    case 'hypervisor':
      return `${layer.product === 'vsmp' ? 'vsmp' : 'hypervisor'} ${layer.id}${layer.product === 'vsmp' ? '' : ` (${layer.product})`}`;
    case 'os':
      return `os ${layer.id} (${layer.product}${layer.role ? `, ${layer.role}` : ''})`;
    case 'ssi':
    case 'container':
      return `${layer.kind} ${layer.id} (${layer.product})`;
    default:
      return `${layer.kind} ${layer.id}`;
  }
}
