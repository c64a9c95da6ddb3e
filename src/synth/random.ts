/** Seeded draws for the generator. Every random choice goes through a `Rand`, never Math.random. */
import { mulberry32 } from '../core/rng.js';

export type Rand = () => number;

/** An independent stream per (seed, stream, index): unit i's content does not depend on unit i−1's. */
export function streamRand(seed: number, stream: number, index: number): Rand {
  let h =
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35) ^ Math.imul(index + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return mulberry32(h >>> 0);
}

/** Integer in [lo, hi], both inclusive. */
export function int(rand: Rand, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

export function pick<T>(rand: Rand, xs: readonly T[]): T {
  if (xs.length === 0) throw new RangeError('pick from an empty list');
  return xs[Math.floor(rand() * xs.length)] as T;
}

/** k distinct elements in random order. */
export function sample<T>(rand: Rand, xs: readonly T[], k: number): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, k);
}
