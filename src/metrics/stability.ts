/**
 * Stability of a model's answers when each question is asked N times (`vreason eval --samples N`,
 * sampling at a temperature above 0): how good the average sample is, how good the majority vote
 * is, and how much the answers to one question vary.
 */

/** One answered sample of one question. */
export interface SampleOutcome {
  /** The question (item and condition); samples of one question share it. */
  question: string;
  /** 0 … N−1. */
  sample: number;
  /** 0–1; 1 = correct. */
  score: number;
  /** The parsed answer as a comparable string (two samples agree when these are equal). */
  answer: string;
}

export interface StabilityStat {
  /** Questions with at least one answered sample. */
  questions: number;
  /** Answered samples over those questions. */
  answers: number;
  /** Questions with every one of the N samples answered. */
  complete: number;
  /** Mean over questions of the question's mean score over its samples. */
  expected_accuracy: number | null;
  /**
   * Share of questions whose most frequent answer is correct (its score, for fractional scores);
   * a tie goes to the tied answer given first (lowest sample index).
   */
  majority_accuracy: number | null;
  /**
   * Mean over questions with ≥ 2 samples of the variance of their scores (n − 1 denominator; unbiased for p(1 − p)).
   */
  within_variance: number | null;
  /** Share of questions with ≥ 2 samples whose answers all agree. */
  consistency: number | null;
}

/** The stability of a set of sampled answers; `samplesPerQuestion` is N. */
export function stabilityOf(rows: readonly SampleOutcome[], samplesPerQuestion: number): StabilityStat {
  const byQuestion = new Map<string, SampleOutcome[]>();
  for (const r of rows) {
    const q = byQuestion.get(r.question);
    if (q) q.push(r);
    else byQuestion.set(r.question, [r]);
  }
  let expected = 0;
  let majority = 0;
  let variance = 0;
  let consistent = 0;
  let multi = 0;
  let complete = 0;
  for (const qs of byQuestion.values()) {
    const s = [...qs].sort((a, b) => a.sample - b.sample);
    const k = s.length;
    if (new Set(s.map((x) => x.sample)).size >= samplesPerQuestion) complete++;
    const mean = s.reduce((a, x) => a + x.score, 0) / k;
    expected += mean;
    const votes = new Map<string, { count: number; score: number }>();
    for (const x of s) {
      const v = votes.get(x.answer);
      if (v) v.count++;
      else votes.set(x.answer, { count: 1, score: x.score });
    }
    // Map iteration follows first appearance, so `>` keeps the earliest of tied answers.
    let best: { count: number; score: number } | undefined;
    for (const v of votes.values()) if (!best || v.count > best.count) best = v;
    majority += best?.score ?? 0;
    if (k >= 2) {
      multi++;
      variance += s.reduce((a, x) => a + (x.score - mean) ** 2, 0) / (k - 1);
      if (votes.size === 1) consistent++;
    }
  }
  const n = byQuestion.size;
  return {
    questions: n,
    answers: rows.length,
    complete,
    expected_accuracy: n ? expected / n : null,
    majority_accuracy: n ? majority / n : null,
    within_variance: multi ? variance / multi : null,
    consistency: multi ? consistent / multi : null,
  };
}
