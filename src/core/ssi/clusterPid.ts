/**
 * Cluster-wide PIDs as Kerrighed built them (docs/qemu.md#processes-across-guests): the
 * node that created the process in the high bits, a flag bit marking the PID as global,
 * then the PID it had there. The guests' `lps` builds them the same way in shell.
 */
export const PID_NODE_SHIFT = 23;
export const GLOBAL_PID_MASK = 1 << 22;
/** Local PIDs fit below the flag bit. */
const LOCAL_PID_MASK = GLOBAL_PID_MASK - 1;

export function clusterPid(node: number, localPid: number): number {
  if (!Number.isInteger(node) || node < 0 || node > 255) throw new Error(`node ${node} is not a node number (0–255)`);
  if (!Number.isInteger(localPid) || localPid < 1 || localPid > LOCAL_PID_MASK)
    throw new Error(`PID ${localPid} does not fit below the global flag (1–${LOCAL_PID_MASK})`);
  return node * 2 ** PID_NODE_SHIFT + GLOBAL_PID_MASK + localPid;
}

/** The node that created a process and the PID it had there, or undefined for a PID that is not global. */
export function decodeClusterPid(cpid: number): { node: number; localPid: number } | undefined {
  if (!Number.isInteger(cpid) || cpid < GLOBAL_PID_MASK || (cpid & GLOBAL_PID_MASK) === 0) return undefined;
  return { node: Math.floor(cpid / 2 ** PID_NODE_SHIFT), localPid: cpid & LOCAL_PID_MASK };
}
