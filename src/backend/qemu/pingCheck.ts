import type { Machine } from './machine';

export interface PingReport {
  ok: number;
  total: number;
  /** Each failed pair, `from -> to`. */
  failed: string[];
}

/**
 * Pings every VM from every other through their consoles (busybox ping in the guest),
 * all VMs at once, each trying its peers in turn.
 */
export async function pingAll(machines: readonly Machine[], timeoutMs = 60_000): Promise<PingReport> {
  const targets = machines.map((m) => ({ id: m.id, ip: m.info().ip })).filter((t): t is { id: string; ip: string } => t.ip !== undefined);
  const results = await Promise.all(
    machines.map(async (m) => {
      const peers = targets.filter((t) => t.id !== m.id);
      if (!peers.length) return [];
      const script = `for ip in ${peers.map((p) => p.ip).join(' ')}; do if ping -c 1 -W 5 $ip >/dev/null 2>&1; then echo "PING $ip ok"; else echo "PING $ip fail"; fi; done`;
      const { stdout: out } = await m.exec(script, timeoutMs);
      return peers.map((p) => ({ from: m.id, to: p.id, ok: new RegExp(`PING ${p.ip.replace(/\./g, '\\.')} ok`).test(out) }));
    }),
  );
  const flat = results.flat();
  return { ok: flat.filter((r) => r.ok).length, total: flat.length, failed: flat.filter((r) => !r.ok).map((r) => `${r.from} -> ${r.to}`) };
}
