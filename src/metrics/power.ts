/**
 * Power for paired comparisons of two runs on the same questions (normal approximation to the
 * paired test of the mean difference): how many questions detect a difference δ with a given
 * power at level α, and the smallest difference a run of n questions could detect.
 *   n = ((z_{1−α/2} + z_{power}) · σ_d / δ)²,   δ_min = (z_{1−α/2} + z_{power}) · σ_d / √n
 * σ_d is the per-question standard deviation of B − A: measured from two finished runs, or for one
 * run σ_d = √(2 σ² (1 − ρ)) with an assumed correlation ρ between the two models' per-question scores,
 * σ² the variance of one run's per-question scores (p (1 − p) for right/wrong verdicts).
 * The unit is the question: a `--samples N` run's N answers to one question are one observation,
 * the question's mean score (its samples are not independent questions).
 */

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile of ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

export interface PowerOptions {
  /** Two-sided level; default 0.05. */
  alpha?: number;
  /** Default 0.8. */
  power?: number;
}

const zSum = (o: PowerOptions): number => normalQuantile(1 - (o.alpha ?? 0.05) / 2) + normalQuantile(o.power ?? 0.8);

/** Questions needed to detect a paired mean difference `delta` (absolute, e.g. 0.03 = 3 points). */
export function pairedSampleSize(sdDiff: number, delta: number, o: PowerOptions = {}): number {
  if (!(delta > 0)) throw new RangeError('delta must be > 0');
  return Math.ceil(((zSum(o) * sdDiff) / delta) ** 2);
}

/** The smallest paired difference n questions detect with the given power. */
export function minDetectableDifference(sdDiff: number, n: number, o: PowerOptions = {}): number {
  return (zSum(o) * sdDiff) / Math.sqrt(n);
}

/** σ_d of one question's B − A for two models of accuracy p whose verdicts correlate ρ. */
export const sdDiffFromAccuracy = (p: number, rho: number): number => Math.sqrt(2 * p * (1 - p) * (1 - rho));

/** Sample standard deviation (n − 1). */
export function sampleSd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / n;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
}

/** Population variance (n denominator): p (1 − p) for 0/1 values of mean p. */
export function populationVariance(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / n;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / n;
}

/** One scored answer: `question` names the question (its samples share it), `score` is 0–1. */
export interface QuestionScore {
  question: string;
  score: number;
}

/** Each question's mean score over its answers (its `--samples`), in first-seen order. */
export function questionMeans(rows: readonly QuestionScore[]): Map<string, { mean: number; answers: number }> {
  const sums = new Map<string, { sum: number; answers: number }>();
  for (const r of rows) {
    const q = sums.get(r.question);
    if (q) {
      q.sum += r.score;
      q.answers++;
    } else sums.set(r.question, { sum: r.score, answers: 1 });
  }
  return new Map([...sums].map(([k, v]) => [k, { mean: v.sum / v.answers, answers: v.answers }]));
}

/** Per-question differences B − A of mean scores, over the questions both runs answered. */
export function pairedQuestionDiffs(
  a: readonly QuestionScore[],
  b: readonly QuestionScore[],
): { question: string; a: number; b: number; diff: number }[] {
  const ma = questionMeans(a);
  const mb = questionMeans(b);
  const out: { question: string; a: number; b: number; diff: number }[] = [];
  for (const [q, x] of ma) {
    const y = mb.get(q);
    if (y) out.push({ question: q, a: x.mean, b: y.mean, diff: y.mean - x.mean });
  }
  return out;
}
