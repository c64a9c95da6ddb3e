/**
 * Cluster-robust uncertainty for a mean over items that share a cluster (Video-MMMU's three tracks
 * ask about one lecture video; the suite's items share videos). Items of one cluster are not
 * independent, so the item-level (naive) interval is too narrow when outcomes correlate within
 * clusters. Both are returned, so the difference is visible.
 */
import { mulberry32 } from '../core/rng.js';
import { quantile, type CI95 } from './bootstrap.js';

export interface ClusteredMean {
  n: number;
  clusters: number;
  mean: number | null;
  /** Item-level standard error, sqrt(s² / n) with the n − 1 variance. */
  naive_se: number | null;
  /**
   * Cluster-robust (CR1) standard error of the mean: sqrt(G / (G − 1) · Σ_g (Σ_{i∈g} (x_i − x̄))²) / n,
   * G clusters. Null with fewer than two clusters.
   */
  clustered_se: number | null;
  /** Percentile bootstrap over items, and over clusters (whole clusters drawn with replacement). */
  naive_ci95: CI95 | null;
  cluster_ci95: CI95 | null;
}

export function clusteredMean(
  values: readonly number[],
  clusterOf: readonly string[],
  opts: { seed?: number; resamples?: number } = {},
): ClusteredMean {
  const n = values.length;
  if (n !== clusterOf.length) throw new RangeError(`values and clusters differ in length: ${n} vs ${clusterOf.length}`);
  const groups = new Map<string, number[]>();
  clusterOf.forEach((c, i) => {
    const g = groups.get(c);
    if (g) g.push(i);
    else groups.set(c, [i]);
  });
  const G = groups.size;
  if (n === 0)
    return { n, clusters: 0, mean: null, naive_se: null, clustered_se: null, naive_ci95: null, cluster_ci95: null };
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const ss = values.reduce((s, x) => s + (x - mean) ** 2, 0);
  const naiveSe = n > 1 ? Math.sqrt(ss / (n - 1) / n) : null;
  let meat = 0;
  const sums: number[] = [];
  const sizes: number[] = [];
  for (const idx of groups.values()) {
    let r = 0;
    let s = 0;
    for (const i of idx) {
      r += (values[i] as number) - mean;
      s += values[i] as number;
    }
    meat += r * r;
    sums.push(s);
    sizes.push(idx.length);
  }
  const clusteredSe = G > 1 ? Math.sqrt((G / (G - 1)) * meat) / n : null;
  const B = opts.resamples ?? 2000;
  const rand = mulberry32(opts.seed ?? 0);
  const itemStats = new Float64Array(B);
  const clusterStats = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.floor(rand() * n)] as number;
    itemStats[b] = s / n;
    let cs = 0;
    let cn = 0;
    for (let g = 0; g < G; g++) {
      const k = Math.floor(rand() * G);
      cs += sums[k] as number;
      cn += sizes[k] as number;
    }
    clusterStats[b] = cs / cn;
  }
  const ci = (xs: Float64Array): CI95 => {
    const sorted = Array.from(xs).sort((a, b) => a - b);
    return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
  };
  return {
    n,
    clusters: G,
    mean,
    naive_se: naiveSe,
    clustered_se: clusteredSe,
    naive_ci95: ci(itemStats),
    cluster_ci95: G > 1 ? ci(clusterStats) : null,
  };
}

/**
 * What a run's results.json carries beside a naive CI: the mean's uncertainty with items clustered
 * (by video), the design effect (clustered / naive variance) saying how much the naive interval
 * understates it.
 */
export interface ClusterStat {
  n: number;
  clusters: number;
  naive_se: number | null;
  clustered_se: number | null;
  /** (clustered_se / naive_se)²; 1 when clusters do not matter, above 1 when items of a video agree. */
  design_effect: number | null;
  cluster_ci95: CI95 | null;
}

/** clusteredMean reduced to the fields a run reports (the naive CI is the run's own `ci95`). */
export function clusterStat(values: readonly number[], clusterOf: readonly string[], seed = 0): ClusterStat {
  const c = clusteredMean(values, clusterOf, { seed });
  const deff =
    c.naive_se !== null && c.clustered_se !== null && c.naive_se > 0 ? (c.clustered_se / c.naive_se) ** 2 : null;
  return {
    n: c.n,
    clusters: c.clusters,
    naive_se: c.naive_se,
    clustered_se: c.clustered_se,
    design_effect: deff,
    cluster_ci95: c.cluster_ci95,
  };
}

/**
 * Percentile bootstrap of any statistic over clusters: each resample draws whole clusters with
 * replacement and hands the statistic the indices of their items. `se` is the standard deviation
 * of the resampled statistics (the bootstrap standard error). Null with fewer than two clusters.
 */
export function clusterBootstrap(
  clusterOf: readonly string[],
  statistic: (idx: readonly number[]) => number | null,
  opts: { seed?: number; resamples?: number } = {},
): { clusters: number; ci95: CI95; se: number } | null {
  const groups = new Map<string, number[]>();
  clusterOf.forEach((c, i) => {
    const g = groups.get(c);
    if (g) g.push(i);
    else groups.set(c, [i]);
  });
  const list = [...groups.values()];
  const G = list.length;
  if (G < 2) return null;
  const rand = mulberry32(opts.seed ?? 0);
  const B = opts.resamples ?? 2000;
  const stats: number[] = [];
  for (let b = 0; b < B; b++) {
    const idx: number[] = [];
    for (let g = 0; g < G; g++) idx.push(...(list[Math.floor(rand() * G)] as number[]));
    const s = statistic(idx);
    if (s !== null && Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < 2) return null;
  stats.sort((a, b) => a - b);
  const m = stats.reduce((a, x) => a + x, 0) / stats.length;
  const se = Math.sqrt(stats.reduce((a, x) => a + (x - m) ** 2, 0) / (stats.length - 1));
  return { clusters: G, ci95: [quantile(stats, 0.025), quantile(stats, 0.975)], se };
}
