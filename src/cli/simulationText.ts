import type { SimResult } from '../core/sim';

/** The event log and the figures, for a person. */
export function readable(file: string, r: SimResult): string {
  const lines: string[] = [`${file}: simulated`, '', 'Events:'];
  const width = Math.max(...r.events.map((e) => e.t.toFixed(3).length), 5);
  for (const e of r.events) lines.push(`  ${e.t.toFixed(3).padStart(width)} s  ${e.type.padEnd(15)} ${e.message}`);
  lines.push('', 'Apps:');
  for (const [id, a] of Object.entries(r.apps)) {
    const parts: string[] = [];
    if (a.makespanS !== undefined) parts.push(`makespan ${a.makespanS} s`);
    if (a.throughputRps !== undefined) parts.push(`${a.throughputRps} requests/s`);
    if (a.latencyP50Ms !== undefined) parts.push(`p50 ${a.latencyP50Ms} ms`);
    if (a.latencyP99Ms !== undefined) parts.push(`p99 ${a.latencyP99Ms} ms`);
    if (a.killedAtS !== undefined) parts.push(`killed at ${a.killedAtS} s`);
    lines.push(`  ${id}: ${parts.join(', ') || 'unfinished'}`);
  }
  lines.push('', 'Nodes:');
  for (const [id, n] of Object.entries(r.nodes)) lines.push(`  ${id}: CPU utilisation ${(n.cpuUtil * 100).toFixed(1)} %`);
  if (r.migrations.length > 0) {
    lines.push('', 'Migrations:');
    for (const m of r.migrations)
      lines.push(
        `  ${m.target}: ${m.from} -> ${m.to} at ${m.startS} s, ${m.totalS} s in all, ${m.downtimeMs} ms downtime, ${m.rounds} rounds, ${m.ramMiB} MiB`,
      );
  }
  return lines.join('\n') + '\n';
}
