/**
 * Question-only guessers: answer from the question text and options alone, never the video. On
 * Adaptation the best of them must stay near chance, or the dataset leaks its answers. Each
 * guesser may look at the whole question set (frequency statistics), which only helps it.
 */
import { LETTERS } from './mc.js';

export interface GuessQuestion {
  question: string;
  options: readonly string[];
  /** Gold letter. */
  answer: string;
}

type Guesser = (q: GuessQuestion) => number;

const num = (s: string): number => Number(s);
const argBy = (xs: readonly string[], score: (s: string, i: number) => number): number => {
  let best = 0;
  xs.forEach((x, i) => {
    if (score(x, i) > score(xs[best] as string, best)) best = i;
  });
  return best;
};

function mostCommon<T>(xs: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: T | undefined;
  let n = 0;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  return best;
}

/** The guessers, fitted on the question set they will be scored on (an optimistic bound). */
export function guessers(qs: readonly GuessQuestion[]): Record<string, Guesser> {
  const freqLetter = mostCommon(qs.map((q) => q.answer)) ?? 'A';
  const optionCounts = new Map<string, number>();
  for (const q of qs) for (const o of q.options) optionCounts.set(o, (optionCounts.get(o) ?? 0) + 1);
  const numeric = (q: GuessQuestion): boolean => q.options.every((o) => Number.isFinite(num(o)));
  const sortedIdx = (q: GuessQuestion): number[] =>
    q.options.map((_, i) => i).sort((a, b) => num(q.options[a] as string) - num(q.options[b] as string));
  return {
    'frequent letter': (q) => Math.min(LETTERS.indexOf(freqLetter), q.options.length - 1),
    'longest option': (q) => argBy(q.options, (s) => s.length),
    'shortest option': (q) => argBy(q.options, (s) => -s.length),
    'most common option text': (q) => argBy(q.options, (s) => optionCounts.get(s) ?? 0),
    'median value': (q) => (numeric(q) ? (sortedIdx(q)[q.options.length >> 1] as number) : 0),
    'largest value': (q) => (numeric(q) ? (sortedIdx(q).at(-1) as number) : 0),
    'smallest value': (q) => (numeric(q) ? (sortedIdx(q)[0] as number) : 0),
    'option named in question': (q) => {
      const words = new Set(q.question.split(/[^A-Za-z0-9]+/));
      const i = q.options.findIndex((o) => words.has(o));
      return i < 0 ? 0 : i;
    },
  };
}

export interface LeakageReport {
  n: number;
  /** Expected accuracy of a uniform pick. */
  chance: number;
  accuracy: Record<string, number>;
  best: { guesser: string; accuracy: number };
}

export function leakage(qs: readonly GuessQuestion[]): LeakageReport {
  const chance = qs.length ? qs.reduce((s, q) => s + 1 / q.options.length, 0) / qs.length : 0;
  const accuracy: Record<string, number> = {};
  for (const [name, g] of Object.entries(guessers(qs)))
    accuracy[name] = qs.length ? qs.filter((q) => LETTERS[g(q)] === q.answer).length / qs.length : 0;
  const [guesser, acc] = Object.entries(accuracy).reduce((a, b) => (b[1] > a[1] ? b : a), ['none', 0]);
  return { n: qs.length, chance, accuracy, best: { guesser, accuracy: acc } };
}

/** Open questions: the best a question-only guesser does is the most frequent answer. */
export function openFrequentAccuracy(answers: readonly string[]): number {
  const top = mostCommon(answers);
  return answers.length ? answers.filter((a) => a === top).length / answers.length : 0;
}
