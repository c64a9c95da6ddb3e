/**
 * Paired comparisons of `--samples` runs: sample i of A pairs with sample i of B, but the N pairs of
 * one question are not independent. The paired bootstrap resamples questions and McNemar is the
 * clustered statistic of Durkalski et al. (2003); with one pair per question both are what they were.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/core/rng.js';
import { mcnemarClustered, mcnemarExact, mcnemarOf } from '../../src/metrics/mcnemar.js';
import { pairedDifference } from '../../src/metrics/pairedDiff.js';

const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('clustered McNemar: closed forms (χ²(1) tail from scipy.stats.chi2.sf)', () => {
  // One pair per cluster: McNemar's asymptotic (b − c)² / (b + c) = 64 / 12.
  const single = [
    ...Array.from({ length: 10 }, () => ({ aOnly: 1, bOnly: 0 })),
    ...Array.from({ length: 2 }, () => ({ aOnly: 0, bOnly: 1 })),
    ...Array.from({ length: 5 }, () => ({ aOnly: 0, bOnly: 0 })),
  ];
  const s = mcnemarClustered(single);
  assert.deepEqual([s.a_only, s.b_only, s.clusters], [10, 2, 17]);
  near(s.p_value, 0.020921335337794035, 2e-7, 'chi2.sf(64/12, 1)');
  // (Σ(b_k − c_k))² / Σ(b_k − c_k)² = 4² / 12.
  const c = mcnemarClustered([
    { aOnly: 3, bOnly: 0 },
    { aOnly: 2, bOnly: 1 },
    { aOnly: 0, bOnly: 1 },
    { aOnly: 1, bOnly: 0 },
  ]);
  near(c.p_value, 0.24821307898992026, 2e-7, 'chi2.sf(16/12, 1)');
  assert.equal(mcnemarClustered([{ aOnly: 0, bOnly: 0 }]).p_value, 1);
});

test('mcnemarOf: exact with one pair per question, clustered with several', () => {
  const a = [1, 1, 0, 1, 0, 1];
  const b = [0, 0, 1, 1, 0, 0];
  assert.deepEqual(mcnemarOf(a, b), mcnemarExact(3, 1));
  assert.deepEqual(mcnemarOf(a, b, ['q1', 'q2', 'q3', 'q4', 'q5', 'q6']), mcnemarExact(3, 1));
  const g = mcnemarOf(a, b, ['q1', 'q1', 'q1', 'q2', 'q2', 'q2']);
  assert.equal(g.clusters, 2);
  assert.deepEqual(
    g,
    mcnemarClustered([
      { aOnly: 2, bOnly: 1 },
      { aOnly: 1, bOnly: 0 },
    ]),
  );
});

test('paired bootstrap by question: one pair per question is the item bootstrap; groups are resampled whole', () => {
  const rand = mulberry32(5);
  const a = Array.from({ length: 60 }, () => (rand() < 0.5 ? 1 : 0));
  const b = Array.from({ length: 60 }, () => (rand() < 0.6 ? 1 : 0));
  const plain = pairedDifference(a, b, { seed: 3 });
  assert.deepEqual(pairedDifference(a, b, { seed: 3, groups: a.map((_, i) => `q${i}`) }), plain);
  const grouped = pairedDifference(a, b, { seed: 3, groups: a.map((_, i) => `q${Math.floor(i / 3)}`) });
  assert.equal(grouped.questions, 20);
  assert.equal(grouped.n, 60);
  assert.equal(grouped.diff, plain.diff);
  // Every pair of a question moves by the same amount: B − A is +1 on questions 0–9, 0 on the rest.
  const same = Array.from({ length: 60 }, (_, i) => (i < 30 ? 1 : 0));
  const shifted = pairedDifference(
    same.map(() => 0),
    same,
    { seed: 1, groups: same.map((_, i) => `q${Math.floor(i / 3)}`) },
  );
  // Drawing 20 questions, each +1 with probability 1/2: the CI is that of a mean of 20 coin flips.
  assert.ok(shifted.ci95);
  assert.ok((shifted.ci95[1] - shifted.ci95[0]) * 20 >= 7, `${shifted.ci95} spans about ±2 SD of 20 flips`);
  assert.throws(() => pairedDifference([1], [0], { groups: ['a', 'b'] }), /groups and pairs differ/);
});

/**
 * Under H0 with a per-question effect: each question has its own chance for A and for B (both
 * U(0, 1), so no model is better on average) and 5 samples. Treating the 500 sample pairs as
 * independent rejects far more than 5% of the time; by question, about 5%.
 */
test('simulation: with 5 samples per question, by-question tests hold their level; per-sample ones do not', (t) => {
  const rand = mulberry32(99);
  const Q = 100;
  const N = 5;
  const trials = 300;
  let exact = 0;
  let clustered = 0;
  let naiveCi = 0;
  let groupCi = 0;
  for (let k = 0; k < trials; k++) {
    const a: number[] = [];
    const b: number[] = [];
    const groups: string[] = [];
    for (let q = 0; q < Q; q++) {
      const pa = rand();
      const pb = rand();
      for (let s = 0; s < N; s++) {
        a.push(rand() < pa ? 1 : 0);
        b.push(rand() < pb ? 1 : 0);
        groups.push(`q${q}`);
      }
    }
    if (mcnemarOf(a, b).p_value < 0.05) exact++;
    if (mcnemarOf(a, b, groups).p_value < 0.05) clustered++;
    if (pairedDifference(a, b, { seed: k, resamples: 400 }).excludes_zero) naiveCi++;
    if (pairedDifference(a, b, { seed: k, resamples: 400, groups }).excludes_zero) groupCi++;
  }
  const r = (x: number): number => x / trials;
  t.diagnostic(
    `rejections of a true H0 in ${trials}: McNemar exact on sample pairs ${exact}, clustered ${clustered}; ` +
      `item bootstrap ${naiveCi}, by question ${groupCi}`,
  );
  assert.ok(r(exact) > 0.13, `exact on sample pairs: ${r(exact)}`);
  assert.ok(r(naiveCi) > 0.13, `item bootstrap: ${r(naiveCi)}`);
  assert.ok(r(clustered) > 0.02 && r(clustered) < 0.085, `clustered McNemar: ${r(clustered)}`);
  assert.ok(r(groupCi) > 0.02 && r(groupCi) < 0.09, `bootstrap by question: ${r(groupCi)}`);
});
