import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupAdvantages, groupRewards } from '../../src/rewards/advantage.js';
import { lengthBonuses } from '../../src/rewards/length.js';
import { temporalBonus } from '../../src/rewards/temporal.js';

test('lengthBonuses: +0.2 in [320, 512] tokens, only when more than one response has accuracy > 0.1', () => {
  // Responses 0 and 1 pass the mask (2 > 1); 0 is in range, 1 is too long; 2 fails the mask; 3 (0.05) too.
  assert.deepEqual(lengthBonuses([1, 1, 0, 0.05], [400, 600, 400, 400]), [0.2, 0, 0, 0]);
  // Only one response passes the mask -> nobody gets the bonus, whatever the lengths.
  assert.deepEqual(lengthBonuses([1, 0, 0, 0], [400, 400, 400, 400]), [0, 0, 0, 0]);
  // Inclusive bounds: 320 and 512 qualify, 319 and 513 do not.
  assert.deepEqual(lengthBonuses([1, 1, 1, 1], [319, 320, 512, 513]), [0, 0.2, 0.2, 0]);
  // The mask is acc > 0.1 in float32: 0.1 itself and 0.1000000001 fail, 0.11 passes.
  assert.deepEqual(lengthBonuses([0.1, 0.1000000001, 0.11, 0.5], [400, 400, 400, 400]), [0, 0, 0.2, 0.2]);
  assert.deepEqual(lengthBonuses([1, 1], [100, 200], { minTokens: 50, maxTokens: 150, bonus: 0.5 }), [0.5, 0]);
  assert.deepEqual(lengthBonuses([], []), []);
  assert.throws(() => lengthBonuses([1], []), RangeError);
});

test('temporalBonus: +0.3 for acc > 0.1 when mean(ordered) >= 0.8 * mean(shuffled)', () => {
  // p = 2/4 = 0.5, p̃ = 1/2 = 0.5; 0.5 >= 0.8 * 0.5 = 0.4 -> applied to the two correct responses.
  assert.deepEqual(temporalBonus([1, 1, 0, 0], [1, 0]), {
    bonuses: [0.3, 0.3, 0, 0],
    p: 0.5,
    pShuffled: 0.5,
    applied: true,
  });
  // p = 0.25 < 0.8 * 0.5 = 0.4 -> nothing.
  assert.deepEqual(temporalBonus([1, 0, 0, 0], [1, 0]), {
    bonuses: [0, 0, 0, 0],
    p: 0.25,
    pShuffled: 0.5,
    applied: false,
  });
  // Equality counts (>=): p = (0.8 + 0.8) / 4 = 0.4 and 0.8 * 0.5 = 0.4, both exact in binary.
  assert.equal(temporalBonus([0.8, 0.8, 0, 0], [0.5, 0.5]).applied, true);
  // All shuffled responses wrong: p̃ = 0, so p >= 0 always holds (even p = 0; nobody passes the mask then).
  assert.deepEqual(temporalBonus([0, 0], [0, 0]), { bonuses: [0, 0], p: 0, pShuffled: 0, applied: true });
  // Fractional accuracies: the mask is acc > 0.1, so 0.1 gets nothing and 0.5 gets alpha.
  assert.deepEqual(temporalBonus([0.1, 0.5], [0], { alpha: 0.25 }).bonuses, [0, 0.25]);
  // mu is a parameter: p = 0.25, p̃ = 0.5 passes with mu = 0.5 (0.25 >= 0.25).
  assert.equal(temporalBonus([1, 0, 0, 0], [1, 0], { mu: 0.5 }).applied, true);
  // Images have no shuffled pass: no bonus.
  assert.deepEqual(temporalBonus([1, 1], null), { bonuses: [0, 0], p: 1, pShuffled: null, applied: false });
  // An empty shuffled group has mean NaN (torch too), and NaN comparisons are false.
  assert.equal(temporalBonus([1, 1], []).applied, false);
});

test('groupAdvantages: (r - mean) / (unbiased std + 1e-4)', () => {
  // [1, 0]: mean 0.5, std = sqrt((0.25 + 0.25) / 1) = sqrt(0.5).
  const s = Math.sqrt(0.5);
  assert.deepEqual(groupAdvantages([1, 0]), [0.5 / (s + 1e-4), -0.5 / (s + 1e-4)]);
  // [3, 1, 2, 2]: mean 2, squares 1 + 1 + 0 + 0 = 2, std = sqrt(2 / 3).
  const s2 = Math.sqrt(2 / 3);
  assert.deepEqual(groupAdvantages([3, 1, 2, 2]), [1 / (s2 + 1e-4), -1 / (s2 + 1e-4), 0, 0]);
  // Identical rewards: std 0 -> 0 / 1e-4 = 0.
  assert.deepEqual(groupAdvantages([2, 2, 2]), [0, 0, 0]);
  // One response: torch.std would be NaN; defined as 0 here.
  assert.deepEqual(groupAdvantages([5]), [0]);
  assert.deepEqual(groupAdvantages([]), []);
});

test('groupRewards: components, totals and advantages of a video group', () => {
  const solution = '<answer>B</answer>';
  const responses = [
    '<think>t</think><answer>B</answer>', // accuracy 1, format 1
    '<answer>B</answer>', //                  accuracy 1, format 0
    '<think>t</think><answer>C</answer>', // accuracy 0, format 1
    'B', //                                   accuracy 0 (no tag), format 0
  ];
  const g = groupRewards({
    problemType: 'multiple choice',
    solution,
    responses,
    // Every shuffled response is wrong: p̃ = 0, so the bonus applies to the two correct responses.
    shuffledResponses: ['<answer>C</answer>', '<answer>D</answer>'],
    // Responses 0 and 1 pass the mask; only 0 is within [320, 512].
    completionLengths: [400, 100, 400, 400],
  });
  assert.deepEqual(g.temporal, { bonuses: [0.3, 0.3, 0, 0], p: 0.5, pShuffled: 0, applied: true });
  assert.deepEqual(
    g.responses.map(({ accuracy, format, temporal, length }) => [accuracy, format, temporal, length]),
    [
      [1, 1, 0.3, 0.2],
      [1, 0, 0.3, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ],
  );
  // Totals summed in the trainer's order: ((accuracy + temporal) + format) + length.
  const totals = [1 + 0.3 + 1 + 0.2, 1 + 0.3 + 0 + 0, 0 + 0 + 1 + 0, 0];
  assert.deepEqual(
    g.responses.map((r) => r.total),
    totals,
  );
  assert.deepEqual(
    g.responses.map((r) => r.advantage),
    groupAdvantages(totals),
  );
  assert.deepEqual(
    g.responses.map((r) => r.answer),
    ['B', 'B', 'C', ''],
  );
});

test('groupRewards: an image group (no shuffled responses, no lengths) is accuracy + format only', () => {
  const g = groupRewards({
    problemType: 'numerical',
    solution: '<answer>3.14</answer>',
    responses: ['<think>pi</think><answer>3.14159</answer>', '<think>pi</think><answer>3</answer>'],
  });
  assert.equal(g.temporal, null);
  assert.deepEqual(
    g.responses.map((r) => r.total),
    [2, 1],
  );
  const s = Math.sqrt(0.5); // rewards [2, 1]: mean 1.5, std sqrt(0.5)
  assert.deepEqual(
    g.responses.map((r) => r.advantage),
    [0.5 / (s + 1e-4), -0.5 / (s + 1e-4)],
  );
});
