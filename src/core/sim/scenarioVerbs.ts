/**
 * The scenario verbs (docs/simulator.md, "Scenario verbs"), applied to a running engine: live migration of VMs
 * (pre-copy), SSI process migration, suspend and resume, checkpoint and restart, adding,
 * removing and failing nodes. Each writes events that say what happened and why.
 */
import { CHECKPOINT_DISK_MiBps } from './costModel';
import { planPreCopy, preCopyPolicyFor } from './preCopy';
import { type AppRt, type HypervisorRt, type Pool, type Proc, type Root, type SsiMember, type SsiRt, type VmRt } from './simState';
import type { ScenarioHost } from './scenarioHost';
import { fmt, roundTo } from './simResult';
import { type SimLayer, type SimStep } from './simInput';
import { chooseMember } from './ssiBalancer';
import { SimStackError, type Topology } from './topology';
import { procDirtyRateMiBps } from './workloads';

/** Checks that every step names things the simulator can act on; throws SimStackError otherwise. */
export function validateScenario(topo: Topology, steps: SimStep[]): void {
  // Layers that add-node steps bring in may be named by any step.
  const added = new Map<string, SimLayer>();
  for (const s of steps) for (const l of s.layers ?? []) added.set(l.id, l);
  const kindOf = (id: string): SimLayer['kind'] | undefined => topo.layers.get(id)?.kind ?? added.get(id)?.kind;
  steps.forEach((s, i) => {
    const where = `scenario step ${i + 1} (${s.do}${s.target ? ` ${s.target}` : ''} at ${s.at} s)`;
    const known = (id: string | undefined): boolean => id !== undefined && kindOf(id) !== undefined;
    if (s.do === 'add-node') {
      if (!s.layers || s.layers.length === 0) throw new SimStackError(`${where}: add-node needs \`layers\``);
      if (s.join !== undefined && !topo.ssis.has(s.join)) throw new SimStackError(`${where}: join names "${s.join}", which is not an ssi`);
      return;
    }
    if (!known(s.target)) throw new SimStackError(`${where}: target "${s.target ?? ''}" is not a layer of this stack`);
    const kind = kindOf(s.target as string);
    const need = (ok: boolean, what: string): void => {
      if (!ok) throw new SimStackError(`${where}: ${what}`);
    };
    switch (s.do) {
      case 'migrate':
        need(kind === 'vm' || kind === 'app', 'migrate moves a vm (live migration) or an app on an ssi (process migration)');
        need(s.to !== undefined && known(s.to), `migrate needs \`to\`, a ${kind === 'vm' ? 'hypervisor or node' : 'member of the ssi'}`);
        break;
      case 'suspend':
      case 'resume':
        need(kind === 'vm' || kind === 'container' || kind === 'app', `${s.do} applies to a vm, a container or an app`);
        break;
      case 'checkpoint':
      case 'restart':
        need(kind === 'vm' || kind === 'app', `${s.do} applies to a vm (a snapshot) or an app on an ssi (Kerrighed's checkpoint)`);
        break;
      case 'remove-node':
      case 'fail':
        need(kind === 'node', `${s.do} applies to a node`);
        break;
    }
  });
}

/** Applies one step at the engine's current time. */
export function runScenarioStep(sim: ScenarioHost, step: SimStep): void {
  const target = step.target ?? '';
  switch (step.do) {
    case 'migrate': {
      const vm = sim.topo.vms.get(target);
      if (vm) migrateVm(sim, vm, step.to ?? '');
      else migrateProcesses(sim, target, step.to ?? '', step.processes ?? 1);
      return;
    }
    case 'suspend':
    case 'resume':
      return suspendOrResume(sim, target, step.do === 'suspend');
    case 'checkpoint':
      return checkpoint(sim, target);
    case 'restart':
      return restart(sim, target, step.to);
    case 'add-node':
      return addNode(sim, step);
    case 'remove-node':
      return removeNode(sim, target);
    case 'fail':
      return failNode(sim, target);
  }
}

// ---- helpers ------------------------------------------------------------------------

function isUnder(pool: Pool | null, ancestor: Pool): boolean {
  for (let p = pool; p !== null; p = p.parent) if (p === ancestor) return true;
  return false;
}

function subtree(pool: Pool): Pool[] {
  const out: Pool[] = [];
  const stack = [pool];
  while (stack.length > 0) {
    const p = stack.pop() as Pool;
    out.push(p);
    for (const c of p.children) stack.push(c);
  }
  return out;
}

function procsUnder(pool: Pool): Proc[] {
  const out: Proc[] = [];
  for (const p of subtree(pool)) for (const q of p.procs) if (q.alive) out.push(q);
  return out;
}

function appsUnder(sim: ScenarioHost, pool: Pool): AppRt[] {
  return sim.apps.filter((a) => (a.host.kind === 'pool' && isUnder(a.host.pool, pool)) || a.procs.some((p) => p.alive && isUnder(p.pool, pool)));
}

function nodeNames(root: Root | null): string {
  return root ? root.nodes.map((n) => n.id).join('+') : '?';
}

function freezePool(sim: ScenarioHost, pool: Pool, delta: number): void {
  sim.markDirty(pool.root);
  pool.holds += delta;
}

function freezeProc(sim: ScenarioHost, p: Proc, delta: number): void {
  sim.markDirty(p.pool?.root ?? null);
  p.holds += delta;
}

function hypervisorFor(sim: ScenarioHost, to: string): HypervisorRt | undefined {
  const h = sim.topo.hypervisors.get(to);
  if (h) return h;
  const node = sim.topo.nodes.get(to);
  if (!node) return undefined;
  for (const hyp of sim.topo.hypervisors.values()) if (hyp.product !== 'vsmp' && hyp.basePool === node.root.pool) return hyp;
  for (const hyp of sim.topo.hypervisors.values()) if (hyp.product !== 'vsmp' && hyp.basePool?.root === node.root) return hyp;
  return undefined;
}

// ---- migrate ------------------------------------------------------------------------

/**
 * Live migration by pre-copy. The guest keeps running through the copy rounds, slowed by
 * 10 % (CloudSim's model: the migration takes that share of the VM's CPU) and by
 * auto-converge's throttle when used, then stops for the final copy: the downtime.
 * Returns the time the migration will end, or null when it cannot start.
 */
export function migrateVm(sim: ScenarioHost, vm: VmRt, toId: string): number | null {
  const dest = hypervisorFor(sim, toId);
  const src = vm.hypervisor;
  const refuse = (why: string): null => {
    sim.emit('migrate-end', vm.id, `${vm.id} cannot migrate to ${toId}: ${why}`, { aborted: true });
    return null;
  };
  if (!dest || dest.basePool === null) return refuse(`no hypervisor there can receive it`);
  if (!vm.alive) return refuse('it is down');
  if (vm.migrating) return refuse('a migration of it is already under way');
  if (!dest.alive || !dest.basePool.alive) return refuse(`${dest.id} is down`);
  if (vm.member !== null) return refuse(`it runs on ssi ${src.ssi?.id ?? ''}, whose scheduler moves it (migrate its apps or let the balancer act)`);
  const destPool = dest.basePool;
  const fromRoot = vm.pool.root;
  // Migrations leaving or reaching the same node share its link (split evenly when this one
  // starts and kept for its duration: a simplification of TCP sharing).
  const sharing = sim.liveMigrations.filter((m) => m.from === fromRoot || m.to === destPool.root).length;
  const link = sim.bandwidthMiBps(fromRoot, destPool.root) / (1 + sharing);
  const slot = { from: fromRoot, to: destPool.root };
  sim.liveMigrations.push(slot);
  const release = (): void => {
    const i = sim.liveMigrations.indexOf(slot);
    if (i >= 0) sim.liveMigrations.splice(i, 1);
  };
  let dirty = vm.dirtyRateMiBps ?? 0;
  if (vm.dirtyRateMiBps === undefined) {
    for (const p of procsUnder(vm.pool)) dirty += procDirtyRateMiBps(p);
    // The workloads' rates are guesses; a measured host says how fast its vCPUs can dirty at most.
    const cap = sim.figures.maxDirtyMiBpsPerVcpu;
    if (cap !== undefined) dirty = Math.min(dirty, cap * vm.vcpus);
  }
  const policy = preCopyPolicyFor(src.product, sim.figures.qemuMigrationCapMiBps);
  const plan = planPreCopy(vm.memoryMiB, link, dirty, policy);
  const start = sim.now;
  vm.migrating = true;
  sim.inFlight++;
  const lambda = dirty / plan.rateMiBps;
  sim.emit(
    'migrate-start',
    vm.id,
    `${vm.id}: live migration from ${src.id} (${nodeNames(fromRoot)}) to ${dest.id} (${nodeNames(destPool.root)}) by pre-copy: ${fmt(vm.memoryMiB)} MiB over ${fmt(plan.rateMiBps)} MiB/s${sharing > 0 ? ` (the link is shared with ${sharing} other migration${sharing > 1 ? 's' : ''})` : ''} while its apps dirty ${fmt(dirty)} MiB/s (λ = ${fmt(lambda)}${lambda >= 1 ? ': pre-copy alone cannot converge' : ''})${plan.throttled ? '; auto-converge throttles the guest CPU' : ''}`,
    { from: src.id, to: dest.id, ramMiB: vm.memoryMiB, dirtyRateMiBps: roundTo(dirty, 3), rateMiBps: roundTo(plan.rateMiBps, 3) },
  );
  const aborted = (): boolean => !vm.alive || !dest.alive || !destPool.alive;
  const abort = (): void => {
    release();
    vm.migrating = false;
    sim.inFlight--;
    sim.markDirty(vm.pool.root);
    vm.pool.throttle = 1;
    sim.emit(
      'migrate-end',
      vm.id,
      vm.alive ? `${vm.id}: migration aborted, ${dest.id} went down; it keeps running on ${src.id}` : `${vm.id}: migration aborted, the VM died`,
      { aborted: true },
    );
  };
  sim.markDirty(vm.pool.root);
  vm.pool.throttle = 0.9 * (1 - (plan.rounds[0]?.throttle ?? 0));
  let t = start;
  plan.rounds.forEach((r, i) => {
    t += r.durationS;
    const next = plan.rounds[i + 1];
    sim.schedule(t, () => {
      if (!vm.migrating) return;
      if (aborted()) return abort();
      sim.markDirty(vm.pool.root);
      vm.pool.throttle = next ? 0.9 * (1 - next.throttle) : 1;
      sim.emit(
        'migrate-round',
        vm.id,
        `${vm.id}: round ${i} sent ${fmt(r.sentMiB)} MiB in ${fmt(r.durationS)} s${r.throttle > 0 ? ` with the guest throttled to ${fmt(100 * (1 - r.throttle))} % CPU` : ''}`,
        { round: i, sentMiB: roundTo(r.sentMiB, 3) },
      );
    });
  });
  // Stop-and-copy: the guest is paused while the last dirty pages go, then resumes at the destination.
  sim.schedule(t, () => {
    if (!vm.migrating) return;
    if (aborted()) return abort();
    freezePool(sim, vm.pool, 1);
    vm.pool.throttle = 1;
  });
  const end = t + plan.downtimeS;
  sim.schedule(end, () => {
    if (!vm.migrating) return;
    if (aborted()) {
      freezePool(sim, vm.pool, -1);
      return abort();
    }
    sim.markDirty(vm.pool.root);
    src.vms.splice(src.vms.indexOf(vm), 1);
    dest.vms.push(vm);
    vm.hypervisor = dest;
    sim.topo.placeVm(vm, destPool);
    for (const p of procsUnder(vm.pool)) if (p.pool) p.factor = sim.factorFor(p, p.pool, p.member);
    sim.markDirty(destPool.root);
    freezePool(sim, vm.pool, -1);
    vm.migrating = false;
    release();
    sim.inFlight--;
    const rec = {
      target: vm.id,
      from: src.id,
      to: dest.id,
      startS: roundTo(start, 6),
      totalS: roundTo(end - start, 6),
      downtimeMs: roundTo(plan.downtimeS * 1000, 3),
      ramMiB: vm.memoryMiB,
      rounds: plan.rounds.length,
    };
    sim.migrations.push(rec);
    const why =
      plan.stopReason === 'converged'
        ? 'the remainder fit the downtime target'
        : plan.stopReason === 'max-rounds'
          ? `${src.product} stops after ${policy.maxRounds} rounds`
          : `${src.product} never sends more than ${policy.maxSentFactor ?? 0}x the RAM`;
    sim.emit(
      'migrate-end',
      vm.id,
      `${vm.id} now runs on ${dest.id} (${nodeNames(destPool.root)}): ${rec.rounds} pre-copy rounds, ${fmt(plan.sentMiB)} MiB sent, ${fmt(rec.totalS)} s in all, ${fmt(rec.downtimeMs)} ms of downtime (${fmt(plan.stopCopyMiB)} MiB sent with the VM paused; stop-and-copy because ${why})`,
      { from: src.id, to: dest.id, totalS: rec.totalS, downtimeMs: rec.downtimeMs },
    );
  });
  return end;
}

function ssiOfApp(app: AppRt): SsiRt | null {
  return app.host.kind === 'ssi' ? app.host.ssi : null;
}

function migrateProcesses(sim: ScenarioHost, appId: string, toId: string, count: number): void {
  const app = sim.appsById.get(appId);
  const ssi = app ? ssiOfApp(app) : null;
  const note = (why: string): void =>
    sim.emit('process-migrate', appId, `cannot migrate ${appId} to ${toId}: ${why}`, { scheduler: 'scenario', aborted: true });
  if (!app || !ssi) return note('it does not run on an ssi');
  const to = ssi.members.find((m) => m.layerId === toId);
  if (!to) return note(`${toId} is not a member of ${ssi.id}`);
  if (!to.alive || to.draining) return note(`${toId} is not available`);
  if (app.state !== 'running') return note(`it is ${app.state}`);
  const movable = app.procs.filter((p) => p.alive && p.member !== to).slice(0, count);
  if (movable.length === 0) return note(`its processes already run there`);
  for (const p of movable) sim.moveProc(p, to, 'scenario', 'asked by the scenario');
}

// ---- suspend, resume ------------------------------------------------------------------

function suspendOrResume(sim: ScenarioHost, id: string, suspend: boolean): void {
  const type = suspend ? 'suspend' : 'resume';
  const already = sim.suspended.has(id);
  if (suspend === already) {
    sim.emit(type, id, `${id} is ${suspend ? 'already suspended' : 'not suspended'}: nothing to do`);
    return;
  }
  const delta = suspend ? 1 : -1;
  if (suspend) sim.suspended.add(id);
  else sim.suspended.delete(id);
  const vm = sim.topo.vms.get(id);
  if (vm) {
    if (!vm.alive) return sim.emit(type, id, `${id} is down: nothing to ${type}`);
    freezePool(sim, vm.pool, delta);
    const apps = appsUnder(sim, vm.pool)
      .filter((a) => a.state === 'running')
      .map((a) => a.id);
    sim.emit(
      type,
      id,
      suspend
        ? `${id} suspended: its vCPUs stop and its ${fmt(vm.memoryMiB)} MiB stay allocated; ${apps.length > 0 ? `${apps.join(', ')} pause` : 'nothing runs inside'}`
        : `${id} resumed: ${apps.length > 0 ? `${apps.join(', ')} continue where they were` : 'nothing runs inside'}`,
    );
    return;
  }
  const container = sim.topo.containers.get(id);
  if (container) {
    container.suspended = suspend;
    const inside = (a: AppRt): boolean => {
      for (let c = a.container; c !== null; c = c.outer) if (c === container) return true;
      return false;
    };
    const apps = sim.apps.filter((a) => a.state === 'running' && inside(a));
    for (const a of apps) for (const p of a.procs) freezeProc(sim, p, delta);
    for (const h of sim.topo.hypervisors.values()) if (h.container === container) for (const v of h.vms) if (v.alive) freezePool(sim, v.pool, delta);
    sim.emit(
      type,
      id,
      suspend
        ? `${id} frozen (cgroup freezer): ${apps.map((a) => a.id).join(', ') || 'nothing'} stop`
        : `${id} thawed: ${apps.map((a) => a.id).join(', ') || 'nothing'} continue`,
    );
    return;
  }
  const app = sim.appsById.get(id);
  if (app) {
    app.suspended = suspend;
    for (const p of app.procs) freezeProc(sim, p, delta);
    sim.emit(
      type,
      id,
      suspend
        ? `${id} stopped (SIGSTOP to its ${app.procs.length} processes)${app.run.openLoop ? '; requests keep arriving and queue' : ''}`
        : `${id} continued (SIGCONT)`,
    );
  }
}

// ---- checkpoint, restart ----------------------------------------------------------------

function checkpoint(sim: ScenarioHost, id: string): void {
  const vm = sim.topo.vms.get(id);
  if (vm) {
    if (!vm.alive) return sim.emit('checkpoint', id, `${id} is down: no snapshot taken`);
    const apps = appsUnder(sim, vm.pool).filter((a) => a.state === 'running');
    vm.snapshot = apps.map((a) => ({ app: a, state: a.run.snapshot(), workDone: a.workDone }));
    const pauseS = vm.memoryMiB / CHECKPOINT_DISK_MiBps;
    freezePool(sim, vm.pool, 1);
    sim.inFlight++;
    sim.schedule(sim.now + pauseS, () => {
      sim.inFlight--;
      if (vm.alive) freezePool(sim, vm.pool, -1);
    });
    sim.emit(
      'checkpoint',
      id,
      `${id} snapshot (like QEMU's savevm): the guest pauses ${fmt(pauseS)} s to write ${fmt(vm.memoryMiB)} MiB at ${CHECKPOINT_DISK_MiBps} MiB/s; it holds ${apps.map((a) => a.id).join(', ') || 'no running app'}`,
      { pauseS: roundTo(pauseS, 6) },
    );
    return;
  }
  const app = sim.appsById.get(id);
  const ssi = app ? ssiOfApp(app) : null;
  if (!app || !ssi) return sim.emit('checkpoint', id, `${id} cannot be checkpointed: only apps on an ssi (Kerrighed's checkpoint) and VMs can`);
  if (app.state !== 'running') return sim.emit('checkpoint', id, `${id} is ${app.state}: nothing to checkpoint`);
  const memory = app.procs.reduce((s, p) => s + p.memoryMiB, 0);
  const pauseS = memory / CHECKPOINT_DISK_MiBps;
  sim.appCheckpoints.set(app.id, { state: app.run.snapshot(), workDone: app.workDone });
  const frozen = [...app.procs];
  for (const p of frozen) freezeProc(sim, p, 1);
  sim.inFlight++;
  sim.schedule(sim.now + pauseS, () => {
    sim.inFlight--;
    for (const p of frozen) if (p.alive) freezeProc(sim, p, -1);
  });
  sim.emit(
    'checkpoint',
    id,
    `${id} checkpointed on ${ssi.id} (freeze, save ${fmt(memory)} MiB at ${CHECKPOINT_DISK_MiBps} MiB/s, unfreeze): paused ${fmt(pauseS)} s`,
    { pauseS: roundTo(pauseS, 6) },
  );
}

function restart(sim: ScenarioHost, id: string, to: string | undefined): void {
  const vm = sim.topo.vms.get(id);
  if (vm) return restartVm(sim, vm, to);
  const app = sim.appsById.get(id);
  const ssi = app ? ssiOfApp(app) : null;
  const saved = sim.appCheckpoints.get(id);
  if (!app || !ssi || !saved) return sim.emit('restart', id, `${id} has no checkpoint to restart from`);
  const member = to !== undefined ? ssi.members.find((m) => m.layerId === to && m.alive && !m.draining) : undefined;
  if (to !== undefined && !member) return sim.emit('restart', id, `${id} cannot restart on ${to}: not a live member of ${ssi.id}`);
  if (!ssi.members.some((m) => m.alive && !m.draining)) return sim.emit('restart', id, `${id} cannot restart: ${ssi.id} has no live member`);
  for (const p of [...app.procs]) sim.exit(p);
  sim.revive(app);
  if (app.home === null || !app.home.alive) app.home = member ?? ssi.members.find((m) => m.alive && !m.draining) ?? null;
  app.workDone = saved.workDone;
  sim.pinnedMember = member ?? null;
  app.run.restore(saved.state);
  sim.pinnedMember = null;
  sim.ensureBalancing(ssi);
  sim.emit(
    'restart',
    id,
    `${id} restarted from its checkpoint${member ? ` on ${member.layerId}` : ` (the balancer places its processes)`}: work since the checkpoint is redone`,
  );
}

function restartVm(sim: ScenarioHost, vm: VmRt, to: string | undefined): void {
  const snap = vm.snapshot;
  if (!snap) return sim.emit('restart', vm.id, `${vm.id} has no snapshot to restart from`);
  const dest = to !== undefined ? hypervisorFor(sim, to) : vm.hypervisor;
  if (!dest || dest.basePool === null || !dest.alive || !dest.basePool.alive)
    return sim.emit('restart', vm.id, `${vm.id} cannot restart: ${to ?? vm.hypervisor.id} cannot run it`);
  if (vm.migrating) return sim.emit('restart', vm.id, `${vm.id} cannot restart during its migration`);
  sim.markDirty(vm.pool.root);
  for (const s of snap) for (const p of [...s.app.procs]) sim.exit(p);
  if (!vm.alive) {
    for (const p of subtree(vm.pool)) {
      p.alive = true;
      p.holds = 0;
      p.throttle = 1;
      if (p.vm) p.vm.alive = true;
    }
    sim.suspended.delete(vm.id);
  }
  if (dest !== vm.hypervisor || vm.pool.parent !== dest.basePool) {
    const src = vm.hypervisor;
    src.vms.splice(src.vms.indexOf(vm), 1);
    dest.vms.push(vm);
    vm.hypervisor = dest;
    sim.topo.placeVm(vm, dest.basePool);
  }
  sim.markDirty(vm.pool.root);
  const pauseS = vm.memoryMiB / CHECKPOINT_DISK_MiBps;
  freezePool(sim, vm.pool, 1);
  for (const s of snap) {
    sim.revive(s.app);
    s.app.workDone = s.workDone;
    s.app.run.restore(s.state);
  }
  sim.inFlight++;
  sim.schedule(sim.now + pauseS, () => {
    sim.inFlight--;
    if (vm.alive) freezePool(sim, vm.pool, -1);
  });
  sim.emit(
    'restart',
    vm.id,
    `${vm.id} restored from its snapshot on ${dest.id} (${nodeNames(dest.basePool.root)}), loading ${fmt(vm.memoryMiB)} MiB in ${fmt(pauseS)} s; ${snap.map((s) => s.app.id).join(', ') || 'no app'} resume from the snapshot`,
  );
}

// ---- nodes ------------------------------------------------------------------------------

function addNode(sim: ScenarioHost, step: SimStep): void {
  const added = sim.topo.addLayers(step.layers ?? [], sim.now);
  sim.rootHeap.ensureCapacity(sim.topo.roots.length);
  const nodes = added.filter((l) => l.kind === 'node').map((l) => l.id);
  let joined = '';
  const ssi = step.join !== undefined ? sim.topo.ssis.get(step.join) : undefined;
  if (ssi) {
    // The topmost new layer that can be a member: the last os, vm or node in dependency order.
    const top = [...added].reverse().find((l) => l.kind === 'os' || l.kind === 'vm' || l.kind === 'node');
    if (top) {
      ssi.members.push(sim.topo.memberFor(ssi.id, top.id));
      joined = `; ${top.id} joins ${ssi.id} (krgadm nodes add), whose balancer now spreads work over ${ssi.members.filter((m) => m.alive).length} members`;
    }
  }
  sim.emit('node-add', nodes[0] ?? step.target, `${nodes.join(', ') || 'new layers'} added with ${added.map((l) => l.id).join(', ')}${joined}`);
  for (const s of sim.topo.ssis.values()) sim.placeSsiVms(s);
  for (const l of added) if (l.kind === 'app') sim.startApp(l);
  if (ssi) {
    sim.rebalance(ssi, 'balancer');
    sim.ensureBalancing(ssi);
  }
}

function membersOn(sim: ScenarioHost, root: Root): Array<{ ssi: SsiRt; member: SsiMember }> {
  const out: Array<{ ssi: SsiRt; member: SsiMember }> = [];
  for (const ssi of sim.topo.ssis.values()) for (const m of ssi.members) if (m.alive && m.pool.root === root) out.push({ ssi, member: m });
  return out;
}

/** VMs directly under a root's pools (not inside another VM of it, not SSI-hosted). */
function topVms(root: Root): VmRt[] {
  const out: VmRt[] = [];
  for (const p of root.order) {
    if (!p.vm || !p.vm.alive || p.vm.member !== null) continue;
    let outer = false;
    for (let q = p.parent; q !== null; q = q.parent) if (q.vm) outer = true;
    if (!outer) out.push(p.vm);
  }
  return out;
}

function removeNode(sim: ScenarioHost, id: string): void {
  const node = sim.topo.nodes.get(id);
  if (!node || !node.alive) return sim.emit('node-remove', id, `${id} is not up: nothing to remove`);
  const root = node.root;
  if (root.nodes.length > 1)
    return sim.emit(
      'node-remove',
      id,
      `${id} cannot leave gracefully: it is part of the single machine ${root.pool.layerId} aggregates (vSMP cannot shrink a running machine)`,
    );
  sim.recomputeNow(root);
  sim.markDirty(root);
  const moved: string[] = [];
  const lost: string[] = [];
  let endS = sim.now;
  // VMs live-migrate to another hypervisor of the same product, the least loaded first;
  // whatever stands in them (an SSI member too) moves with them, untouched.
  const carried: Array<{ vm: VmRt; dest: HypervisorRt }> = [];
  for (const vm of topVms(root)) {
    const candidates = [...sim.topo.hypervisors.values()].filter(
      (h) => h.product === vm.hypervisor.product && h.alive && h.basePool !== null && h.basePool.alive && h.basePool.root !== root && h.basePool.root !== null,
    );
    candidates.sort((a, b) => a.vms.length - b.vms.length);
    const dest = candidates[0];
    if (dest) carried.push({ vm, dest });
    else lost.push(`${vm.id} (no other ${vm.hypervisor.product} hypervisor to receive it)`);
  }
  const isCarried = (pool: Pool): boolean => carried.some(({ vm }) => isUnder(pool, vm.pool));
  // SSI members bound to this node drain: the SSI migrates their processes (and the VMs it hosts) to the others.
  for (const { ssi, member } of membersOn(sim, root)) {
    if (isCarried(member.pool)) continue;
    member.draining = true;
    for (const app of ssi.apps) {
      for (const p of [...app.procs]) {
        if (!p.alive || p.member !== member) continue;
        sim.recomputeMembers(ssi);
        const to = chooseMember(ssi, sim.balancer, 1, member);
        if (to === null) {
          sim.killApp(app, `${member.layerId} leaves ${ssi.id} and no other member can take its processes`);
          break;
        }
        endS = Math.max(endS, sim.now + sim.moveProc(p, to, 'remove-node', `${member.layerId} is leaving ${ssi.id}`));
        moved.push(`${p.app.id}#${p.tag}`);
      }
    }
    for (const h of ssi.hypervisors) {
      for (const vm of h.vms) {
        if (vm.member !== member || !vm.alive) continue;
        const to = chooseMember(ssi, sim.balancer, vm.vcpus, member);
        if (to === null) continue;
        endS = Math.max(endS, sim.now + sim.moveVm(vm, to, 'remove-node', `${member.layerId} is leaving ${ssi.id}`));
        moved.push(vm.id);
      }
    }
  }
  for (const { vm, dest } of carried) {
    const end = migrateVm(sim, vm, dest.id);
    if (end !== null) {
      endS = Math.max(endS, end);
      moved.push(vm.id);
    }
  }
  // What runs on a plain OS of this node has nowhere to go.
  for (const app of sim.apps) {
    if (app.state === 'running' && app.host.kind === 'pool' && app.host.pool.root === root && !isUnderVmOrMember(sim, app.host.pool)) {
      sim.killApp(app, `it ran on ${app.host.osId}, a plain OS on ${id}: only SSI members and VMs can move their work away`);
      lost.push(app.id);
    }
  }
  sim.inFlight++;
  sim.schedule(endS, () => {
    sim.inFlight--;
    if (!node.alive) return;
    sim.markDirty(root);
    for (const { member } of membersOn(sim, root)) member.alive = false;
    killUnder(sim, root.pool, `${id} was removed and nothing could carry it away`);
    node.alive = false;
    node.endedAtS = sim.now;
    root.alive = false;
    sim.emit(
      'node-remove',
      id,
      `${id} removed${moved.length > 0 ? ` after moving ${moved.join(', ')}` : ''}${lost.length > 0 ? `; lost: ${lost.join(', ')}` : ''}`,
    );
  });
}

function isUnderVmOrMember(sim: ScenarioHost, pool: Pool): boolean {
  for (let p: Pool | null = pool; p !== null; p = p.parent) if (p.vm) return true;
  for (const ssi of sim.topo.ssis.values()) for (const m of ssi.members) if (m.pool === pool) return true;
  return false;
}

/** Marks everything under a pool dead and kills or shrinks the apps that ran there. */
function killUnder(sim: ScenarioHost, pool: Pool, why: string): void {
  sim.markDirty(pool.root);
  const dead = subtree(pool);
  const procs: Proc[] = [];
  for (const p of dead) {
    p.alive = false;
    if (p.vm) p.vm.alive = false;
    for (const q of p.procs) if (q.alive) procs.push(q);
  }
  for (const ssi of sim.topo.ssis.values()) for (const m of ssi.members) if (dead.includes(m.pool)) m.alive = false;
  for (const h of sim.topo.hypervisors.values()) if (h.basePool !== null && dead.includes(h.basePool)) h.alive = false;
  // Apps hosted on a dead kernel die whole; SSI apps lose the processes that ran there.
  for (const app of sim.apps) {
    if (app.state === 'running' && app.host.kind === 'pool' && dead.includes(app.host.pool)) {
      sim.killApp(app, why);
    }
  }
  for (const q of procs) {
    if (!q.alive) continue;
    sim.loseProc(q, `it ran on ${q.member?.layerId ?? q.pool?.layerId ?? '?'}, and ${why}`);
  }
  // An SSI app whose home member died dies too: its deputy, or the state it kept there, is gone.
  for (const ssi of sim.topo.ssis.values()) {
    for (const app of ssi.apps) {
      if (app.state === 'running' && app.home !== null && !app.home.alive) {
        sim.killApp(
          app,
          `its home member ${app.home.layerId} is gone (${ssi.product === 'mosix' ? 'its deputy served its system calls there' : 'it kept state there'}): ${why}`,
        );
      }
    }
    if (!ssi.members.some((m) => m.alive)) ssi.alive = false;
  }
}

function failNode(sim: ScenarioHost, id: string): void {
  const node = sim.topo.nodes.get(id);
  if (!node || !node.alive) return sim.emit('node-fail', id, `${id} is already down`);
  const root = node.root;
  sim.markDirty(root);
  const vms = root.order.filter((p) => p.vm && p.vm.alive).map((p) => (p.vm as VmRt).id);
  const members = membersOn(sim, root).map(({ ssi, member }) => `${member.layerId} (member of ${ssi.id})`);
  const others = root.nodes.filter((n) => n !== node).map((n) => n.id);
  for (const n of root.nodes) {
    n.alive = false;
    n.endedAtS = sim.now;
  }
  const parts = [
    vms.length > 0 ? `${vms.join(', ')} died with it (${vms.length === 1 ? 'its' : 'their'} vCPUs ran on its cores)` : '',
    members.length > 0 ? `lost SSI member${members.length > 1 ? 's' : ''} ${members.join(', ')}` : '',
    others.length > 0 ? `${others.join(', ')} went down too: ${root.pool.layerId} makes them one machine, with no partial failure` : '',
  ].filter((s) => s !== '');
  sim.emit('node-fail', id, `${id} failed${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`);
  killUnder(sim, root.pool, `${id} failed`);
  root.alive = false;
  for (const ssi of sim.topo.ssis.values()) {
    if (ssi.alive && ssi.members.some((m) => m.pool.root === root)) sim.rebalance(ssi, 'balancer');
  }
}
