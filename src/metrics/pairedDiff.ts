import { bootstrapCI, type CI95 } from './bootstrap.js';

/** Model B minus model A on the same items, with a paired bootstrap CI. */
export interface PairedDiff {
  /** Items scored by both runs. */
  n: number;
  mean_a: number | null;
  mean_b: number | null;
  /** mean(b) − mean(a), on the shared items only. */
  diff: number | null;
  ci95: CI95 | null;
  /** True when the 95% CI lies entirely above or entirely below zero. */
  excludes_zero: boolean;
  /** Present when items came in groups (a `--samples` run's sample pairs of one question): the groups resampled. */
  questions?: number;
}

/**
 * Paired bootstrap of the difference of two runs' mean scores over shared items: one resample
 * draws items (not runs) with replacement and keeps each item's two scores together, so the
 * interval reflects per-item correlation — much tighter than comparing two independent CIs.
 * `a[i]` and `b[i]` must be the scores of the same item. Seeded: the same inputs give the same CI.
 * `groups[i]` names the question of pair i: pairs of one question (sample i of A with sample i of B
 * in `--samples` runs) are resampled together, since they are not independent; when every group
 * holds one pair the item bootstrap runs as without groups.
 */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
  opts: { seed?: number; resamples?: number; groups?: readonly string[] } = {},
): PairedDiff {
  if (a.length !== b.length) throw new RangeError(`paired scores differ in length: ${a.length} vs ${b.length}`);
  const n = a.length;
  if (n === 0) return { n: 0, mean_a: null, mean_b: null, diff: null, ci95: null, excludes_zero: false };
  const d = a.map((x, i) => (b[i] as number) - x);
  const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (opts.groups && opts.groups.length !== n)
    throw new RangeError(`groups and pairs differ in length: ${opts.groups.length} vs ${n}`);
  const members = new Map<string, number[]>();
  opts.groups?.forEach((g, i) => {
    const m = members.get(g);
    if (m) m.push(i);
    else members.set(g, [i]);
  });
  // Without groups (or with one pair each) every pair is its own group: the plain item bootstrap.
  const grouped = members.size > 0 && members.size < n;
  const groups = grouped ? [...members.values()] : d.map((_, i) => [i]);
  const sums = groups.map((idx) => idx.reduce((s, i) => s + (d[i] as number), 0));
  const ci95 = bootstrapCI(
    groups.length,
    (idx) => {
      let s = 0;
      let k = 0;
      for (const g of idx) {
        s += sums[g] as number;
        k += (groups[g] as number[]).length;
      }
      return s / k;
    },
    { seed: opts.seed ?? 0, resamples: opts.resamples ?? 2000 },
  );
  return {
    n,
    mean_a: mean(a),
    mean_b: mean(b),
    diff: mean(d),
    ci95,
    excludes_zero: ci95 !== null && (ci95[0] > 0 || ci95[1] < 0),
    ...(grouped ? { questions: groups.length } : {}),
  };
}
