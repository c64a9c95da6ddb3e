/**
 * T-GRPO's temporal bonus: src/r1-v/src/open_r1/trainer/grpo_trainer.py lines 611-624
 * (vllm_grpo_trainer_modified.py lines 773-786 are identical).
 *
 *     if self.temporal and video_inputs:
 *         acc_mean = temporal_rewards_per_func[:, 0].mean()
 *         shuffled_acc_mean = shuffled_rewards_per_func[:, 0].mean()
 *         if acc_mean >= 0.8 * shuffled_acc_mean:
 *             mask = temporal_rewards_per_func[:, 0] > 0.1
 *             temporal_rewards_per_func[mask, 0] = temporal_rewards_per_func[mask, 0] + 0.3
 *
 * The shuffled group is `num_generations // 2` completions of the same prompt with the video's
 * frames permuted (lines 299, 456-458). The comparison is `>=`, so a group whose shuffled
 * responses all fail (p̃ = 0) always gets the bonus; images (no `video_inputs`) never do.
 * The means are computed in float64 here; the trainer's are float32 CUDA reductions, which can
 * only decide differently when p is within float32 rounding of μ·p̃.
 */
import { passesAccuracyMask } from './accuracy.js';

export interface TemporalOptions {
  /** p must reach mu * p̃ (reference: 0.8). */
  mu?: number;
  /** Bonus added to each passing ordered response (reference: 0.3). */
  alpha?: number;
}

export const TEMPORAL_DEFAULTS: Required<TemporalOptions> = { mu: 0.8, alpha: 0.3 };

export interface TemporalResult {
  /** Per ordered response: alpha or 0. */
  bonuses: number[];
  /** Mean accuracy of the ordered-frame group. */
  p: number;
  /** Mean accuracy of the shuffled-frame group; null for an image (no shuffled pass). */
  pShuffled: number | null;
  /** Whether p >= mu * p̃ held (the trainer's logged `temporal_rewards` 1.0 / 0.0). */
  applied: boolean;
}

/** torch's `.mean()`: NaN for an empty tensor, so an empty group never gets the bonus. */
function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/**
 * Temporal bonuses for the ordered group, given the accuracy rewards of the ordered and of the
 * shuffled responses. Pass `shuffled = null` for an image item: no bonus.
 */
export function temporalBonus(
  ordered: readonly number[],
  shuffled: readonly number[] | null,
  options: TemporalOptions = {},
): TemporalResult {
  const { mu = TEMPORAL_DEFAULTS.mu, alpha = TEMPORAL_DEFAULTS.alpha } = options;
  const p = mean(ordered);
  if (shuffled === null) return { bonuses: ordered.map(() => 0), p, pShuffled: null, applied: false };
  const pShuffled = mean(shuffled);
  const applied = p >= mu * pShuffled;
  return { bonuses: ordered.map((acc) => (applied && passesAccuracyMask(acc) ? alpha : 0)), p, pShuffled, applied };
}
