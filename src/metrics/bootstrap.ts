import { mulberry32 } from '../core/rng.js';

export type CI95 = [number, number];

/**
 * Percentile bootstrap 95% CI of a statistic over n units, resampling units with replacement.
 * Seeded, so the same data gives the same interval on every run.
 */
export function bootstrapCI(
  n: number,
  statistic: (idx: Int32Array) => number | null,
  opts: { resamples?: number; seed?: number } = {},
): CI95 | null {
  if (n === 0) return null;
  const B = opts.resamples ?? 1000;
  const rand = mulberry32(opts.seed ?? 0);
  const stats: number[] = [];
  const idx = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rand() * n);
    const s = statistic(idx);
    if (s !== null && Number.isFinite(s)) stats.push(s);
  }
  if (stats.length === 0) return null;
  stats.sort((a, b) => a - b);
  return [quantile(stats, 0.025), quantile(stats, 0.975)];
}

/** Linear-interpolated quantile of sorted values (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Mean of 0/1 outcomes with its bootstrap CI (the same resampling as bootstrapCI, without the index array). */
export function proportionCI(outcomes: readonly boolean[], seed = 0, resamples = 1000): CI95 | null {
  const n = outcomes.length;
  if (n === 0) return null;
  const bits = Uint8Array.from(outcomes, (o) => (o ? 1 : 0));
  const rand = mulberry32(seed);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += bits[Math.floor(rand() * n)] as number;
    stats[b] = s / n;
  }
  stats.sort();
  const sorted = Array.from(stats);
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}
