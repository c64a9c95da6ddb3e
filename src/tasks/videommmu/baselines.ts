/** A question as the baselines see it: its type, option count and gold answer. */
export interface BaselineQuestion {
  questionType: 'multiple-choice' | 'open';
  options: readonly string[];
  answer: string | readonly string[];
}

export interface Baselines {
  /** Expected accuracy of a uniform random option pick (open questions score 0). */
  random: number | null;
  /** Accuracy of always answering the most frequent gold answer (letter for MC, text for open). */
  frequent: number | null;
  frequent_choice: { 'multiple-choice': string | null; open: string | null };
}

const first = (a: string | readonly string[]): string => (typeof a === 'string' ? a : (a[0] ?? '')).trim();
const golds = (a: string | readonly string[]): string[] => (typeof a === 'string' ? [a] : [...a]).map((g) => g.trim());

/** Random-choice and frequent-choice baselines, computed from the questions themselves (as MMMU does). */
export function baselines(qs: readonly BaselineQuestion[]): Baselines {
  if (qs.length === 0)
    return { random: null, frequent: null, frequent_choice: { 'multiple-choice': null, open: null } };
  let random = 0;
  for (const q of qs)
    if (q.questionType === 'multiple-choice' && q.options.length) random += golds(q.answer).length / q.options.length;
  const mc = mostFrequent(qs.filter((q) => q.questionType === 'multiple-choice').map((q) => first(q.answer)));
  const open = mostFrequent(qs.filter((q) => q.questionType === 'open').map((q) => first(q.answer).toLowerCase()));
  let hits = 0;
  for (const q of qs) {
    const guess = q.questionType === 'multiple-choice' ? mc : open;
    if (guess !== null && golds(q.answer).some((g) => (q.questionType === 'open' ? g.toLowerCase() : g) === guess))
      hits++;
  }
  return { random: random / qs.length, frequent: hits / qs.length, frequent_choice: { 'multiple-choice': mc, open } };
}

/** Most frequent value; ties go to the one that sorts first, so the result is deterministic. */
function mostFrequent(xs: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: string | null = null;
  let bestN = 0;
  for (const [k, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n > bestN) {
      best = k;
      bestN = n;
    }
  }
  return best;
}
