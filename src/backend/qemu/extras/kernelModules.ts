import fs from 'node:fs/promises';
import path from 'node:path';

/** A module of the kernel package: its file name without `.ko`, and where it lies. */
export interface KernelModule {
  name: string;
  file: string;
}

/** Module names as the kernel spells them in `depends=`: dashes become underscores. */
const canonical = (name: string): string => name.replace(/-/g, '_');

/** Every `.ko` under `lib/modules/RELEASE/kernel` of an unpacked kernel package, by canonical name. */
export async function moduleIndex(tree: string): Promise<Map<string, KernelModule>> {
  const byName = new Map<string, KernelModule>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith('.ko')) byName.set(canonical(entry.name.slice(0, -3)), { name: entry.name.slice(0, -3), file: full });
    }
  };
  await walk(path.join(tree, 'kernel'));
  return byName;
}

export function lookupModule(index: ReadonlyMap<string, KernelModule>, name: string): KernelModule {
  const found = index.get(canonical(name));
  if (!found) throw new Error(`kernel module ${name} not found in the kernel package`);
  return found;
}

/**
 * The modules a module needs loaded first, from the `depends=` string of its `.modinfo`
 * section (what depmod reads to write modules.dep, which Debian's package does not ship).
 */
export function modinfoDepends(ko: Uint8Array): string[] {
  const text = Buffer.from(ko).toString('latin1');
  const match = /\0depends=([^\0]*)\0/.exec(text);
  return match?.[1] ? match[1].split(',').filter(Boolean) : [];
}

/**
 * The modules to `insmod`, each after those it depends on, for the modules asked and
 * everything they need; those in `loaded` (the base image's) are left out.
 */
export async function moduleLoadOrder(
  index: ReadonlyMap<string, KernelModule>,
  names: readonly string[],
  loaded: ReadonlySet<string> = new Set(),
): Promise<KernelModule[]> {
  const order: KernelModule[] = [];
  const seen = new Set([...loaded].map(canonical));
  const visit = async (name: string, chain: readonly string[]): Promise<void> => {
    const key = canonical(name);
    if (seen.has(key)) return;
    if (chain.includes(key)) throw new Error(`kernel modules depend on each other in a circle: ${[...chain, key].join(' → ')}`);
    const mod = lookupModule(index, name);
    for (const dep of modinfoDepends(await fs.readFile(mod.file))) await visit(dep, [...chain, key]);
    seen.add(key);
    order.push(mod);
  };
  for (const name of names) await visit(name, []);
  return order;
}
