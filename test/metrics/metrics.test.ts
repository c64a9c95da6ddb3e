import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accuracyOf } from '../../src/metrics/accuracy.js';
import { baselines } from '../../src/tasks/videommmu/baselines.js';
import { bootstrapCI, proportionCI, quantile } from '../../src/metrics/bootstrap.js';
import { deltaKnowledge, deltaKnowledgeValue } from '../../src/tasks/videommmu/deltaKnowledge.js';

test('Δknowledge follows the paper: (after − before) / (1 − before) × 100', () => {
  assert.equal(deltaKnowledgeValue(0.5, 0.75), 50);
  assert.equal(deltaKnowledgeValue(0.2, 0.2), 0);
  assert.ok(Math.abs(deltaKnowledgeValue(0.4, 0.3)! - -16.666666666666668) < 1e-12, 'forgetting gives a negative gain');
  assert.equal(deltaKnowledgeValue(1, 1), null, 'undefined when every question was already right');
});

test('transition matrix and rates from paired outcomes', () => {
  const pairs = [
    { before: false, after: true },
    { before: false, after: true },
    { before: false, after: false },
    { before: true, after: true },
    { before: true, after: false },
  ];
  const dk = deltaKnowledge(pairs);
  assert.deepEqual(dk.transitions, { wrong_to_right: 2, wrong_to_wrong: 1, right_to_right: 1, right_to_wrong: 1 });
  assert.equal(dk.acc_before, 2 / 5);
  assert.equal(dk.acc_after, 3 / 5);
  assert.equal(dk.wrong_to_right, 2 / 3);
  assert.equal(dk.right_to_wrong, 1 / 2);
  assert.ok(Math.abs(dk.value! - ((3 / 5 - 2 / 5) / (3 / 5)) * 100) < 1e-12);
  assert.ok(dk.ci95![0] <= dk.value! && dk.value! <= dk.ci95![1]);
  assert.deepEqual(deltaKnowledge(pairs, 7).ci95, deltaKnowledge(pairs, 7).ci95, 'seeded: same interval every time');
  const empty = deltaKnowledge([]);
  assert.equal(empty.value, null);
  assert.equal(empty.n, 0);
});

test('bootstrap CI of a proportion brackets it and narrows with n', () => {
  const small = proportionCI(Array.from({ length: 20 }, (_, i) => i % 2 === 0))!;
  const large = proportionCI(Array.from({ length: 2000 }, (_, i) => i % 2 === 0))!;
  assert.ok(small[0] < 0.5 && 0.5 < small[1]);
  assert.ok(large[1] - large[0] < (small[1] - small[0]) / 5);
  assert.deepEqual(proportionCI([true, true, true]), [1, 1]);
  assert.equal(proportionCI([]), null);
  const generic = bootstrapCI(10, (idx) => idx.length, { seed: 1 });
  assert.deepEqual(generic, [10, 10]);
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
});

test('accuracyOf counts', () => {
  const a = accuracyOf([true, false, true, true]);
  assert.equal(a.accuracy, 0.75);
  assert.equal(a.n, 4);
  assert.equal(a.correct, 3);
  assert.equal(accuracyOf([]).accuracy, null);
});

test('random and frequent-choice baselines come from the data', () => {
  const b = baselines([
    { questionType: 'multiple-choice', options: ['a', 'b', 'c', 'd'], answer: 'B' },
    { questionType: 'multiple-choice', options: ['a', 'b'], answer: 'B' },
    { questionType: 'multiple-choice', options: ['a', 'b', 'c', 'd', 'e'], answer: 'A' },
    { questionType: 'open', options: [], answer: '42' },
  ]);
  // random: (1/4 + 1/2 + 1/5 + 0) / 4
  assert.ok(Math.abs(b.random! - (0.25 + 0.5 + 0.2) / 4) < 1e-12);
  // frequent: always "B" on MC (2 hits), always "42" on open (1 hit)
  assert.equal(b.frequent, 3 / 4);
  assert.deepEqual(b.frequent_choice, { 'multiple-choice': 'B', open: '42' });
  assert.equal(baselines([]).random, null);
});
