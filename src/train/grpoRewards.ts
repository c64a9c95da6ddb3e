/**
 * The rewards of one GRPO / T-GRPO group, assembled from the rewards library exactly as SPEC §2
 * (and Video-R1's trainer) does: accuracy by problem type + format (+ the length bonus under
 * `len_control`) (+ the temporal bonus for a video under T-GRPO), then advantages normalised over
 * the ordered group. The shuffled-frame responses only decide the temporal bonus: p = mean
 * accuracy of the ordered group, p̃ of the shuffled group, per prompt group; when p ≥ μ·p̃ every
 * ordered response with accuracy > 0.1 gets +α. Images get no temporal term.
 */
import { groupRewards, rewardList, type ProblemType, type ResponseRewards } from '../rewards/index.js';

export interface GroupRewardOptions {
  /** T-GRPO: compare with the shuffled responses (video groups only). */
  temporal: boolean;
  mu: number;
  alpha: number;
  /** Video-R1's len_control: +0.2 for answers of 320–512 tokens when more than one is right. */
  lenControl: boolean;
  /** Reward names from the registry (default Video-R1's: accuracy, temporal, format, length) and their weights. */
  rewards?: readonly string[];
  rewardWeights?: readonly number[];
}

export interface GroupInputs {
  problemType: ProblemType;
  solution: string;
  video: boolean;
  /** Texts of the ordered-frame (or image) responses. */
  ordered: readonly string[];
  /** Completion lengths in tokens (the closing EOS included), one per ordered response. */
  lengths: readonly number[];
  /** Texts of the shuffled-frame responses; null when none were sampled. */
  shuffled: readonly string[] | null;
}

export interface GroupScore {
  responses: ResponseRewards[];
  /** Whether the group took part in the temporal comparison (a video under T-GRPO). */
  compared: boolean;
  /** Mean accuracy of the ordered responses. */
  p: number;
  /** Mean accuracy of the shuffled responses (null when not compared). */
  pShuffled: number | null;
  /** p ≥ μ·p̃ held. */
  applied: boolean;
  /** Some ordered response received the bonus. */
  earned: boolean;
}

export function scoreGroup(g: GroupInputs, o: GroupRewardOptions): GroupScore {
  const compared = o.temporal && g.video && g.shuffled !== null;
  const r = groupRewards(
    {
      problemType: g.problemType,
      solution: g.solution,
      responses: g.ordered,
      ...(compared ? { shuffledResponses: g.shuffled! } : {}),
      ...(o.lenControl ? { completionLengths: g.lengths } : {}),
      temporal: { mu: o.mu, alpha: o.alpha },
    },
    o.rewards || o.rewardWeights ? rewardList(o.rewards, o.rewardWeights) : undefined,
  );
  const p = mean(r.responses.map((x) => x.accuracy));
  return {
    responses: r.responses,
    compared,
    p,
    pShuffled: r.temporal?.pShuffled ?? null,
    applied: r.temporal?.applied ?? false,
    earned: r.responses.some((x) => x.temporal > 0),
  };
}

export interface StepRewardStats {
  /** Means over every ordered response of the step. */
  reward: { accuracy: number; format: number; length: number; temporal: number; total: number };
  /** Share of groups whose totals are all equal (advantage 0: no learning signal). */
  zeroStdShare: number;
  /** Over the groups that took part in the temporal comparison (null when there were none). */
  temporal: {
    groups: number;
    accuracyOrdered: number | null;
    accuracyShuffled: number | null;
    bonusShare: number | null;
    appliedShare: number | null;
  };
}

export function stepRewardStats(groups: readonly GroupScore[]): StepRewardStats {
  const all = groups.flatMap((g) => g.responses);
  const compared = groups.filter((g) => g.compared);
  const orNull = (xs: number[]) => (xs.length ? mean(xs) : null);
  return {
    reward: {
      accuracy: mean(all.map((x) => x.accuracy)),
      format: mean(all.map((x) => x.format)),
      length: mean(all.map((x) => x.length)),
      temporal: mean(all.map((x) => x.temporal)),
      total: mean(all.map((x) => x.total)),
    },
    zeroStdShare: mean(groups.map((g) => (g.responses.every((x) => x.total === g.responses[0]!.total) ? 1 : 0))),
    temporal: {
      groups: compared.length,
      accuracyOrdered: orNull(compared.map((g) => g.p)),
      accuracyShuffled: orNull(compared.map((g) => g.pShuffled!)),
      bonusShare: orNull(compared.map((g) => (g.earned ? 1 : 0))),
      appliedShare: orNull(compared.map((g) => (g.applied ? 1 : 0))),
    },
  };
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : 0;
}
