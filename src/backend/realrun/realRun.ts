import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RealFigures, RealRunContract, RealRunEvent, RealRunReport, RunSeries } from '../../api/realRunApi';
import { BOOT_PHASE_TEXT, type VmEvent } from '../../api/vmApi';
import { planRealRun, realize, simulateAsRun, type AppWork, type HostFacts, type RealStep, type RunPlan } from '../../core/real';
import type { SimOptions, SimResult } from '../../core/sim';
import type { Stack } from '../../core/stack';
import type { VmService } from '../qemu/vmService';
import {
  appDir,
  appProgress,
  cgroupPath,
  containersScript,
  holderFile,
  httpFigures,
  launchScript,
  loadScript,
  parseSample,
  SAMPLE_COMMAND,
  workloadScript,
  type AppFiles,
  type GuestSample,
} from './guestScripts';
import { hostCpuIds, measureItersPerSecond, schedDelta, schedTimes, type SchedTimes } from './hostSpeed';

const run = promisify(execFile);

/** How often the guests are read. */
const SAMPLE_MS = 1000;
/** A guest that answers no sample within this long is skipped for that sample. */
const SAMPLE_TIMEOUT_MS = 15_000;
/** The first HTTP port of the Apache stand-ins (one port per app). */
const FIRST_PORT = 8080;

export interface RealRunOptions {
  budgetS?: number;
  /** The comparison simulation's options (seed; the cost figures once chosen). */
  sim?: SimOptions;
  /** STRATA_HOME, where a busybox to time natively may be. */
  home: string;
}

/** Thrown when nothing of a stack can be real: the caller offers the simulation instead. */
export class NothingRealError extends Error {}

interface Guest {
  vm: string;
  /** The VmService id (unique per run). */
  id: string;
  node: string;
  vcpus: number;
  state: 'booting' | 'running' | 'paused' | 'migrating' | 'dead';
  last?: GuestSample;
  util: number;
  /** Host times (ms) of steps that stopped or rewound its clock: a suspend or resume, a checkpoint, a restart, a migration. */
  clockSteps: number[];
  /** The scheduler's last account of its QEMU (which pid), to measure the share of its host CPUs it got. */
  sched?: { pid: number; times: SchedTimes };
}

/**
 * One real run of a stack: plans it (core/real), boots its guests through VmService, sets
 * up containers and starts the workloads over the checker's channel, samples CPU time and
 * progress every second, carries out the scenario's steps at their time, then kills every
 * guest it started, whatever happens (a stop, a failure, Strata quitting).
 */
export class RealRun {
  private readonly listeners = new Set<(e: RealRunEvent) => void>();
  readonly events: RealRunEvent[] = [];
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly guests = new Map<string, Guest>();
  private readonly log: Array<{ t: number; message: string }> = [];
  private readonly measured: RunSeries = { t: [], nodes: {}, apps: {} };
  private readonly killedAt = new Map<string, number>();
  private readonly migrations: RealRunContract['migrations'] = [];
  private readonly checkpoints = new Map<string, string>();
  /** The last files read of each app (by its name in the guest), kept while its guest is unreadable. */
  private readonly appFiles = new Map<string, AppFiles>();
  /** Host times (ms) of each app's start and end (by its name in the guest), from the guest's clock when first seen. */
  private readonly hostTimes = new Map<string, { start?: number; end?: number }>();
  private t0 = 0;
  private plan: RunPlan | undefined;
  /** Loop iterations of a CPU second of this host (hostSpeed.ts), measured before the apps start. */
  private itersPerSecond = 0;
  /** Guests whose containers are set up. */
  private readonly containersUp = new Set<string>();
  /** Per node, what its guests' QEMUs ran and waited for a host CPU while the apps ran (ns). */
  private readonly nodeSched = new Map<string, { runNs: number; waitNs: number }>();

  constructor(
    readonly id: string,
    private readonly stack: Stack,
    private readonly vms: VmService,
    private readonly options: RealRunOptions,
  ) {}

  /** Every event from the start, then live ones; returns the unsubscribe. */
  subscribe(listener: (e: RealRunEvent) => void): () => void {
    for (const e of this.events) listener(e);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get finished(): boolean {
    return this.events.some((e) => e.type === 'done' || e.type === 'failed');
  }

  /** Stops the run: every guest is killed; run() then ends with what was measured. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
    void this.killAll();
  }

  /** Runs to the end; always leaves no guest of it running. */
  async run(): Promise<RealRunReport> {
    const stopEvents = this.vms.subscribeEvents({}, { write: (e) => this.onVmEvent(e), onDrain: () => undefined, end: () => undefined, closed: false });
    try {
      const report = await this.execute();
      this.emit({ type: 'done', report });
      return report;
    } catch (err) {
      this.emit({ type: 'failed', message: (err as Error).message });
      throw err;
    } finally {
      stopEvents();
      await this.killAll();
    }
  }

  private emit(event: RealRunEvent): void {
    this.events.push(event);
    for (const l of this.listeners) l(event);
  }

  private phase(phase: Extract<RealRunEvent, { type: 'phase' }>['phase'], message: string): void {
    this.emit({ type: 'phase', phase, message });
  }

  private note(message: string): void {
    const t = this.t0 ? round((Date.now() - this.t0) / 1000, 2) : 0;
    this.log.push({ t, message });
    this.emit({ type: 'log', t, message });
  }

  private async execute(): Promise<RealRunReport> {
    this.phase('planning', 'Deciding what can run for real on this host');
    // Whether anything can be real does not depend on the accelerator: say so before probing one.
    const accel = realize(this.stack, { cpuIds: hostCpuIds(), accel: 'tcg' }).realizable ? (await this.vms.accelerators()).accel : 'tcg';
    const host: HostFacts = { cpuIds: hostCpuIds(), accel };
    const plan = planRealRun(this.stack, host, { budgetS: this.options.budgetS, sim: { seriesStepS: 1, ...this.options.sim } });
    this.plan = plan;
    this.emit({ type: 'plan', layers: plan.layers, scaled: plan.scaled, realizable: plan.realizable, simulated: seriesOf(plan.expected) });
    if (!plan.realizable)
      throw new NothingRealError('Nothing of this stack can run for real here: it has no QEMU or KVM guest running Linux. Run it in the simulator instead.');

    const speed = measureItersPerSecond(this.options.home);
    this.phase(
      'booting',
      `Booting ${plan.guests.length} guest${plan.guests.length > 1 ? 's' : ''}: ${plan.guests.map((g) => `${g.vm} on ${g.node}`).join(', ')}`,
    );
    // Guests an add-node step brings boot at its time, not now.
    const later = new Set(plan.steps.flatMap((s) => (s.do === 'add-node' ? s.vms : [])));
    // Every start is let settle before a failure is passed on: a guest whose QEMU was still
    // spawning when the run stopped is killed by its own start, and the run ends after that.
    await settleAll(plan.guests.filter((g) => !later.has(g.vm)).map((g) => this.boot(g)));
    this.checkStopped();
    const { itersPerSecond, how } = await speed;
    this.itersPerSecond = itersPerSecond;
    plan.scaled.push(how);

    this.phase('starting', 'Setting up containers and starting the apps');
    const laterApps = new Set(plan.steps.flatMap((s) => (s.do === 'add-node' ? s.apps : [])));
    await Promise.all(
      [...this.guests.keys()].map((vm) =>
        this.startApps(
          vm,
          plan.work.filter((w) => w.vm === vm && !laterApps.has(w.id)),
        ),
      ),
    );
    this.t0 = Date.now();
    this.phase('running', 'The apps run; each guest is read every second');
    await this.follow(plan);
    this.phase('stopping', 'Stopping every guest of the run');
    return this.report(plan, host);
  }

  private checkStopped(): void {
    if (this.stopped) throw new Error('The run was stopped.');
  }

  /** Boots one guest of the plan on its node's slice; resolves once its shell is ready. */
  private async boot(g: RunPlan['guests'][number]): Promise<void> {
    const guest: Guest = { vm: g.vm, id: guestId(this.id, g.vm, this.guests.size), node: g.node, vcpus: g.vcpus, state: 'booting', util: 0, clockSteps: [] };
    this.guests.set(g.vm, guest);
    this.checkStopped();
    await this.vms.create({
      id: guest.id,
      node: qemuNode(g.node),
      memoryMiB: g.memoryMiB,
      cpus: g.vcpus,
      lan: this.id,
      noVirtExtensions: true,
      waitReady: true,
    });
    // The guest's CPU account starts before its apps do: a short app could otherwise start
    // and end before the first sample, and its node would read idle throughout.
    guest.last = parseSample(await exec(this.vms.machine(guest.id), SAMPLE_COMMAND, SAMPLE_TIMEOUT_MS, `reading ${g.vm}'s CPU time`));
    guest.state = 'running';
    await this.pin(guest);
  }

  /** Sets up a guest's containers (once) and starts `work`, apps of that guest. */
  private async startApps(vm: string, work: readonly AppWork[]): Promise<void> {
    const plan = this.plan!;
    const itersPerSecond = this.itersPerSecond;
    const guest = this.guests.get(vm)!;
    const machine = this.vms.machine(guest.id);
    const containers = plan.containers.filter((c) => c.vm === vm);
    if (!this.containersUp.has(vm)) await exec(machine, containersScript(containers), 60_000, `setting up the containers of ${vm}`);
    this.containersUp.add(vm);
    for (const w of work) {
      const port = FIRST_PORT + plan.work.indexOf(w);
      const cgroup = cgroupPath(containers, w.container, w.id);
      await exec(
        machine,
        launchScript(`${w.id}`, workloadScript(w, itersPerSecond, port), cgroup, w.container ? holderFile(w.container) : undefined),
        30_000,
        `starting ${w.id}`,
      );
      if (w.workload === 'apache') {
        // The server needs a moment to listen before the first request.
        await exec(
          machine,
          `i=0; while ! wget -q -O /dev/null http://127.0.0.1:${port}/ && [ $i -lt 50 ]; do usleep 100000; i=$((i+1)); done`,
          30_000,
          `waiting for ${w.id}'s server`,
        );
        await exec(
          machine,
          launchScript(`${w.id}-load`, loadScript(w, plan.windowS ?? 30, port), cgroupPath([], undefined, `${w.id}-load`), undefined),
          30_000,
          `starting ${w.id}'s load`,
        );
      }
    }
  }

  /** Samples every second and carries out the steps, until every app ended (or the run is stopped or overdue). */
  private async follow(plan: RunPlan): Promise<void> {
    // Each step has its own timer: a sample waiting on a busy guest must not delay it.
    // Steps on one layer go in their order: a restart waits for the checkpoint still being saved.
    const stepsRunning: Array<Promise<void>> = [];
    const chains = new Map<string, Promise<void>>();
    const timers = [...plan.steps]
      .sort((a, b) => a.at - b.at)
      .map((step) =>
        setTimeout(
          () => {
            if (this.stopped) return;
            const after = (chains.get(step.target) ?? Promise.resolve()).then(() => this.carryOut(step));
            chains.set(step.target, after);
            stepsRunning.push(after);
          },
          Math.max(0, step.at * 1000 - (Date.now() - this.t0)),
        ),
      );
    const predicted = Object.values(plan.expected.apps).reduce((m, a) => Math.max(m, a.makespanS ?? 0), plan.windowS ?? 0);
    // On a host busy with other work the guests get less than their slices: the time
    // allowed grows as the share of CPU they get shrinks (at most tenfold).
    const deadline = (): number => this.t0 + Math.max(120_000, (predicted * 5_000) / Math.max(0.1, Math.min(1, ...Object.values(this.cpuShares()))));
    const ended = new Set<string>();
    while (!this.stopped) {
      const elapsed = (Date.now() - this.t0) / 1000;
      await this.sample(plan, elapsed, ended);
      if (plan.work.every((w) => ended.has(w.id) || this.killedAt.has(w.id))) break;
      if (Date.now() > deadline()) {
        this.note(`The apps did not all finish within ${Math.round((deadline() - this.t0) / 1000)} s; the run stops here.`);
        break;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, SAMPLE_MS);
      });
    }
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(stepsRunning);
  }

  private async sample(plan: RunPlan, t: number, ended: Set<string>): Promise<void> {
    await this.readSched();
    const samples = await Promise.all(
      [...this.guests.values()].map(async (g) => {
        if (g.state !== 'running') return [g, undefined] as const;
        try {
          const sent = Date.now();
          const r = await this.vms.machine(g.id).exec(SAMPLE_COMMAND, SAMPLE_TIMEOUT_MS);
          return [g, parseSample(r.stdout), (sent + Date.now()) / 2] as const;
        } catch {
          return [g, undefined] as const;
        }
      }),
    );
    const apps: Record<string, number> = {};
    for (const [g, s, readAt] of samples) {
      if (!s) {
        if (g.state === 'dead' || g.state === 'paused') g.util = 0;
        continue;
      }
      if (g.last && s.total > g.last.total) g.util = Math.min(1, Math.max(0, (s.busy - g.last.busy) / (s.total - g.last.total)));
      g.last = s;
      // A progress file read while its writer truncates it is missing or empty: keep the
      // last value, so a chart never dips back to 0.
      for (const [name, files] of s.apps) {
        const before = this.appFiles.get(name);
        const progress = new Map(before?.progress);
        for (const [file, v] of files.progress) progress.set(file, Math.max(v, progress.get(file) ?? 0));
        this.appFiles.set(name, { progress, start: files.start ?? before?.start, end: files.end ?? before?.end });
        // The guest's clock stands still while QEMU is stopped and goes back with a snapshot:
        // its times become host times when first seen, the guest's uptime read beside them.
        const host = this.hostTimes.get(name) ?? {};
        this.hostTimes.set(name, host);
        if (s.uptime !== undefined && readAt !== undefined) {
          if (host.start === undefined && files.start !== undefined) host.start = readAt - (s.uptime - files.start) * 1000;
          if (host.end === undefined && files.end !== undefined) host.end = readAt - (s.uptime - files.end) * 1000;
        }
      }
    }
    for (const w of plan.work) {
      const files = this.appFiles.get(safeName(w.id));
      const p = this.killedAt.has(w.id) ? (this.measured.apps[w.id]?.progress.at(-1) ?? 0) : files ? appProgress(w, files.progress) : 0;
      apps[w.id] = round(files?.end !== undefined ? 1 : p, 4);
      if (files?.end !== undefined && !ended.has(w.id)) {
        ended.add(w.id);
        this.note(`${w.id} finished in the guest ${w.vm}.`);
      }
    }
    const nodes: Record<string, number> = {};
    for (const slice of plan.slices) {
      const busy = [...this.guests.values()].filter((g) => g.node === slice.node && g.state !== 'dead').reduce((sum, g) => sum + g.util * g.vcpus, 0);
      nodes[slice.node] = round(Math.min(1, busy / Math.max(1, slice.cpus)), 4);
    }
    const at = round(t, 2);
    this.measured.t.push(at);
    for (const [id, v] of Object.entries(nodes)) (this.measured.nodes[id] ??= { cpuUtil: [] }).cpuUtil.push(v);
    for (const [id, v] of Object.entries(apps)) (this.measured.apps[id] ??= { progress: [] }).progress.push(v);
    this.emit({ type: 'sample', t: at, nodes, apps });
  }

  /** Adds what each running guest's QEMU ran and waited for a CPU since the last reading to its node's account. */
  private async readSched(): Promise<void> {
    for (const g of this.guests.values()) {
      let pid: number | undefined;
      try {
        // A migrating guest still runs in its source QEMU until the switch.
        pid = g.state === 'running' || g.state === 'migrating' ? this.vms.machine(g.id).qemuPid : undefined;
      } catch {
        pid = undefined;
      }
      const times = pid === undefined ? undefined : await schedTimes(pid);
      if (pid === undefined || !times) {
        g.sched = undefined;
        continue;
      }
      // A migrated guest is a new QEMU: its account starts again.
      if (g.sched?.pid === pid) {
        const d = schedDelta(g.sched.times, times);
        const node = this.nodeSched.get(g.node) ?? { runNs: 0, waitNs: 0 };
        this.nodeSched.set(g.node, { runNs: node.runNs + d.runNs, waitNs: node.waitNs + d.waitNs });
      }
      g.sched = { pid, times };
    }
  }

  /**
   * The share of its host CPUs each node's guests got when they wanted them, from the
   * scheduler's account of their QEMUs (nodes whose guests wanted a CPU for less than a
   * tenth of a second are left out: too little to tell).
   */
  private cpuShares(): Record<string, number> {
    const shares: Record<string, number> = {};
    for (const [node, { runNs, waitNs }] of this.nodeSched) if (runNs + waitNs > 1e8) shares[node] = round(runNs / (runNs + waitNs), 3);
    return shares;
  }

  /** A scenario step on the guests; a failure is logged, and the run goes on. */
  private async carryOut(step: RealStep): Promise<void> {
    const guest = this.guests.get(step.target);
    try {
      switch (step.do) {
        case 'migrate': {
          if (!guest) return;
          this.note(`Live-migrating ${step.target} from ${step.from} to ${step.toNode} (QEMU pre-copy).`);
          guest.state = 'migrating';
          guest.clockSteps.push(Date.now());
          const result = await this.vms.migrate(guest.id, qemuNode(step.toNode));
          guest.node = step.toNode;
          guest.state = 'running';
          guest.last = undefined;
          await this.pin(guest);
          this.migrations.push({
            target: step.target,
            from: step.from,
            to: step.toNode,
            measured: { totalS: round(result.totalMs / 1000, 3), downtimeMs: round(result.downtimeMs, 1), ramMiB: round(result.ramBytes / 2 ** 20, 1) },
          });
          this.note(
            `${step.target} now runs on ${step.toNode}: ${(result.totalMs / 1000).toFixed(2)} s in all, ${result.downtimeMs} ms of downtime, ${(result.ramBytes / 2 ** 20).toFixed(1)} MiB sent.`,
          );
          return;
        }
        case 'suspend':
        case 'resume':
          if (step.kind === 'vm' && guest) {
            guest.clockSteps.push(Date.now());
            if (step.do === 'suspend') await this.vms.pause(guest.id);
            else await this.vms.resume(guest.id);
            guest.state = step.do === 'suspend' ? 'paused' : 'running';
            guest.last = undefined;
          } else {
            await this.freeze(step.target, step.do === 'suspend');
          }
          this.note(`${step.do === 'suspend' ? 'Suspended' : 'Resumed'} ${step.target}${step.kind === 'vm' ? ' (QEMU stop/cont)' : ' (cgroup freezer)'}.`);
          return;
        case 'checkpoint': {
          if (!guest) return;
          const name = `step-${Math.round(step.at * 1000)}`;
          guest.clockSteps.push(Date.now());
          // Its channel waits for the snapshot: the samples skip it meanwhile.
          const state = guest.state;
          guest.state = 'paused';
          await this.vms.saveSnapshot(guest.id, name).finally(() => (guest.state = state));
          this.checkpoints.set(step.target, name);
          this.note(`Checkpointed ${step.target} (QEMU snapshot ${name}).`);
          return;
        }
        case 'restart': {
          const name = this.checkpoints.get(step.target);
          if (!guest || !name) {
            this.note(`${step.target} has no checkpoint to restart from.`);
            return;
          }
          guest.clockSteps.push(Date.now());
          const state = guest.state;
          guest.state = 'paused';
          await this.vms.loadSnapshot(guest.id, name).finally(() => (guest.state = state));
          guest.last = undefined;
          this.note(`Restarted ${step.target} from its snapshot ${name}.`);
          return;
        }
        case 'add-node': {
          const plan = this.plan!;
          this.note(`Adding ${step.target}: booting ${step.vms.join(', ') || 'no guest'}.`);
          const failed = (await Promise.allSettled(step.vms.map((vm) => this.boot(plan.guests.find((g) => g.vm === vm)!)))).find(
            (x): x is PromiseRejectedResult => x.status === 'rejected',
          );
          if (failed) {
            for (const id of step.apps) this.killedAt.set(id, round((Date.now() - this.t0) / 1000, 2));
            throw failed.reason;
          }
          const started = round((Date.now() - this.t0) / 1000, 2);
          const vms = [...new Set(step.apps.map((id) => plan.work.find((w) => w.id === id)!.vm))];
          await Promise.all(
            vms.map((vm) =>
              this.startApps(
                vm,
                plan.work.filter((w) => w.vm === vm && step.apps.includes(w.id)),
              ),
            ),
          );
          this.note(`${step.target} added: ${step.vms.join(', ') || 'no guest'} booted by ${started} s, ${step.apps.join(', ') || 'no app'} started.`);
          return;
        }
        case 'fail': {
          const t = round((Date.now() - this.t0) / 1000, 2);
          for (const vm of step.vms) {
            const g = this.guests.get(vm);
            if (!g || g.state === 'dead') continue;
            g.state = 'dead';
            g.util = 0;
            await this.vms.kill(g.id).catch(() => undefined);
            for (const w of this.plan?.work.filter((x) => x.vm === vm) ?? []) this.killedAt.set(w.id, t);
          }
          this.note(`Node ${step.target} failed: its guests ${step.vms.join(', ') || '(none)'} were killed.`);
          return;
        }
      }
    } catch (err) {
      if (guest && guest.state === 'migrating') guest.state = 'running';
      this.note(`The step ${step.do} ${step.target} failed: ${(err as Error).message}`);
    }
  }

  /** Freezes or thaws a container's or an app's cgroup (cgroup v2's freezer). */
  private async freeze(target: string, frozen: boolean): Promise<void> {
    const plan = this.plan!;
    const container = plan.containers.find((c) => c.id === target);
    const app = plan.work.find((w) => w.id === target);
    const vm = container?.vm ?? app?.vm;
    if (!vm) return;
    const containers = plan.containers.filter((c) => c.vm === vm);
    const dir = container ? cgroupPath(containers, container.id) : cgroupPath(containers, app!.container, app!.id);
    await exec(
      this.vms.machine(this.guests.get(vm)!.id),
      `echo ${frozen ? 1 : 0} > ${dir}/cgroup.freeze`,
      20_000,
      `${frozen ? 'freezing' : 'thawing'} ${target}`,
    );
  }

  /** Pins a guest's QEMU (all its threads) to its node's host CPUs. */
  private async pin(guest: Guest): Promise<void> {
    const slice = this.plan?.slices.find((s) => s.node === guest.node);
    let pid: number | undefined;
    try {
      pid = this.vms.machine(guest.id).qemuPid;
    } catch {
      return;
    }
    if (!slice || pid === undefined || process.platform !== 'linux') return;
    await run('taskset', ['-a', '-p', '-c', slice.hostCpus.join(','), String(pid)]).catch((err: Error) =>
      this.note(`${guest.vm} could not be pinned to host CPUs ${slice.hostCpus.join(',')}: ${err.message}`),
    );
  }

  private onVmEvent(e: VmEvent): boolean {
    if (e.type !== 'boot') return true;
    const guest = [...this.guests.values()].find((g) => g.id === e.id);
    if (!guest) return true;
    if (e.phase === 'spawned') void this.pin(guest);
    const what = BOOT_PHASE_TEXT[e.phase];
    this.phase('booting', `${guest.vm} on ${guest.node}: ${what} (${(e.ms / 1000).toFixed(1)} s)`);
    return true;
  }

  private async killAll(): Promise<void> {
    await Promise.all([...this.guests.values()].map((g) => this.vms.kill(g.id).catch(() => undefined)));
    for (const g of this.guests.values()) g.state = 'dead';
  }

  private async measuredFigures(w: AppWork): Promise<RealFigures> {
    const g = this.guests.get(w.vm)!;
    const files = this.appFiles.get(safeName(w.id));
    if (this.killedAt.has(w.id) || files?.start === undefined || files.end === undefined) return {};
    if (w.workload !== 'apache') {
      // A suspend, snapshot or migration during the app stopped or rewound its guest's clock:
      // the host's clock then says how long it really took, as the model counts it.
      const host = this.hostTimes.get(safeName(w.id));
      const stepped = host?.start !== undefined && host.end !== undefined && g.clockSteps.some((t) => t >= host.start! && t <= host.end!);
      return { makespanS: round(stepped ? (host.end! - host.start!) / 1000 : files.end - files.start, 3) };
    }
    try {
      const { stdout } = await this.vms.machine(g.id).exec(`cat ${appDir(w.id)}/lat 2>/dev/null; true`, 30_000);
      const f = httpFigures(stdout, files.start, files.end);
      return { throughputRps: round(f.throughputRps, 2), ...(f.latencyP99Ms !== undefined ? { latencyP99Ms: round(f.latencyP99Ms, 1) } : {}) };
    } catch {
      return {};
    }
  }

  private async report(plan: RunPlan, host: HostFacts): Promise<RealRunReport> {
    const apps: RealRunReport['apps'] = {};
    // Other programs on this host take their share of a node's slice: the comparison is
    // with the stack as it really ran, each node at the share its guests got.
    const shares = this.cpuShares();
    const scaled = [...plan.scaled];
    for (const [node, share] of Object.entries(shares)) {
      const slice = plan.slices.find((s) => s.node === node);
      scaled.push(
        `${node}'s guests got ${Math.round(share * 100)} % of ${slice && slice.hostCpus.length === 1 ? `host CPU ${slice.hostCpus[0]}` : 'its host CPUs'} when they wanted ${slice && slice.hostCpus.length === 1 ? 'it' : 'them'} (the scheduler's account of their QEMU: other programs on this host, and QEMU's own threads beside the vCPUs, had the rest): the comparison simulation runs ${node} at that share.`,
      );
    }
    const expected = Object.keys(shares).length > 0 ? simulateAsRun(plan, shares, { seriesStepS: 1, ...this.options.sim }) : plan.expected;
    const added = (this.stack.scenario ?? []).flatMap((s) => (s.do === 'add-node' ? s.layers : []));
    for (const layer of [...this.stack.layers, ...added]) {
      if (layer.kind !== 'app') continue;
      const w = plan.work.find((x) => x.id === layer.id);
      const sim = (w ? expected : plan.original).apps[layer.id] ?? {};
      const simulated = pick(sim, layer.workload === 'apache');
      const measured = w ? await this.measuredFigures(w) : {};
      const main = layer.workload === 'apache' ? 'latencyP99Ms' : 'makespanS';
      const m = measured[main];
      const s = simulated[main];
      const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
        a !== undefined && b !== undefined && b > 0 ? round(a / b, 3) : undefined;
      const r = ratio(m, s);
      const tr = layer.workload === 'apache' ? ratio(measured.throughputRps, simulated.throughputRps) : undefined;
      apps[layer.id] = { simulated, measured, ...(r !== undefined ? { ratio: r } : {}), ...(tr !== undefined ? { throughputRatio: tr } : {}) };
      if (this.killedAt.has(layer.id)) this.log.push({ t: this.killedAt.get(layer.id)!, message: `${layer.id} was killed with its node.` });
    }
    const simulatedMigrations = [...expected.migrations];
    const migrations = this.migrations.map((m) => {
      const i = simulatedMigrations.findIndex((s) => s.target === m.target);
      const s = i >= 0 ? simulatedMigrations.splice(i, 1)[0] : undefined;
      return { ...m, ...(s ? { simulated: { totalS: round(s.totalS, 3), downtimeMs: round(s.downtimeMs, 1), ramMiB: s.ramMiB } } : {}) };
    });
    const layers = Object.fromEntries(Object.entries(plan.layers).map(([id, l]) => [id, { real: l.real, why: l.why }]));
    return {
      apps,
      layers,
      migrations,
      host: { cpus: host.cpuIds.length, accel: host.accel },
      scaled,
      series: { measured: this.measured, simulated: seriesOf(expected) },
      log: [...this.log].sort((a, b) => a.t - b.t),
      ...(this.stopped ? { stopped: true } : {}),
    };
  }
}

/** The contract's part of a report: `strata run FILE --real --json` prints exactly this. */
export function contractOf(report: RealRunReport): RealRunContract {
  return { apps: report.apps, layers: report.layers, migrations: report.migrations, host: report.host };
}

function pick(a: SimResult['apps'][string], http: boolean): RealFigures {
  if (http)
    return {
      ...(a.throughputRps !== undefined ? { throughputRps: a.throughputRps } : {}),
      ...(a.latencyP99Ms !== undefined ? { latencyP99Ms: a.latencyP99Ms } : {}),
    };
  return a.makespanS !== undefined ? { makespanS: a.makespanS } : {};
}

function seriesOf(result: SimResult): RunSeries {
  return result.series ?? { t: [], nodes: {}, apps: {} };
}

async function exec(
  machine: { exec(command: string, timeoutMs: number): Promise<{ stdout: string; exitCode: number }> },
  command: string,
  timeoutMs: number,
  what: string,
): Promise<string> {
  const r = await machine.exec(command, timeoutMs);
  if (r.exitCode !== 0) throw new Error(`${what} failed (status ${r.exitCode}): ${r.stdout.trim().split('\n').slice(-3).join(' ')}`);
  return r.stdout;
}

/** A layer id as a file name in the guest (guestScripts.ts does the same). */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** A VM id for VmService: lower case, unique in the run, at most 31 characters. */
function guestId(runId: string, vm: string, index: number): string {
  const plain = vm
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+/, '');
  return `${runId}-${index + 1}-${plain}`.slice(0, 31).replace(/-+$/, '');
}

/** A node name for QEMU's files: lower case letters, digits and dashes, starting with a letter. */
function qemuNode(node: string): string {
  const plain = node.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return (/^[a-z]/.test(plain) ? plain : `n${plain}`).slice(0, 31);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Like Promise.all, but rejects (with the first failure) only once every promise has settled. */
async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
