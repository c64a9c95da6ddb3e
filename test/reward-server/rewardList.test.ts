/** The reward service and the trainer take one registry: a named list with weights changes what both compute. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupRewards } from '../../src/rewards/advantage.js';
import { registerReward, rewardList, rewardNames } from '../../src/rewards/registry.js';
import { startRewardServer } from '../../src/rewards/server.js';
import { scoreGroup } from '../../src/train/grpoRewards.js';

const post = async (url: string, body: unknown): Promise<Record<string, unknown>> => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, unknown>;
};

test(
  'a reward list by name: /score, /get_reward and /temporal use it, and equal the trainer ' + 'on the same group',
  async () => {
    if (!rewardNames().includes('short'))
      registerReward('short', (ctx) => ctx.responses.map((r) => (r.length < 40 ? 1 : 0)));
    const rewards = rewardList(['accuracy', 'format', 'short'], [1, 0.5, 0.25]);
    const server = await startRewardServer({ port: 0, rewards });
    try {
      const good = '<think>t</think><answer>B</answer>';
      const long = `<think>${'x'.repeat(40)}</think><answer>C</answer>`;
      const one = await post(`${server.url}/score`, { solution_str: good, ground_truth: 'B' });
      assert.equal(one.score, 1 + 0.5 * 1 + 0.25 * 1);
      const batch = await post(`${server.url}/get_reward`, {
        query: [good, long],
        prompts: ['', ''],
        labels: ['B', 'B'],
      });
      assert.deepEqual(batch.rewards, [1.75, 0.5]);
      const ordered = [good, long, '<answer>B</answer>', 'B'];
      const t = (await post(`${server.url}/temporal`, {
        problem_type: 'multiple choice',
        solution: '<answer>B</answer>',
        ordered,
        shuffled: [],
      })) as { responses: { total: number; advantage: number }[] };
      const want = groupRewards(
        { problemType: 'multiple choice', solution: '<answer>B</answer>', responses: ordered },
        rewards,
      ).responses;
      assert.deepEqual(
        t.responses.map((r) => r.total),
        want.map((r) => r.total),
      );
      const trainer = scoreGroup(
        {
          problemType: 'multiple choice',
          solution: '<answer>B</answer>',
          video: false,
          ordered,
          lengths: [1, 1, 1, 1],
          shuffled: null,
        },
        {
          temporal: false,
          mu: 0.8,
          alpha: 0.3,
          lenControl: false,
          rewards: ['accuracy', 'format', 'short'],
          rewardWeights: [1, 0.5, 0.25],
        },
      );
      assert.deepEqual(
        trainer.responses.map((r) => r.advantage),
        t.responses.map((r) => r.advantage),
      );
    } finally {
      await server.close();
    }
  },
);
