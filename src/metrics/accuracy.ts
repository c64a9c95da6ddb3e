import { proportionCI, type CI95 } from './bootstrap.js';

export interface AccuracyStat {
  accuracy: number | null;
  n: number;
  correct: number;
  ci95: CI95 | null;
}

export function accuracyOf(outcomes: readonly boolean[], seed = 0): AccuracyStat {
  const correct = outcomes.filter(Boolean).length;
  return {
    accuracy: outcomes.length ? correct / outcomes.length : null,
    n: outcomes.length,
    correct,
    ci95: proportionCI(outcomes, seed),
  };
}

/** Accuracy per group (track, discipline, question type …), groups in the order given. */
export function accuracyBy<T>(
  rows: readonly T[],
  group: (r: T) => string,
  correct: (r: T) => boolean,
  order?: readonly string[],
  seed = 0,
): Record<string, AccuracyStat> {
  const buckets = new Map<string, boolean[]>();
  for (const k of order ?? []) buckets.set(k, []);
  for (const r of rows) {
    const k = group(r);
    const b = buckets.get(k) ?? [];
    b.push(correct(r));
    buckets.set(k, b);
  }
  const out: Record<string, AccuracyStat> = {};
  for (const [k, b] of buckets) out[k] = accuracyOf(b, seed);
  return out;
}
