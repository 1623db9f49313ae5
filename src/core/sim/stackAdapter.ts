/**
 * Turns the stack model's parsed stack (src/core/stack) into the simulator's input, filling
 * the defaults that depend on other layers (a hypervisor's technique comes from its
 * product). Kept apart so the simulator follows the contract, not the parser's internals.
 */
import { networkOf, techniqueOf, type Layer, type ScenarioStep, type Stack } from '../stack';
import { type SimLayer, type SimStack, type SimStep } from './simInput';

function one(on: Layer['on']): string {
  return typeof on === 'string' ? on : (on?.[0] ?? '');
}

function many(on: Layer['on']): string[] {
  return on === undefined ? [] : typeof on === 'string' ? [on] : [...on];
}

/** One layer with its defaults resolved. */
export function toSimLayer(layer: Layer): SimLayer {
  switch (layer.kind) {
    case 'node':
      return { id: layer.id, kind: 'node', cpus: layer.cpus, memoryMiB: layer.memoryMiB, speed: layer.speed, site: layer.site };
    case 'hypervisor':
      return { id: layer.id, kind: 'hypervisor', product: layer.product, technique: techniqueOf(layer) ?? null, on: many(layer.on) };
    case 'vm':
      return { id: layer.id, kind: 'vm', vcpus: layer.vcpus, memoryMiB: layer.memoryMiB, dirtyRateMiBps: layer.dirtyRateMiBps, on: one(layer.on) };
    case 'os':
      return { id: layer.id, kind: 'os', product: layer.product, role: layer.role, on: one(layer.on) };
    case 'ssi':
      return { id: layer.id, kind: 'ssi', product: layer.product, on: many(layer.on) };
    case 'container':
      return { id: layer.id, kind: 'container', product: layer.product, cpus: layer.cpus, memoryMiB: layer.memoryMiB, on: one(layer.on) };
    case 'app':
      return {
        id: layer.id,
        kind: 'app',
        workload: layer.workload,
        processes: layer.processes,
        cpuSeconds: layer.cpuSeconds,
        memoryMiB: layer.memoryMiB,
        jobs: layer.jobs,
        requestsPerSecond: layer.requestsPerSecond,
        dirtyRateMiBps: layer.dirtyRateMiBps,
        on: one(layer.on),
      };
  }
}

function toSimStep(step: Exclude<ScenarioStep, { do: 'rewind-point' }>): SimStep {
  switch (step.do) {
    case 'add-node':
      return { at: step.at, do: 'add-node', layers: step.layers.map(toSimLayer), join: step.join };
    case 'migrate':
      return { at: step.at, do: 'migrate', target: step.target, to: step.to, processes: step.processes };
    case 'restart':
      return { at: step.at, do: 'restart', target: step.target, to: step.to };
    default:
      return { at: step.at, do: step.do, target: step.target };
  }
}

/** A parsed (and checked) stack, ready for `createSimulation` or `simulate`; rewind points are the app's, not the simulator's. */
export function toSimStack(stack: Stack): SimStack {
  return {
    name: stack.name,
    network: networkOf(stack),
    layers: stack.layers.map(toSimLayer),
    scenario: (stack.scenario ?? []).flatMap((step) => (step.do === 'rewind-point' ? [] : [toSimStep(step)])),
  };
}
