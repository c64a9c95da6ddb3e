import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/core/rng.js';
import {
  minDetectableDifference,
  normalQuantile,
  pairedQuestionDiffs,
  pairedSampleSize,
  populationVariance,
  questionMeans,
  sampleSd,
  sdDiffFromAccuracy,
} from '../../src/metrics/power.js';
import { runCli } from '../helpers/cli.js';

test('closed forms: normal quantiles, n = ((z_a + z_b) σ / δ)², and its inverse', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.8) - 0.8416212335729143) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306167813) < 1e-8);
  const z = 1.959963984540054 + 0.8416212335729143;
  assert.equal(pairedSampleSize(1, 0.1), Math.ceil((z * 10) ** 2));
  assert.ok(Math.abs(minDetectableDifference(0.5, 400) - (z * 0.5) / 20) < 1e-8);
  assert.ok(Math.abs(sdDiffFromAccuracy(0.5, 0.5) - 0.5) < 1e-15);
  assert.throws(() => pairedSampleSize(1, 0));
});

test('simulation: at the computed n, a paired z-test rejects about `power` of the time', (t) => {
  const rand = mulberry32(23);
  const aOnly = 0.1;
  const bOnly = 0.2;
  const delta = bOnly - aOnly;
  const sd = Math.sqrt(aOnly + bOnly - delta * delta);
  const n = pairedSampleSize(sd, delta, { power: 0.8 });
  const trials = 2000;
  let rejected = 0;
  for (let k = 0; k < trials; k++) {
    const d: number[] = [];
    for (let i = 0; i < n; i++) {
      const u = rand();
      d.push(u < aOnly ? -1 : u < aOnly + bOnly ? 1 : 0);
    }
    const mean = d.reduce((s, x) => s + x, 0) / n;
    if (Math.abs(mean / (sampleSd(d) / Math.sqrt(n))) > 1.959963984540054) rejected++;
  }
  t.diagnostic(`n=${n}: rejected ${rejected} of ${trials}`);
  assert.ok(Math.abs(rejected / trials - 0.8) < 0.04, `${rejected / trials}`);
});

test('question means: samples averaged per question, pairs by question, p(1 − p) for 0/1', () => {
  const a = [
    { question: 'q1', score: 1 },
    { question: 'q1', score: 0 },
    { question: 'q1', score: 1 },
    { question: 'q2', score: 0 },
    { question: 'q3', score: 1 },
  ];
  const b = [
    { question: 'q2', score: 1 },
    { question: 'q1', score: 1 },
  ];
  const round = (x: number): number => Math.round(x * 1e12) / 1e12;
  assert.deepEqual(
    [...questionMeans(a)].map(([q, v]) => [q, round(v.mean), v.answers]),
    [
      ['q1', round(2 / 3), 3],
      ['q2', 0, 1],
      ['q3', 1, 1],
    ],
  );
  assert.deepEqual(
    pairedQuestionDiffs(a, b).map((x) => [x.question, round(x.a), x.b, round(x.diff)]),
    [
      ['q1', round(2 / 3), 1, round(1 / 3)],
      ['q2', 0, 1, 1],
    ],
  );
  assert.ok(Math.abs(populationVariance([1, 1, 0, 0, 0]) - 0.4 * 0.6) < 1e-15);
  assert.equal(populationVariance([]), 0);
});

/**
 * Two models answer each question N = 3 times; a question's difficulty is shared by its samples
 * and B's advantage varies by question. σ_d from a pilot's per-question mean differences gives an n
 * at which a question-level paired z-test rejects about `power` of the time; counting the 3n sample
 * pairs as independent (what `power` did with sampled runs) gives too few questions.
 */
test('simulation with --samples 3: n from per-question means has the stated power; sample pairs overstate it', (t) => {
  const rand = mulberry32(2023);
  const N = 3;
  const delta = 0.08;
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  const question = (): [number, number] => {
    const pa = 0.1 + 0.8 * rand();
    return [pa, clamp(pa + delta + (rand() - 0.5) * 0.9)];
  };
  const answers = (k: number) => {
    const a: { question: string; score: number }[] = [];
    const b: { question: string; score: number }[] = [];
    for (let q = 0; q < k; q++) {
      const [pa, pb] = question();
      for (let s = 0; s < N; s++) {
        a.push({ question: `q${q}`, score: rand() < pa ? 1 : 0 });
        b.push({ question: `q${q}`, score: rand() < pb ? 1 : 0 });
      }
    }
    return { a, b };
  };
  // Closed forms by numerical integration over (pa, e): the mean difference Δ (clamping moves it off
  // delta) and the variance of a question's mean difference, Var(pb − pa) + E[pa(1−pa) + pb(1−pb)] / N.
  const G = 400;
  let m1 = 0;
  let m2 = 0;
  let within = 0;
  for (let i = 0; i < G; i++)
    for (let j = 0; j < G; j++) {
      const pa = 0.1 + (0.8 * (i + 0.5)) / G;
      const pb = clamp(pa + delta + ((j + 0.5) / G - 0.5) * 0.9);
      m1 += pb - pa;
      m2 += (pb - pa) ** 2;
      within += pa * (1 - pa) + pb * (1 - pb);
    }
  const trueDelta = m1 / (G * G);
  const sdQuestion = Math.sqrt(m2 / (G * G) - trueDelta ** 2 + within / (G * G) / N);
  // A pilot's per-question mean differences measure it.
  const pilot = answers(20000);
  const d = pairedQuestionDiffs(pilot.a, pilot.b).map((x) => x.diff);
  assert.ok(Math.abs(sampleSd(d) / sdQuestion - 1) < 0.02, `pilot σ_d ${sampleSd(d)} vs ${sdQuestion}`);
  const n = pairedSampleSize(sdQuestion, trueDelta, { power: 0.8 });
  // What counting sample pairs gives: σ of per-answer differences, n in pairs, n/N questions.
  const perAnswer = pilot.a.map((x, i) => (pilot.b[i] as { score: number }).score - x.score);
  const nPairs = Math.ceil(pairedSampleSize(sampleSd(perAnswer), trueDelta, { power: 0.8 }) / N);
  const rejectRate = (questions: number, trials: number): number => {
    let rejected = 0;
    for (let k = 0; k < trials; k++) {
      const s = answers(questions);
      const dq = pairedQuestionDiffs(s.a, s.b).map((x) => x.diff);
      const m = dq.reduce((a, x) => a + x, 0) / questions;
      if (Math.abs(m / (sampleSd(dq) / Math.sqrt(questions))) > 1.959963984540054) rejected++;
    }
    return rejected / trials;
  };
  const right = rejectRate(n, 1500);
  const wrong = rejectRate(nPairs, 1500);
  t.diagnostic(`Δ=${trueDelta.toFixed(4)}: ${n} questions → power ${right}; sample pairs said ${nPairs} → ${wrong}`);
  assert.ok(Math.abs(right - 0.8) < 0.04, `${right}`);
  assert.ok(nPairs < n * 0.8, `sample pairs: ${nPairs} vs ${n} questions`);
  assert.ok(wrong < 0.75, `${wrong}`);
});

test('vreason power: a usage error without runs, and flags checked', async () => {
  const r = await runCli(['power', '/nonexistent-run']);
  assert.equal(r.code, 2);
  const bad = await runCli(['power', '/nonexistent-run', '--power', '2']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--power expects a number in \(0, 1\)/);
});
