import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stabilityOf, type SampleOutcome } from '../../src/metrics/stability.js';

const rows = (q: string, answers: [string, number][]): SampleOutcome[] =>
  answers.map(([answer, score], sample) => ({ question: q, sample, answer, score }));

test('stability: expected and majority-vote accuracy, within-question variance, consistency by hand', () => {
  const s = stabilityOf(
    [
      ...rows('q1', [
        ['A', 1],
        ['A', 1],
        ['A', 1],
      ]), // all right, consistent
      ...rows('q2', [
        ['B', 0],
        ['A', 1],
        ['B', 0],
      ]), // majority B (wrong); scores 0,1,0: variance 1/3
      ...rows('q3', [
        ['C', 0],
        ['A', 1],
        ['D', 0],
      ]), // three-way tie: the first answer (C, wrong) wins
      ...rows('q4', [
        ['A', 1],
        ['D', 0],
      ]), // one sample missing: counted, not complete; tie → A (right); variance of 1,0 = 1/2
    ],
    3,
  );
  assert.equal(s.questions, 4);
  assert.equal(s.answers, 11);
  assert.equal(s.complete, 3);
  assert.ok(Math.abs((s.expected_accuracy as number) - (1 + 1 / 3 + 1 / 3 + 1 / 2) / 4) < 1e-12);
  assert.equal(s.majority_accuracy, (1 + 0 + 0 + 1) / 4);
  assert.ok(Math.abs((s.within_variance as number) - (0 + 1 / 3 + 1 / 3 + 1 / 2) / 4) < 1e-12);
  assert.equal(s.consistency, 1 / 4);
});

test('stability: the tie-break follows the sample index, not the order the rows arrive in', () => {
  const a = stabilityOf(
    [
      { question: 'q', sample: 1, answer: 'B', score: 0 },
      { question: 'q', sample: 0, answer: 'A', score: 1 },
    ],
    2,
  );
  assert.equal(a.majority_accuracy, 1);
});

test('stability: fractional scores (MRA) and a single sample per question', () => {
  const s = stabilityOf(
    [
      { question: 'q', sample: 0, answer: '3.5', score: 0.8 },
      { question: 'q', sample: 1, answer: '3.5', score: 0.8 },
      { question: 'r', sample: 0, answer: '7', score: 0.2 },
    ],
    2,
  );
  assert.ok(Math.abs((s.expected_accuracy as number) - 0.5) < 1e-12);
  assert.ok(Math.abs((s.majority_accuracy as number) - 0.5) < 1e-12);
  // Only q has two samples: variance and consistency are over it alone.
  assert.equal(s.within_variance, 0);
  assert.equal(s.consistency, 1);
  const empty = stabilityOf([], 3);
  assert.equal(empty.expected_accuracy, null);
  assert.equal(empty.consistency, null);
});
