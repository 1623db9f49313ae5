/**
 * Compiles the SimGrid peer (scale.cpp) when SimGrid's headers and a C++ compiler are
 * installed. The benchmark calls it before comparing; CI runs this file directly
 * (`npx tsx test/bench/simgrid/buildPeer.ts`) so that the peer cannot rot unnoticed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, 'scale.cpp');
const binary = path.resolve(here, '../../../out/bench/simgrid-scale');

export type PeerBuild = { ok: true; binary: string; version: string } | { ok: false; why: string };

function has(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function buildSimgridPeer(): PeerBuild {
  if (!has('g++', ['--version'])) return { ok: false, why: 'g++ is not installed (apt-get install g++)' };
  if (!has('pkg-config', ['--exists', 'simgrid'])) return { ok: false, why: 'SimGrid is not installed (apt-get install libsimgrid-dev)' };
  const version = execFileSync('pkg-config', ['--modversion', 'simgrid'], { encoding: 'utf8' }).trim();
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return { ok: true, binary, version };
  mkdirSync(path.dirname(binary), { recursive: true });
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'simgrid'], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean);
  execFileSync('g++', ['-O2', '-std=c++17', source, '-o', binary, ...flags], { stdio: 'inherit' });
  return { ok: true, binary, version };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const build = buildSimgridPeer();
  if (!build.ok) {
    console.error(`SimGrid peer not built: ${build.why}`);
    process.exit(1);
  }
  console.log(`SimGrid ${build.version} peer built: ${path.relative(process.cwd(), build.binary)}`);
}
