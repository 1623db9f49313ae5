/**
 * The shell a real run sends to its guests over the checker's channel (docs/real-runs.md):
 * containers as cgroups and namespaces, workloads made of busybox, and the reading of
 * CPU time and progress. Everything runs with what Strata's guest image carries.
 */
import type { AppWork, ContainerPlan } from '../../core/real';
import { createPrng } from '../../core/sim/prng';

/** Where a run keeps its files in the guest: one folder per app. */
export const RUN_DIR = '/run/strata-real';
const CGROUP = '/sys/fs/cgroup';

/** Ids become file and cgroup names: keep them plain. */
function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The cgroup folder of a container (its parents first), or of an app. */
export function cgroupPath(containers: readonly ContainerPlan[], container: string | undefined, app?: string): string {
  const chain: string[] = [];
  for (let c = containers.find((x) => x.id === container); c; c = containers.find((x) => x.id === c!.parent)) chain.unshift(safe(c.id));
  return [CGROUP, ...chain, ...(app ? [safe(app)] : [])].join('/');
}

/**
 * Mounts cgroup v2 and makes each container a cgroup (with its CPU and memory caps) whose
 * namespaces are held by a sleeping init, so every app of a container shares them.
 */
export function containersScript(containers: readonly ContainerPlan[]): string {
  const lines = [
    'set -e',
    `mkdir -p ${RUN_DIR} ${CGROUP}`,
    `grep -q " ${CGROUP} cgroup2" /proc/mounts || mount -t cgroup2 none ${CGROUP}`,
    `echo "+cpu +memory" > ${CGROUP}/cgroup.subtree_control`,
  ];
  for (const c of containers) {
    const dir = cgroupPath(containers, c.id);
    const holder = `${RUN_DIR}/${safe(c.id)}.init`;
    lines.push(`mkdir -p ${dir}/init`, `echo "+cpu +memory" > ${dir}/cgroup.subtree_control`);
    if (c.cpus !== undefined) lines.push(`echo "${Math.max(1000, Math.round(c.cpus * 100_000))} 100000" > ${dir}/cpu.max`);
    if (c.memoryMiB !== undefined) lines.push(`echo ${Math.round(c.memoryMiB * 2 ** 20)} > ${dir}/memory.max`);
    const enter = c.parent ? `nsenter -t $(cat ${RUN_DIR}/${safe(c.parent)}.init) -p -m -u -i ` : '';
    // The holder is PID 1 of the container's PID namespace; apps join its namespaces.
    lines.push(
      `setsid sh -c 'echo $$ > ${dir}/init/cgroup.procs; exec ${enter}unshare -p -f -m -u -i --mount-proc sh -c "hostname ${safe(c.id)}; exec sleep 2147483647"' </dev/null >/dev/null 2>&1 &`,
      `u=$!; i=0; while [ $i -lt 100 ]; do c=$(cat /proc/$u/task/*/children 2>/dev/null | tr -d ' '); [ -n "$c" ] && [ "$(readlink /proc/$c/ns/pid)" != "$(readlink /proc/1/ns/pid)" ] && break; i=$((i+1)); usleep 50000; done`,
      `[ -n "$c" ] || { echo "container ${c.id}: its init did not start"; exit 1; }`,
      `echo $c > ${holder}`,
    );
  }
  return lines.join('\n');
}

/** The workload's own script: writes `start`, per-process progress files `*.p` (0..1), then `end`, in guest uptime seconds. */
export function workloadScript(work: AppWork, itersPerSecond: number, port: number): string {
  const dir = `${RUN_DIR}/${safe(work.id)}`;
  const now = 'read t _ </proc/uptime';
  const spin = (iters: string, progressFile: string, steps = 100): string =>
    `awk -v n=${iters} -v f=${progressFile} -v s=${steps} 'BEGIN { per = int(n / s) + 1; for (c = 1; c <= s; c++) { for (k = 0; k < per; k++) x += k % 7; print c / s > f; close(f) } }'`;
  const head = [`d=${dir}`, `${now}; echo $t > $d/start`];
  const tail = ['wait', `${now}; echo $t > $d/end`];
  switch (work.workload) {
    case 'mrbayes':
    case 'custom': {
      const iters = Math.max(100, Math.round(work.cpuSeconds * itersPerSecond));
      return [...head, `i=0; while [ $i -lt ${work.processes} ]; do`, `  ${spin(String(iters), '$d/$i.p')} &`, '  i=$((i+1))', 'done', ...tail].join('\n');
    }
    case 'kernel-make':
      return buildScript(work, itersPerSecond, spin);
    case 'apache': {
      // The server alone: its load generator (loadScript) writes start, progress and end.
      // Each request runs a CGI page that spins the request's CPU seconds, the work the
      // model gives a request, around a 4 KiB page.
      const iters = Math.max(100, Math.round(work.cpuSeconds * itersPerSecond));
      return [
        `d=${dir}`,
        'mkdir -p $d/www/cgi-bin; i=0; while [ $i -lt 64 ]; do echo "<p>Strata serves line $i of its test page.</p>"; i=$((i+1)); done > $d/www/index.html',
        `printf '#!/bin/sh\\necho "Content-Type: text/html"\\necho\\nexec /bin/awk -v n=${iters} %s ${dir}/www/index.html\\n' "'BEGIN { for (k = 0; k < n; k++) x += k % 7 } { print }'" > $d/www/cgi-bin/page`,
        'chmod +x $d/www/cgi-bin/page',
        `exec httpd -f -p 127.0.0.1:${port} -h $d/www`,
      ].join('\n');
    }
  }
}

/**
 * A parallel build made of busybox, as `make -j` runs one: a configure step writes a
 * "source" per object; `-j` workers claim objects one by one (a noclobber file, atomic, as
 * make hands the next target to a free job) and compile each in three processes (`sed`
 * preprocesses it to a temporary file, `awk` spins the object's CPU share while it reads
 * that file and writes the object, `rm` cleans up); a serial link then concatenates every
 * object and spins the rest. Many short processes, fork and exec, and file I/O, like a
 * kernel build; compiling is 97 % of the CPU seconds, in objects of 0.25 to 1.75 times
 * the mean, the link 3 %. Each finished object writes its share of the compile to
 * `oK.p`; the link its progress to `link.p`.
 */
function buildScript(work: AppWork, itersPerSecond: number, spin: (iters: string, progressFile: string, steps?: number) => string): string {
  const objects = work.objects ?? 24;
  const compile = work.cpuSeconds * 0.97 * itersPerSecond;
  const relative = Array.from({ length: objects }, (_, k) => 0.25 + (((k * 7919) % objects) / Math.max(1, objects - 1)) * 1.5);
  const sum = relative.reduce((a, b) => a + b, 0);
  const table = relative.map((r, k) => `${k} ${Math.max(100, Math.round((compile * r) / sum))} ${(r / sum).toFixed(6)}`);
  const link = Math.max(100, Math.round(work.cpuSeconds * 0.03 * itersPerSecond));
  return [
    `d=${RUN_DIR}/${safe(work.id)}`,
    'read t _ </proc/uptime; echo $t > $d/start',
    'mkdir -p $d/src $d/tmp $d/obj $d/claim',
    `cat > $d/objects <<'OBJECTS'`,
    ...table,
    'OBJECTS',
    // configure: one source of 32 functions per object, written by the shell itself.
    `k=0; while [ $k -lt ${objects} ]; do i=0; while [ $i -lt 32 ]; do echo "int f\${k}_$i(int x) { return x * $i + $k; }"; i=$((i+1)); done > $d/src/$k.c; k=$((k+1)); done`,
    // A job claims an object by creating its claim file with noclobber (O_EXCL, atomic as
    // make handing the next target to a free job) in the shell itself: no process starts
    // but the three a compile makes, as the model counts them.
    'job() {',
    '  set -C',
    '  while read k n w; do',
    '    { : > $d/claim/$k; } 2>/dev/null || continue',
    '    sed "s/^int /static int /" $d/src/$k.c > $d/tmp/$k.i',
    `    awk -v n=$n 'BEGIN { for (k = 0; k < n; k++) x += k % 7 } { print; s += length($0) } END { print "/* " s " " x " */" }' $d/tmp/$k.i > $d/obj/$k.o`,
    '    rm $d/tmp/$k.i',
    '    echo $w > $d/o$k.p',
    '  done < $d/objects',
    '}',
    `j=0; while [ $j -lt ${work.processes} ]; do job & j=$((j+1)); done`,
    'wait',
    'cat $d/obj/*.o > $d/tmp/image',
    spin(String(link), '$d/link.p', 10),
    'mv $d/tmp/image $d/image',
    'read t _ </proc/uptime; echo $t > $d/end',
  ].join('\n');
}

/**
 * Apache's load generator, in the guest's own Linux outside the container: an open loop
 * whose requests arrive as a Poisson process of rate R for the window, as the simulator's
 * do (exponential gaps drawn here from a seeded generator, since busybox awk has no
 * `log`; the loop only sleeps), each a busybox wget; the log says when each was sent
 * and answered (guest uptime, 10 ms resolution), `httpFigures` reads it.
 */
export function loadScript(work: AppWork, windowS: number, port: number): string {
  const dir = `${RUN_DIR}/${safe(work.id)}`;
  const rps = work.requestsPerSecond ?? 10;
  const rng = createPrng(1);
  const gaps = Array.from({ length: Math.ceil(rps * windowS * 2) + 10 }, () => Math.round(rng.exponential(1 / rps) * 1_000_000));
  // Guest uptime in hundredths of a second, with shell arithmetic only: a fork costs
  // milliseconds under emulation, and the loop must keep its pace.
  const cs = 'read now _ </proc/uptime; n=${now%.*}${now#*.}';
  return [
    `d=${dir}`,
    `cat > $d/gaps <<'GAPS'`,
    ...gaps.map(String),
    'GAPS',
    `${cs}; s0=$n; echo $now > $d/start`,
    `end=$((s0 + ${Math.round(windowS * 100)}))`,
    'i=0',
    'while read gap; do',
    '  usleep $gap',
    `  ${cs}`,
    '  [ "$n" -ge "$end" ] && break',
    '  echo "R $i $now" >> $d/lat',
    `  (if wget -q -O /dev/null http://127.0.0.1:${port}/cgi-bin/page; then read b _ </proc/uptime; echo "A $i $b" >> $d/lat; fi) &`,
    '  i=$((i+1))',
    `  h=$(( (n - s0) / ${Math.max(1, Math.round(windowS))} )); printf '%d.%02d\\n' $((h / 100)) $((h % 100)) > $d/0.p`,
    'done < $d/gaps',
    // The window is over: requests still unanswered count with the time waited so far.
    'echo 1 > $d/0.p',
    'read t _ </proc/uptime; echo $t > $d/end',
    'wait',
  ].join('\n');
}

/** Writes a script to the guest and starts it in the background, in its cgroup and container namespaces. */
export function launchScript(name: string, script: string, cgroup: string, holder: string | undefined): string {
  const file = `${RUN_DIR}/${name}.sh`;
  const enter = holder ? `nsenter -t $(cat ${holder}) -p -m -u -i ` : '';
  return [
    'set -e',
    `mkdir -p ${RUN_DIR}/${name.split('.')[0]} ${cgroup}`,
    `cat > ${file} <<'STRATA_EOF'`,
    script,
    'STRATA_EOF',
    `setsid sh -c 'echo $$ > ${cgroup}/cgroup.procs; exec ${enter}sh ${file}' </dev/null >${file}.log 2>&1 &`,
  ].join('\n');
}

/** The container holder file an app or container joins. */
export function holderFile(container: string): string {
  return `${RUN_DIR}/${safe(container)}.init`;
}

/** The folder of an app's files. */
export function appDir(app: string): string {
  return `${RUN_DIR}/${safe(app)}`;
}

/** One sample: the guest's CPU line of /proc/stat, its uptime (its clock, to map its times onto the host's) and every progress, start and end file. */
export const SAMPLE_COMMAND = `head -n 1 /proc/stat; read u _ </proc/uptime; echo "uptime $u"; for f in ${RUN_DIR}/*/*.p ${RUN_DIR}/*/start ${RUN_DIR}/*/end; do [ -f "$f" ] && echo "$f $(cat "$f")"; done; true`;

/** An app's files: its processes' progress (file name to 0..1), start and end in guest uptime seconds. */
export interface AppFiles {
  progress: Map<string, number>;
  start?: number;
  end?: number;
}

export interface GuestSample {
  /** Jiffies busy and in all, summed over the guest's CPUs. */
  busy: number;
  total: number;
  /** The guest's clock (uptime seconds) when it was read. */
  uptime?: number;
  apps: Map<string, AppFiles>;
}

/** Reads the answer of SAMPLE_COMMAND. */
export function parseSample(text: string): GuestSample {
  const lines = text.split('\n');
  const cpu = (lines[0] ?? '').trim().split(/\s+/);
  const values = cpu
    .slice(1)
    .map(Number)
    .filter((n) => Number.isFinite(n));
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const busy = total - (values[3] ?? 0) - (values[4] ?? 0);
  const apps: GuestSample['apps'] = new Map();
  let uptime: number | undefined;
  for (const line of lines.slice(1)) {
    const up = /^uptime (\d+(?:\.\d+)?)$/.exec(line.trim());
    if (up) uptime = Number(up[1]);
    const m = new RegExp(`^${RUN_DIR}/([^/]+)/(\\S+) (\\S+)$`).exec(line.trim());
    if (!m) continue;
    const [, app, file, value] = m as unknown as [string, string, string, string];
    const entry: AppFiles = apps.get(app) ?? { progress: new Map() };
    apps.set(app, entry);
    const v = Number(value);
    if (!Number.isFinite(v)) continue;
    if (file === 'start') entry.start = v;
    else if (file === 'end') entry.end = v;
    else entry.progress.set(file, Math.min(1, Math.max(0, v)));
  }
  return { busy, total, ...(uptime !== undefined ? { uptime } : {}), apps };
}

/** An app's progress from its processes' files: MrBayes goes at its slowest rank's pace, a build weighs compile and link. */
export function appProgress(work: AppWork, progress: ReadonlyMap<string, number>): number {
  const values = (filter: (name: string) => boolean): number[] => [...progress.entries()].filter(([name]) => filter(name)).map(([, v]) => v);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const mean = (xs: number[], n: number): number => sum(xs) / Math.max(1, n);
  switch (work.workload) {
    case 'mrbayes': {
      const ranks = values((n) => /^\d+\.p$/.test(n));
      return ranks.length < work.processes ? 0 : Math.min(...ranks);
    }
    case 'custom':
      return mean(
        values((n) => /^\d+\.p$/.test(n)),
        work.processes,
      );
    case 'kernel-make':
      // Each finished object wrote its share of the compile.
      return Math.min(1, 0.97 * sum(values((n) => /^o\d+\.p$/.test(n))) + 0.03 * (progress.get('link.p') ?? 0));
    case 'apache':
      return progress.get('0.p') ?? 0;
  }
}

/**
 * Throughput and p99 latency from the load generator's log, counted as the simulator
 * counts them (docs/real-runs.md): `R i t` when request i was sent, `A i t` when it was
 * answered (guest uptime seconds). Throughput is the requests answered within the window
 * over its length; the p99 is over their latencies and, for requests still unanswered
 * when the window closed, the time they had waited by then (a lower bound, as the model's).
 */
export function httpFigures(log: string, windowStart: number, windowEnd: number): { throughputRps: number; latencyP99Ms?: number } {
  const sent = new Map<string, number>();
  const answered = new Map<string, number>();
  for (const line of log.split('\n')) {
    const [kind, i, t] = line.trim().split(/\s+/);
    const at = Number(t);
    if (i === undefined || !Number.isFinite(at)) continue;
    if (kind === 'R') sent.set(i, at);
    else if (kind === 'A') answered.set(i, at);
  }
  let done = 0;
  const latencies: number[] = [];
  for (const [i, a] of sent) {
    const b = answered.get(i);
    if (b !== undefined && b <= windowEnd) done++;
    latencies.push(Math.max(0, ((b !== undefined && b <= windowEnd ? b : windowEnd) - a) * 1000));
  }
  latencies.sort((x, y) => x - y);
  const throughputRps = done / Math.max(1e-9, windowEnd - windowStart);
  if (latencies.length === 0) return { throughputRps };
  return { throughputRps, latencyP99Ms: latencies[Math.min(latencies.length - 1, Math.ceil(0.99 * latencies.length) - 1)]! };
}
