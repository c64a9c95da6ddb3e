import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupAdvantages, groupRewards } from '../../src/rewards/advantage.js';
import { accuracyReward } from '../../src/rewards/accuracy.js';
import { formatReward } from '../../src/rewards/format.js';
import { lengthBonuses } from '../../src/rewards/length.js';
import { registerReward, rewardList, rewardNames, VIDEO_R1_REWARDS } from '../../src/rewards/registry.js';
import { temporalBonus } from '../../src/rewards/temporal.js';
import { scoreGroup } from '../../src/train/grpoRewards.js';
import { mulberry32 } from '../../src/core/rng.js';

const solution = '<answer>B</answer>';
const pool = [
  '<think>a</think><answer>B</answer>',
  '<answer>B</answer>',
  '<think>b</think><answer>C</answer>',
  'B',
  '<think>x</think> <answer>A</answer>',
];

test("the default list is Video-R1's: totals are ((accuracy + temporal) + format) + length, bit for bit", () => {
  assert.deepEqual([...VIDEO_R1_REWARDS], ['accuracy', 'temporal', 'format', 'length']);
  const rand = mulberry32(7);
  for (let k = 0; k < 200; k++) {
    const pick = (): string => pool[Math.floor(rand() * pool.length)] as string;
    const responses = Array.from({ length: 2 + Math.floor(rand() * 6) }, pick);
    const shuffled = Array.from({ length: 1 + Math.floor(rand() * 4) }, pick);
    const lengths = responses.map(() => 300 + Math.floor(rand() * 250));
    const g = groupRewards({
      problemType: 'multiple choice',
      solution,
      responses,
      shuffledResponses: shuffled,
      completionLengths: lengths,
    });
    // The same sum from the primitives, in the trainer's order.
    const acc = responses.map((r) => accuracyReward(r, solution, 'multiple choice'));
    const t = temporalBonus(
      acc,
      shuffled.map((r) => accuracyReward(r, solution, 'multiple choice')),
    ).bonuses;
    const len = lengthBonuses(acc, lengths);
    const totals = responses.map(
      (r, i) => (acc[i] as number) + (t[i] as number) + formatReward(r) + (len[i] as number),
    );
    assert.deepEqual(
      g.responses.map((x) => x.total),
      totals,
    );
    assert.deepEqual(
      g.responses.map((x) => x.advantage),
      groupAdvantages(totals),
    );
  }
});

test('a registered reward with weights changes totals and advantages; the trainer takes it by name', () => {
  if (!rewardNames().includes('brevity'))
    registerReward('brevity', (ctx) => ctx.responses.map((r) => (r.length <= 20 ? 1 : 0)));
  const responses = pool.slice(0, 4);
  const list = rewardList(['accuracy', 'format', 'brevity'], [1, 0.5, 2]);
  const g = groupRewards({ problemType: 'multiple choice', solution, responses }, list);
  const want = responses.map(
    (r) => accuracyReward(r, solution, 'multiple choice') + 0.5 * formatReward(r) + 2 * (r.length <= 20 ? 1 : 0),
  );
  assert.deepEqual(
    g.responses.map((x) => x.total),
    want,
  );
  assert.deepEqual(
    g.responses.map((x) => x.components.brevity),
    [0, 1, 0, 1],
  );
  assert.deepEqual(
    g.responses.map((x) => x.temporal),
    [0, 0, 0, 0],
  );
  const inputs = {
    problemType: 'multiple choice' as const,
    solution,
    video: false,
    ordered: responses,
    lengths: [1, 1, 1, 1],
    shuffled: null,
  };
  const base = { temporal: false, mu: 0.8, alpha: 0.3, lenControl: false };
  const trained = scoreGroup(inputs, {
    ...base,
    rewards: ['accuracy', 'format', 'brevity'],
    rewardWeights: [1, 0.5, 2],
  });
  assert.deepEqual(
    trained.responses.map((x) => x.total),
    want,
  );
  assert.notDeepEqual(
    scoreGroup(inputs, base).responses.map((x) => x.total),
    want,
  );
});

test('reward lists fail clearly: unknown names, duplicates, a weight count that does not match', () => {
  assert.throws(
    () => rewardList(['accuracy', 'nope']),
    /unknown reward 'nope' \(known: accuracy, temporal, format, length/,
  );
  assert.throws(() => rewardList(['format', 'format']), /listed twice/);
  assert.throws(() => rewardList(['accuracy', 'format'], [1]), /2 rewards but 1 weights/);
  assert.throws(() => rewardList(['accuracy'], [Number.NaN]), /finite/);
  assert.throws(() => registerReward('accuracy', () => []), /already registered/);
});
