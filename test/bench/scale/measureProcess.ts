import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

export interface ProcessFigures {
  wallS: number;
  /** Peak resident memory (VmHWM), sampled while the process runs; null where /proc is missing. */
  peakRssBytes: number | null;
  stdout: string;
}

async function highWaterMark(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kib = status && /^VmHWM:\s+(\d+) kB/m.exec(status);
  return kib ? Number(kib[1]) * 1024 : null;
}

/**
 * Runs a whole command as a user runs it, timing it from spawn to exit. VmHWM only grows,
 * so sampling it every few milliseconds misses at most the last interval's growth.
 */
export function measureProcess(command: string, args: string[]): Promise<ProcessFigures> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const sample = setInterval(() => {
      if (child.pid === undefined) return;
      void highWaterMark(child.pid).then((hwm) => {
        if (hwm !== null) peak = Math.max(peak ?? 0, hwm);
      });
    }, 5);
    child.on('error', (err) => {
      clearInterval(sample);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearInterval(sample);
      const wallS = (performance.now() - start) / 1000;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim().slice(-500)}`));
      else resolve({ wallS, peakRssBytes: peak, stdout });
    });
  });
}
