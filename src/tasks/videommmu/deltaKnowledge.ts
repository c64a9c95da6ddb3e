import { bootstrapCI, type CI95 } from '../../metrics/bootstrap.js';
import { clusterBootstrap } from '../../metrics/cluster.js';

/** One Adaptation question asked without (before) and with (after) the lecture video. */
export interface PairedOutcome {
  before: boolean;
  after: boolean;
}

export interface DeltaKnowledge {
  /** Δknowledge in percent: (Acc_after − Acc_before) / (100% − Acc_before) × 100%. */
  value: number | null;
  acc_before: number | null;
  acc_after: number | null;
  /** Share of before-wrong questions answered right after the video. */
  wrong_to_right: number | null;
  /** Share of before-right questions answered wrong after the video. */
  right_to_wrong: number | null;
  /** Counts of the 2×2 transition matrix. */
  transitions: { wrong_to_right: number; wrong_to_wrong: number; right_to_right: number; right_to_wrong: number };
  n: number;
  ci95: CI95 | null;
}

/** Video-MMMU's knowledge-gain metric; null where it is undefined (no pairs, or Acc_before = 100%). */
export function deltaKnowledgeValue(accBefore: number, accAfter: number): number | null {
  if (accBefore >= 1) return null;
  return ((accAfter - accBefore) / (1 - accBefore)) * 100;
}

export function deltaKnowledge(pairs: readonly PairedOutcome[], seed = 0): DeltaKnowledge {
  const t = { wrong_to_right: 0, wrong_to_wrong: 0, right_to_right: 0, right_to_wrong: 0 };
  for (const p of pairs) {
    if (p.before) p.after ? t.right_to_right++ : t.right_to_wrong++;
    else p.after ? t.wrong_to_right++ : t.wrong_to_wrong++;
  }
  const n = pairs.length;
  if (n === 0)
    return {
      value: null,
      acc_before: null,
      acc_after: null,
      wrong_to_right: null,
      right_to_wrong: null,
      transitions: t,
      n,
      ci95: null,
    };
  const before = (t.right_to_right + t.right_to_wrong) / n;
  const after = (t.right_to_right + t.wrong_to_right) / n;
  const wrongBefore = t.wrong_to_right + t.wrong_to_wrong;
  const rightBefore = t.right_to_right + t.right_to_wrong;
  // Paired bootstrap: resample questions, keeping each question's before/after together.
  const ci95 = bootstrapCI(n, (idx) => deltaKnowledgeOf(pairs, idx), { seed });
  return {
    value: deltaKnowledgeValue(before, after),
    acc_before: before,
    acc_after: after,
    wrong_to_right: wrongBefore ? t.wrong_to_right / wrongBefore : null,
    right_to_wrong: rightBefore ? t.right_to_wrong / rightBefore : null,
    transitions: t,
    n,
    ci95,
  };
}

/** Δknowledge of the questions at `idx` (a bootstrap resample): each question's before/after kept together. */
function deltaKnowledgeOf(pairs: readonly PairedOutcome[], idx: ArrayLike<number> & Iterable<number>): number | null {
  let before = 0;
  let after = 0;
  for (const i of idx) {
    const p = pairs[i] as PairedOutcome;
    before += p.before ? 1 : 0;
    after += p.after ? 1 : 0;
  }
  return deltaKnowledgeValue(before / idx.length, after / idx.length);
}

/** Δknowledge's uncertainty with questions clustered by video (and a question's samples together). */
export interface DeltaKnowledgeClustered {
  clusters: number;
  /** Cluster bootstrap 95% CI, in percent like Δknowledge. */
  cluster_ci95: CI95 | null;
  /** Standard deviation of the cluster-bootstrap Δknowledge (the clustered bootstrap SE), in percent. */
  cluster_se: number | null;
}

export function deltaKnowledgeClustered(
  pairs: readonly (PairedOutcome & { cluster: string })[],
  seed = 0,
): DeltaKnowledgeClustered {
  const b = clusterBootstrap(
    pairs.map((p) => p.cluster),
    (idx) => deltaKnowledgeOf(pairs, idx),
    { seed },
  );
  return {
    clusters: new Set(pairs.map((p) => p.cluster)).size,
    cluster_ci95: b?.ci95 ?? null,
    cluster_se: b?.se ?? null,
  };
}
