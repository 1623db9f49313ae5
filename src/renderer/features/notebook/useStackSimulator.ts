import type { SimulateStack } from './stackRunner';

/**
 * The simulator for stack, scenario and exercise cells. The renderer's simulator worker
 * client (features/sim/simClient.ts) has not landed yet; until it does, cells check
 * stacks and say that simulation is unavailable.
 */
export function useStackSimulator(): SimulateStack | null {
  return null;
}
