import { stringify } from 'yaml';
import { Network, layerSchemas, type Layer, type Stack } from './stackSchema';

/** Field order when writing a layer: identity first, then placement, then the rest as declared. */
const leadingKeys = ['id', 'kind', 'product', 'workload', 'on'];

/**
 * Writes a stack back to YAML text, one flow mapping per layer as in the contract's
 * examples. Fields equal to their constant default are left out so a stack built in the
 * builder reads like one written by hand; `parseStack` of the result gives the same model.
 */
export function stackToYaml(stack: Stack): string {
  const lines: string[] = [`name: ${scalar(stack.name)}`];
  if (stack.description !== undefined) lines.push(`description: ${scalar(stack.description)}`);
  if (stack.network) {
    const network = withoutDefaults(stack.network as Record<string, unknown>, Network.parse({}) as Record<string, unknown>);
    lines.push(`network: ${flow(network)}`);
  }
  lines.push(stack.layers.length > 0 ? 'layers:' : 'layers: []');
  for (const layer of stack.layers) lines.push(`  - ${layerToYaml(layer)}`);
  if (stack.scenario) {
    lines.push(stack.scenario.length > 0 ? 'scenario:' : 'scenario: []');
    for (const step of stack.scenario) {
      if (step.do === 'add-node') {
        // A block mapping here: its new layers read best one flow mapping per line.
        const { layers, ...rest } = step;
        Object.entries(rest)
          .filter(([, v]) => v !== undefined)
          .forEach(([key, v], i) => lines.push(`${i === 0 ? '  - ' : '    '}${key}: ${scalar(v)}`));
        lines.push('    layers:');
        for (const layer of layers) lines.push(`      - ${layerToYaml(layer)}`);
      } else {
        lines.push(`  - ${flow(step)}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** One layer as `stackToYaml` writes it: a flow mapping on one line, without defaults (an editor rewrites one layer's line with it). */
export function layerToYaml(layer: Layer): string {
  return flow(layerForYaml(layer));
}

function layerForYaml(layer: Layer): Record<string, unknown> {
  const defaults = layerSchemas[layer.kind].parse({ id: layer.id, kind: layer.kind, ...requiredOf(layer) }) as Record<string, unknown>;
  const kept = withoutDefaults(layer as Record<string, unknown>, defaults, ['id', 'kind', 'product', 'workload']);
  const ordered: Record<string, unknown> = {};
  for (const key of leadingKeys) if (key in kept) ordered[key] = kept[key];
  for (const [key, v] of Object.entries(kept)) if (!(key in ordered)) ordered[key] = v;
  return ordered;
}

/** The fields a kind requires, so its defaults can be computed. */
function requiredOf(layer: Layer): Record<string, unknown> {
  if (layer.kind === 'hypervisor') return { product: layer.product };
  if (layer.kind === 'app') return { workload: layer.workload };
  return {};
}

function withoutDefaults(obj: Record<string, unknown>, defaults: Record<string, unknown>, always: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (!always.includes(key) && defaults[key] === v) continue;
    out[key] = v;
  }
  return out;
}

function flow(obj: object): string {
  return stringify(obj, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

function scalar(v: unknown): string {
  return stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}
