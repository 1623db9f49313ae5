import { Network, Stack, layerSchemas, stepSchemas } from './stackSchema';

/** Keys a stack file may use at its top level. */
export const topLevelKeys: readonly string[] = Object.keys(Stack.shape);

/** Keys of the `network` block. */
export const networkKeys: readonly string[] = Object.keys(Network.shape);

const keysOf = (schemas: Record<string, { shape: object }>): ReadonlyMap<string, readonly string[]> =>
  new Map(Object.entries(schemas).map(([name, schema]) => [name, Object.keys(schema.shape)]));
/** Computed once: the unknown-key check asks for every layer of a file. */
const layerKeysByKind = keysOf(layerSchemas);
const stepKeysByVerb = keysOf(stepSchemas);

/** Keys a layer of `kind` may use, or undefined for an unknown kind. */
export function layerKeys(kind: unknown): readonly string[] | undefined {
  return typeof kind === 'string' ? layerKeysByKind.get(kind) : undefined;
}

/** Keys a scenario step doing `verb` may use, or undefined for an unknown verb. */
export function stepKeys(verb: unknown): readonly string[] | undefined {
  return typeof verb === 'string' ? stepKeysByVerb.get(verb) : undefined;
}

/**
 * The known key closest to `key` by edit distance (case-insensitive), so an
 * `unknown-key` warning can always say what the author probably meant.
 */
export function nearestKey(key: string, known: readonly string[]): string {
  let best = known[0] ?? '';
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
