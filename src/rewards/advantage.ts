/**
 * Group totals and GRPO advantages as Video-R1's trainer forms them
 * (src/r1-v/src/open_r1/trainer/grpo_trainer.py lines 595-666):
 *
 *     rewards_per_func[:, 0] = accuracy_reward, rewards_per_func[:, 1] = format_reward
 *     temporal bonus on column 0 (video only)               -> temporal.ts
 *     rewards = temporal_rewards_per_func.sum(dim=1)        # (accuracy + temporal) + format
 *     rewards[idx] += 0.2 for len_control                    -> length.ts
 *     advantages = (rewards - mean) / (std + 1e-4)          # std unbiased, per group
 *
 * Column 0 is the accuracy reward because `reward_funcs` defaults to ["accuracy", "format"] in
 * that order (grpo.py line 44). Sums here are float64; the trainer's tensors are float32.
 */
import { accuracyReward } from './accuracy.js';
import { extractAnswer } from './answer.js';
import { rewardList, scoreWithRewards, temporalOf, type Reward, type RewardContext } from './registry.js';
import type { TemporalResult } from './temporal.js';

/** The trainer's `+ 1e-4` in the advantage denominator. */
export const ADVANTAGE_EPSILON = 1e-4;

/**
 * A_i = (r_i − mean(r)) / (std(r) + eps) with the unbiased (n − 1) std of torch.std. For a
 * single response torch.std is NaN (zero degrees of freedom) and so would every advantage be;
 * here std is defined as 0 for n = 1, giving advantage 0.
 */
export function groupAdvantages(rewards: readonly number[], eps = ADVANTAGE_EPSILON): number[] {
  const n = rewards.length;
  if (n === 0) return [];
  let sum = 0;
  for (const r of rewards) sum += r;
  const mean = sum / n;
  let squares = 0;
  for (const r of rewards) squares += (r - mean) ** 2;
  const std = n === 1 ? 0 : Math.sqrt(squares / (n - 1));
  return rewards.map((r) => (r - mean) / (std + eps));
}

/** One prompt's group: the same fields a reward function sees (`RewardContext`). */
export type GroupInput = RewardContext;

export interface ResponseRewards {
  answer: string;
  accuracy: number;
  format: number;
  /** T-GRPO bonus (0 when not applied, for images, or with temporal off). */
  temporal: number;
  /** len_control bonus (0 with it off). */
  length: number;
  /** Every listed reward's value, by name. */
  components: Record<string, number>;
  /** The weighted sum in list order: ((accuracy + temporal) + format) + length by default. */
  total: number;
  advantage: number;
}

export interface GroupRewards {
  responses: ResponseRewards[];
  /** Null when no shuffled responses were given. */
  temporal: TemporalResult | null;
}

/**
 * Every reward component, the totals and the advantages of one GRPO group. `rewards` defaults to
 * Video-R1's list; with another list the named columns are in `components` and the fixed fields
 * of rewards not listed are 0.
 */
export function groupRewards(input: GroupInput, rewards: readonly Reward[] = DEFAULT_LIST): GroupRewards {
  const { columns, totals } = scoreWithRewards(input, rewards);
  const accuracy = columns.accuracy ?? input.responses.map((r) => accuracyReward(r, input.solution, input.problemType));
  const temporal = input.shuffledResponses === undefined ? null : temporalOf(input, accuracy);
  const advantages = groupAdvantages(totals);
  const responses = input.responses.map((response, i) => ({
    answer: extractAnswer(response),
    accuracy: columns.accuracy?.[i] ?? 0,
    format: columns.format?.[i] ?? 0,
    temporal: columns.temporal?.[i] ?? 0,
    length: columns.length?.[i] ?? 0,
    components: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v[i] as number])),
    total: totals[i] as number,
    advantage: advantages[i] as number,
  }));
  return { responses, temporal };
}

const DEFAULT_LIST = rewardList();
