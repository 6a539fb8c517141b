/**
 * A tiny seeded PRNG (sfc32, seeded through splitmix32) and the sampling helpers the generator needs.
 *
 * Only integer operations and + - * / are used, never Math.log/pow/exp: their last bit may differ
 * between V8 versions, and one flipped bit would change a sampled value and break byte-identical
 * output for the same seed.
 */

/** A deterministic stream of numbers in [0, 1). */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 128 bits of state. */
export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextUint = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32 mixes its seed poorly in the first few rounds.
  for (let i = 0; i < 15; i++) nextUint();
  const next = (): number => nextUint() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}

/** Derives an independent stream for one purpose, so adding draws in one file leaves others unchanged. */
export function forkRng(seed: number, stream: number): Rng {
  return createRng((Math.imul(seed >>> 0, 0x01000193) ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
}

/** Cumulative weights for repeated weighted sampling by binary search. */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += weights[i] as number;
      this.cumulative[i] = total;
    }
  }

  get size(): number {
    return this.cumulative.length;
  }

  /** An index in [0, limit) drawn with probability proportional to its weight. */
  sample(rng: Rng, limit: number = this.cumulative.length): number {
    const target = rng.next() * (this.cumulative[limit - 1] as number);
    let lo = 0;
    let hi = limit - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A choice among a few fixed weights (e.g. a status distribution): a linear scan of cumulative weights. */
export class Choice {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((w, i) => {
      total += w;
      this.cumulative[i] = total;
    });
    this.total = total;
  }

  /** An index drawn with probability proportional to its weight. */
  pick(rng: Rng): number {
    const target = rng.next() * this.total;
    const last = this.cumulative.length - 1;
    for (let i = 0; i < last; i++) if (target < (this.cumulative[i] as number)) return i;
    return last;
  }
}
