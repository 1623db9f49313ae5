import type { Machine } from './machine';

export interface PingReport {
  ok: number;
  total: number;
  /** Each failed pair, `from -> to`. */
  failed: string[];
}

/** How long each guest's broadcast ping listens for its peers' answers (it sends one request a second). */
const BROADCAST_S = 2;

/**
 * Pings every VM from every other over the checker's channel (busybox ping in the guest),
 * all VMs at once. Each guest pings the broadcast address on its LAN for BROADCAST_S
 * (Strata's guests answer it, assets/guest/init) and lists who answered; only peers that did not answer
 * then get a ping of their own, in turn. Starting a process in a TCG guest costs 10 to
 * 30 ms of host CPU, and one per pair was most of a 16-VM cluster's check. Every ordered
 * pair still carries unicast traffic: each answer goes from the peer to the asker alone.
 */
export async function pingAll(machines: readonly Machine[], timeoutMs = 60_000): Promise<PingReport> {
  const targets = machines.map((m) => ({ id: m.id, ip: m.info().ip })).filter((t): t is { id: string; ip: string } => t.ip !== undefined);
  const results = await Promise.all(
    machines.map(async (m) => {
      const peers = targets.filter((t) => t.id !== m.id);
      if (!peers.length) return [];
      // The limited broadcast, out of eth0: it needs no broadcast address on the interface.
      // Who answered is kept as " IP IP ... " and matched with `case`: no process per peer.
      const script = [
        `answered=" $(ping -I eth0 -c 100 -w ${BROADCAST_S} 255.255.255.255 2>/dev/null | sed -n 's/.* bytes from \\([0-9.]*\\):.*/\\1/p' | tr '\\n' ' ')"`,
        `for ip in ${peers.map((p) => p.ip).join(' ')}; do case "$answered" in *" $ip "*) ok=1 ;; *) ping -c 1 -w 10 $ip >/dev/null 2>&1 && ok=1 || ok=0 ;; esac; [ $ok = 1 ] && echo "PING $ip ok" || echo "PING $ip fail"; done`,
      ].join('; ');
      const { stdout: out } = await m.exec(script, timeoutMs);
      return peers.map((p) => ({ from: m.id, to: p.id, ok: new RegExp(`PING ${p.ip.replace(/\./g, '\\.')} ok`).test(out) }));
    }),
  );
  const flat = results.flat();
  return { ok: flat.filter((r) => r.ok).length, total: flat.length, failed: flat.filter((r) => !r.ok).map((r) => `${r.from} -> ${r.to}`) };
}
