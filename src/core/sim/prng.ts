/**
 * A small seeded pseudo-random generator, so that one stack, seed and duration always give
 * byte-identical output (docs/cli.md, `strata simulate`). Math.random cannot be seeded.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counter", PractRand-tested) seeded through
 * splitmix32, which spreads nearby seeds (0, 1, 2 ...) into unrelated states.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An exponentially distributed float with the given mean (inter-arrival times). */
  exponential(mean: number): number;
  /** A float uniformly drawn in [lo, hi). */
  uniform(lo: number, hi: number): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a generator; the same seed always yields the same sequence. */
export function createPrng(seed: number): Prng {
  const init = splitmix32(Math.trunc(seed));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // The first outputs of a freshly seeded sfc32 are weakly mixed; its author discards 12.
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    exponential: (mean) => -Math.log(1 - next()) * mean,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
  };
}
