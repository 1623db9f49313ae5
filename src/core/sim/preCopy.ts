/**
 * Pre-copy live migration (docs/simulator.md, "Live migration"): the analytical model of Liu et
 * al. (Cluster Computing 2013) and its round-by-round form, with the stopping rules of
 * QEMU and Xen. Sizes in MiB, rates in MiB/s, times in seconds.
 */

/** The stopping rules of one hypervisor's migration code. */
export interface PreCopyPolicy {
  /** Target downtime: stop-and-copy starts once the remainder fits in rate × this. */
  downtimeLimitS: number;
  /** Fixed stop threshold in MiB; overrides downtimeLimitS when set (Xen). */
  thresholdMiB?: number;
  /** Most pre-copy rounds before a forced stop-and-copy. */
  maxRounds: number;
  /** Stop once this many times the RAM has been sent (Xen: 3). */
  maxSentFactor?: number;
  /** Migration bandwidth cap in MiB/s (QEMU: 128). */
  bandwidthCapMiBps?: number;
  /** Whether CPU throttling (auto-converge) may be used when dirtying outruns the link. */
  autoConverge: boolean;
}

/**
 * QEMU 7.2 (`migration/migration.c`; `migration/options.c` from 8.1): downtime limit
 * 300 ms, bandwidth cap 128 MiB/s, no round limit. Auto-converge is a capability that is
 * off by default; the simulator switches it on only when the dirty rate reaches the link
 * rate (λ ≥ 1), since otherwise QEMU would iterate forever, and says so in the events.
 */
export const QEMU_POLICY: PreCopyPolicy = { downtimeLimitS: 0.3, maxRounds: 10_000, bandwidthCapMiBps: 128, autoConverge: true };

/**
 * Xen's `xc_domain_save`: at most 30 rounds, never more than 3x the RAM sent, stop when
 * fewer than 50 pages (of 4 KiB) remain dirty.
 */
export const XEN_POLICY: PreCopyPolicy = { downtimeLimitS: 0.3, thresholdMiB: (50 * 4) / 1024, maxRounds: 30, maxSentFactor: 3, autoConverge: false };

/**
 * VMware, VirtualBox and others: no public stopping rule was found. A guess: QEMU's
 * 300 ms downtime target with Xen's 30-round limit and no bandwidth cap.
 */
export const DEFAULT_POLICY: PreCopyPolicy = { downtimeLimitS: 0.3, maxRounds: 30, autoConverge: false };

/** Seconds to resume the VM at the destination (T_resume); a guess under the 9 ms measured here for a whole local QEMU downtime. */
export const RESUME_S = 0.005;

/** QEMU auto-converge: throttle from 20 %, +10 % a step, up to 99 % (docs/simulator.md). */
export const AUTO_CONVERGE = { initial: 0.2, increment: 0.1, max: 0.99 };

/** Picks the stopping rules for a hypervisor product; `qemuCapMiBps` replaces QEMU's bandwidth cap (this host's figures). */
export function preCopyPolicyFor(hypervisorProduct: string, qemuCapMiBps?: number): PreCopyPolicy {
  if (hypervisorProduct === 'qemu' || hypervisorProduct === 'kvm')
    return qemuCapMiBps === undefined ? QEMU_POLICY : { ...QEMU_POLICY, bandwidthCapMiBps: qemuCapMiBps };
  if (hypervisorProduct === 'xen') return XEN_POLICY;
  return DEFAULT_POLICY;
}

/** The figures of Liu et al.'s closed form. */
export interface ClosedFormPreCopy {
  /** n: pre-copy rounds after which the remainder is sent with the VM stopped. */
  rounds: number;
  /** T = (V/R)(1 − λ^(n+1))/(1 − λ), plus T_resume. */
  totalS: number;
  /** V·λ^n / R + T_resume. */
  downtimeS: number;
}

/**
 * Liu et al.'s closed form (meaningful for λ = D/R < 1; at λ ≥ 1 it runs n_max rounds): n = min(⌈log_λ(V_thr/V)⌉, n_max). Used by the
 * tests as the reference the round-by-round plan must match.
 */
export function closedFormPreCopy(
  ramMiB: number,
  rateMiBps: number,
  dirtyMiBps: number,
  thresholdMiB: number,
  maxRounds: number,
  resumeS = RESUME_S,
): ClosedFormPreCopy {
  const lambda = dirtyMiBps / rateMiBps;
  let n: number;
  if (ramMiB <= thresholdMiB) n = 0;
  else if (lambda === 0) n = 1;
  else if (lambda >= 1) n = maxRounds;
  else n = Math.min(Math.ceil(Math.log(thresholdMiB / ramMiB) / Math.log(lambda)), maxRounds);
  const totalS = lambda === 1 ? (ramMiB / rateMiBps) * (n + 1) : ((ramMiB / rateMiBps) * (1 - lambda ** (n + 1))) / (1 - lambda);
  return { rounds: n, totalS: totalS + resumeS, downtimeS: (ramMiB * lambda ** n) / rateMiBps + resumeS };
}

/** One copy round while the VM keeps running. */
export interface PreCopyRound {
  /** MiB sent in this round. */
  sentMiB: number;
  durationS: number;
  /** CPU throttle applied by auto-converge during this round (0 when off). */
  throttle: number;
}

/** A complete migration plan. */
export interface PreCopyPlan {
  /** The live rounds (round 0 sends all the RAM). */
  rounds: PreCopyRound[];
  /** Sent with the VM stopped. */
  stopCopyMiB: number;
  downtimeS: number;
  totalS: number;
  sentMiB: number;
  /** The link rate used, after the policy's cap. */
  rateMiBps: number;
  /** Why pre-copy stopped: converged under the threshold, or a limit was hit. */
  stopReason: 'converged' | 'max-rounds' | 'max-sent';
  /** Whether auto-converge throttled the guest. */
  throttled: boolean;
}

/**
 * Plans a migration round by round: each round resends what the guest dirtied during the
 * previous one. With a constant dirty rate and no throttling this is exactly Liu et al.'s
 * geometric series; auto-converge lowers the dirty rate by the throttle it applies.
 */
export function planPreCopy(ramMiB: number, linkMiBps: number, dirtyMiBps: number, policy: PreCopyPolicy, resumeS = RESUME_S): PreCopyPlan {
  const rate = Math.min(linkMiBps, policy.bandwidthCapMiBps ?? Infinity);
  const threshold = policy.thresholdMiB ?? rate * policy.downtimeLimitS;
  const throttleAllowed = policy.autoConverge && dirtyMiBps >= rate;
  const rounds: PreCopyRound[] = [];
  let amount = ramMiB;
  let sent = 0;
  let throttle = 0;
  let stopReason: PreCopyPlan['stopReason'] = 'converged';
  for (;;) {
    if (amount <= threshold) break;
    if (rounds.length >= policy.maxRounds) {
      stopReason = 'max-rounds';
      break;
    }
    if (policy.maxSentFactor !== undefined && sent + amount > policy.maxSentFactor * ramMiB) {
      stopReason = 'max-sent';
      break;
    }
    const durationS = amount / rate;
    rounds.push({ sentMiB: amount, durationS, throttle });
    sent += amount;
    const next = dirtyMiBps * (1 - throttle) * durationS;
    // QEMU raises the throttle when a round dirtied more than half of what it sent.
    if (throttleAllowed && rounds.length > 1 && next > amount / 2) {
      throttle = throttle === 0 ? AUTO_CONVERGE.initial : Math.min(AUTO_CONVERGE.max, throttle + AUTO_CONVERGE.increment);
    }
    amount = Math.min(next, ramMiB);
  }
  const downtimeS = amount / rate + resumeS;
  const live = rounds.reduce((s, r) => s + r.durationS, 0);
  return {
    rounds,
    stopCopyMiB: amount,
    downtimeS,
    totalS: live + downtimeS,
    sentMiB: sent + amount,
    rateMiBps: rate,
    stopReason,
    throttled: rounds.some((r) => r.throttle > 0),
  };
}
