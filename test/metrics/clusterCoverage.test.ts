/**
 * Coverage of the intervals a run reports (clusterStat, as in results.json) on seeded simulated
 * accuracy data with clustered effects: each video has a random effect shared by its questions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/core/rng.js';
import { clusterBootstrap, clusterStat } from '../../src/metrics/cluster.js';
import { proportionCI } from '../../src/metrics/bootstrap.js';

test(
  'right/wrong answers, videos with a shared random effect: the clustered 95% interval covers ≈ 95%, the naive ' +
    'one under-covers',
  (t) => {
    const rand = mulberry32(23);
    const TRUE = 0.6;
    const replicates = 400;
    let cluster = 0;
    let clusterSe = 0;
    let naive = 0;
    let generic = 0;
    for (let rep = 0; rep < replicates; rep++) {
      const values: number[] = [];
      const videos: string[] = [];
      for (let g = 0; g < 50; g++) {
        // The video's difficulty: p = 0.6 + U(−0.35, 0.35), so E[p] = 0.6 exactly (no clipping).
        const p = TRUE + (rand() - 0.5) * 0.7;
        const questions = 2 + Math.floor(rand() * 5); // 2–6 questions per video, as in a suite
        for (let q = 0; q < questions; q++) {
          values.push(rand() < p ? 1 : 0);
          videos.push(`v${g}`);
        }
      }
      const s = clusterStat(values, videos, rep);
      const [lo, hi] = s.cluster_ci95 as [number, number];
      if (lo <= TRUE && TRUE <= hi) cluster++;
      const mean = values.reduce((a, x) => a + x, 0) / values.length;
      if (Math.abs(mean - TRUE) <= 1.96 * (s.clustered_se as number)) clusterSe++;
      const [nl, nh] = proportionCI(
        values.map((v) => v === 1),
        rep,
      ) as [number, number];
      if (nl <= TRUE && TRUE <= nh) naive++;
      // The generic cluster bootstrap (Δknowledge uses it) on the same statistic, fewer resamples to stay fast.
      if (rep < 100) {
        const b = clusterBootstrap(videos, (idx) => idx.reduce((a, i) => a + (values[i] as number), 0) / idx.length, {
          seed: rep,
          resamples: 400,
        });
        if (b && b.ci95[0] <= TRUE && TRUE <= b.ci95[1]) generic++;
      }
    }
    const c = cluster / replicates;
    const cs = clusterSe / replicates;
    const nv = naive / replicates;
    t.diagnostic(
      `coverage over ${replicates}: cluster bootstrap ${c}, clustered SE ${cs}, naive ${nv}, generic ${generic}/100`,
    );
    assert.ok(c >= 0.92 && c <= 0.98, `cluster bootstrap coverage ${c}`);
    assert.ok(cs >= 0.92 && cs <= 0.98, `clustered-SE coverage ${cs}`);
    assert.ok(generic >= 88, `generic cluster bootstrap coverage ${generic}/100`);
    // Intra-video correlation ≈ 0.041/0.24 ≈ 0.17 with ~4 questions a video: the naive interval is too narrow.
    assert.ok(nv < 0.92 && nv < c - 0.03, `naive coverage ${nv} vs clustered ${c}`);
  },
);
