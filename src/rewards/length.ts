/**
 * Video-R1's length reward (`len_control`, on by default): src/r1-v/src/open_r1/trainer/
 * grpo_trainer.py lines 633-654 (vllm_grpo_trainer_modified.py lines 794-815 are identical).
 *
 *     mask = rewards_per_func[:, 0] > 0.1            # accuracy, BEFORE the temporal bonus
 *     lenth_list = completion_mask.sum(1)
 *     selected_indices = torch.nonzero(mask)...
 *     if len(selected_indices) > 1:
 *         for idx in selected_indices:
 *             if 320 <= lenth_list[idx] <= 512:
 *                 rewards[idx] += 0.2
 *
 * The length is `completion_mask.sum(1)`: completion tokens up to AND including the first EOS
 * (the whole padded completion width when there is no EOS). The "more than one" count runs over
 * the trainer's whole per-device batch, which is one group with Video-R1's batch size of 1.
 */
import { passesAccuracyMask } from './accuracy.js';

export interface LengthOptions {
  /** Inclusive lower bound in tokens (reference: 320). */
  minTokens?: number;
  /** Inclusive upper bound in tokens (reference: 512). */
  maxTokens?: number;
  /** Added to each qualifying response (reference: 0.2). */
  bonus?: number;
}

export const LENGTH_DEFAULTS: Required<LengthOptions> = { minTokens: 320, maxTokens: 512, bonus: 0.2 };

/**
 * Per-response length bonus: `bonus` for each response with accuracy > 0.1 (float32, see
 * `passesAccuracyMask`) and length in [minTokens, maxTokens], provided at least two responses of
 * the group pass the accuracy mask; 0 otherwise.
 */
export function lengthBonuses(
  accuracies: readonly number[],
  lengths: readonly number[],
  options: LengthOptions = {},
): number[] {
  if (accuracies.length !== lengths.length) {
    throw new RangeError(`lengthBonuses: ${accuracies.length} accuracies but ${lengths.length} lengths`);
  }
  const {
    minTokens = LENGTH_DEFAULTS.minTokens,
    maxTokens = LENGTH_DEFAULTS.maxTokens,
    bonus = LENGTH_DEFAULTS.bonus,
  } = options;
  const passing = accuracies.map(passesAccuracyMask);
  if (passing.filter(Boolean).length <= 1) return accuracies.map(() => 0);
  return lengths.map((len, i) => (passing[i] && minTokens <= len && len <= maxTokens ? bonus : 0));
}
