/**
 * Strata against SimGrid on SimGrid's scale scenario (1,024 nodes of 8 cores, one Xen
 * each, 8,192 one-vCPU VMs, 65,536 CPU-bound processes of one CPU-second): `strata
 * simulate FILE --json` on the generated stack file, end to end as a user runs it,
 * against the same platform built with SimGrid's s4u API (simgrid/scale.cpp). Runs
 * alternate so that both sides see the same machine load; medians are compared.
 * Goals: Strata's wall ≤ 0.5× SimGrid's, peak memory ≤ 0.3×, makespans within 5 %
 * (Strata adds Xen's 3 % CPU overhead; the SimGrid platform has none).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCALE, scaleStackYaml } from './scale/scaleStack';
import { measureProcess, type ProcessFigures } from './scale/measureProcess';
import { buildSimgridPeer } from './simgrid/buildPeer';

const RUNS = 3;
const strataBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/strata.mjs');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function strataMakespan(stdout: string): number {
  const result = JSON.parse(stdout) as { apps: Record<string, { makespanS?: number }> };
  const spans = Object.values(result.apps).map((a) => a.makespanS);
  if (spans.some((s) => s === undefined)) throw new Error('an app of the scale stack did not finish');
  return Math.max(...(spans as number[]));
}

function simgridMakespan(stdout: string): number {
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { makespanS: number }).makespanS;
}

interface Side {
  wallS: number;
  peakRss: number | null;
  makespanS: number;
}

function summarize(runs: ProcessFigures[], makespan: (stdout: string) => number): Side {
  const peaks = runs.map((r) => r.peakRssBytes).filter((p): p is number => p !== null);
  return { wallS: median(runs.map((r) => r.wallS)), peakRss: peaks.length ? Math.max(...peaks) : null, makespanS: makespan(runs[0]!.stdout) };
}

function verdict(met: boolean): string {
  return met ? ': met' : ': ABOVE GOAL';
}

function mb(bytes: number | null): string {
  return bytes === null ? 'n/a' : `${(bytes / 1e6).toFixed(0)} MB`;
}

export async function run(): Promise<void> {
  const peer = buildSimgridPeer();
  if (!peer.ok) {
    console.log(`SimGrid comparison skipped: ${peer.why}.`);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-scale-'));
  try {
    const file = path.join(dir, 'scale.stack.yaml');
    await writeFile(file, scaleStackYaml(SCALE));
    const { nodes, vmsPerNode, procsPerVm, cpuSeconds } = SCALE;
    const peerArgs = [
      String(nodes),
      String(vmsPerNode),
      String(procsPerVm),
      String(cpuSeconds),
      '--cfg=contexts/stack-size:16',
      '--cfg=contexts/guard-size:0',
      '--log=root.thres:critical',
    ];
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const strataRuns: ProcessFigures[] = [];
    const simgridRuns: ProcessFigures[] = [];
    for (let i = 0; i < RUNS; i++) {
      strataRuns.push(await measureProcess(process.execPath, [strataBin, 'simulate', file, '--json']));
      simgridRuns.push(await measureProcess(peer.binary, peerArgs));
    }
    const strata = summarize(strataRuns, strataMakespan);
    const simgrid = summarize(simgridRuns, simgridMakespan);
    const memRatio = strata.peakRss !== null && simgrid.peakRss !== null ? (strata.peakRss / simgrid.peakRss).toFixed(2) : 'n/a';
    const spanDiff = (Math.abs(strata.makespanS - simgrid.makespanS) / simgrid.makespanS) * 100;
    console.log(
      `scale scenario: ${nodes.toLocaleString('en')} nodes x ${vmsPerNode} cores, ${(nodes * vmsPerNode).toLocaleString('en')} VMs, ${(nodes * vmsPerNode * procsPerVm).toLocaleString('en')} processes; median of ${RUNS} alternating runs`,
    );
    console.log(`  strata simulate --json:   ${strata.wallS.toFixed(2)} s wall, peak ${mb(strata.peakRss)}, makespan ${strata.makespanS.toFixed(2)} s`);
    console.log(
      `  SimGrid ${peer.version} (s4u peer): ${simgrid.wallS.toFixed(2)} s wall, peak ${mb(simgrid.peakRss)}, makespan ${simgrid.makespanS.toFixed(2)} s`,
    );
    const wallRatio = strata.wallS / simgrid.wallS;
    const memOk = strata.peakRss !== null && simgrid.peakRss !== null && strata.peakRss <= 0.3 * simgrid.peakRss;
    console.log(
      `  ratios Strata/SimGrid: wall ${wallRatio.toFixed(2)}x (goal <= 0.5x${verdict(wallRatio <= 0.5)}), memory ${memRatio}x (goal <= 0.3x${verdict(memOk)}), makespans differ by ${spanDiff.toFixed(1)} % (goal <= 5 %${verdict(spanDiff <= 5)})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
