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
import { accuracyReward, type ProblemType } from './accuracy.js';
import { extractAnswer } from './answer.js';
import { formatReward } from './format.js';
import { lengthBonuses, type LengthOptions } from './length.js';
import { temporalBonus, type TemporalOptions, type TemporalResult } from './temporal.js';

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

export interface GroupInput {
  problemType: ProblemType | (string & {});
  /** The dataset's solution, e.g. "<answer>B</answer>". */
  solution: string;
  /** The group's completions (ordered video frames, or the image). */
  responses: readonly string[];
  /** T-GRPO: completions for the frame-shuffled video. Omit for images or with temporal off. */
  shuffledResponses?: readonly string[];
  /** len_control: each completion's length in tokens (`completion_mask.sum(1)`). Omit to disable. */
  completionLengths?: readonly number[];
  temporal?: TemporalOptions;
  length?: LengthOptions;
}

export interface ResponseRewards {
  answer: string;
  accuracy: number;
  format: number;
  /** T-GRPO bonus (0 when not applied, for images, or with temporal off). */
  temporal: number;
  /** len_control bonus (0 with it off). */
  length: number;
  /** ((accuracy + temporal) + format) + length. */
  total: number;
  advantage: number;
}

export interface GroupRewards {
  responses: ResponseRewards[];
  /** Null when no shuffled responses were given. */
  temporal: TemporalResult | null;
}

/** Every reward component, the totals and the advantages of one GRPO group. */
export function groupRewards(input: GroupInput): GroupRewards {
  const { problemType, solution, responses, shuffledResponses, completionLengths } = input;
  const accuracy = responses.map((r) => accuracyReward(r, solution, problemType));
  const temporal =
    shuffledResponses === undefined
      ? null
      : temporalBonus(accuracy, shuffledResponses.map((r) => accuracyReward(r, solution, problemType)), input.temporal);
  const length = completionLengths === undefined ? null : lengthBonuses(accuracy, completionLengths, input.length);
  const parts = responses.map((response, i) => {
    const acc = accuracy[i]!;
    const format = formatReward(response);
    const t = temporal?.bonuses[i] ?? 0;
    const l = length?.[i] ?? 0;
    return { answer: extractAnswer(response), accuracy: acc, format, temporal: t, length: l, total: acc + t + format + l };
  });
  const advantages = groupAdvantages(parts.map((p) => p.total));
  return { responses: parts.map((p, i) => ({ ...p, advantage: advantages[i]! })), temporal };
}
