import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/core/rng.js';
import { clusteredMean } from '../../src/metrics/cluster.js';

test('clustered SE: the CR1 closed form on a small example; naive SE beside it', () => {
  // Clusters a: [1, 1], b: [0, 0], c: [1, 0]; mean 0.5; cluster residual sums 1, −1, 0.
  const r = clusteredMean([1, 1, 0, 0, 1, 0], ['a', 'a', 'b', 'b', 'c', 'c']);
  assert.equal(r.clusters, 3);
  assert.equal(r.mean, 0.5);
  assert.ok(Math.abs((r.clustered_se as number) - Math.sqrt((3 / 2) * 2) / 6) < 1e-15);
  assert.ok(Math.abs((r.naive_se as number) - Math.sqrt(1.5 / 5 / 6)) < 1e-15);
  const one = clusteredMean([1, 0, 1], ['v', 'v', 'v']);
  assert.equal(one.clustered_se, null);
  assert.equal(one.cluster_ci95, null);
});

/** Box–Muller normal draws from a seeded uniform stream. */
function normal(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

test('coverage over seeded simulated data with clustered effects: cluster bootstrap ≈ 95%, naive below', (t) => {
  const rand = mulberry32(2026);
  const z = normal(rand);
  const sims = 300;
  let cluster = 0;
  let naive = 0;
  let seCover = 0;
  for (let s = 0; s < sims; s++) {
    const values: number[] = [];
    const ids: string[] = [];
    for (let g = 0; g < 60; g++) {
      const u = z(); // shared by the cluster's 3 items: intra-class correlation 0.5
      for (let j = 0; j < 3; j++) {
        values.push(u + z());
        ids.push(`v${g}`);
      }
    }
    const r = clusteredMean(values, ids, { seed: s, resamples: 500 });
    const [cl, ch] = r.cluster_ci95 as [number, number];
    const [nl, nh] = r.naive_ci95 as [number, number];
    if (cl <= 0 && 0 <= ch) cluster++;
    if (nl <= 0 && 0 <= nh) naive++;
    if (Math.abs(r.mean as number) <= 1.96 * (r.clustered_se as number)) seCover++;
  }
  const c = cluster / sims;
  const nv = naive / sims;
  t.diagnostic(
    `coverage over ${sims} runs: cluster bootstrap ${c}, clustered SE ${seCover / sims}, naive bootstrap ${nv}`,
  );
  assert.ok(c > 0.91 && c < 0.985, `cluster bootstrap coverage ${c}`);
  assert.ok(seCover / sims > 0.91 && seCover / sims < 0.985, `clustered-SE coverage ${seCover / sims}`);
  // Design effect 1 + (3 − 1)·0.5 = 2: the naive interval is √2 too narrow, covering about 83%.
  assert.ok(nv < 0.9 && nv < c - 0.05, `naive coverage ${nv} vs cluster ${c}`);
});
