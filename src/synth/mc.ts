/**
 * Multiple-choice construction. Two properties keep the options from leaking the answer:
 * - distractors are drawn from the same prior as the answer (the caller's `alternative` solves the
 *   same question under a freshly drawn rule), so option texts carry no signal about which is gold;
 * - the gold position comes from a dealer that deals every letter once per round, so letters are
 *   balanced across the dataset and "always answer C" sits at chance.
 */
import { shuffled } from '../core/rng.js';
import type { Rand } from './random.js';

export const LETTERS = 'ABCDEFGHIJ';

export class LetterDealer {
  private decks = new Map<string, number[]>();
  constructor(private readonly rand: Rand) {}

  /** Next gold index for a question with n options, balanced per (group, n). */
  deal(group: string, n: number): number {
    const key = `${group}|${n}`;
    let deck = this.decks.get(key);
    if (!deck || deck.length === 0) {
      deck = shuffled(
        Array.from({ length: n }, (_, i) => i),
        this.rand,
      );
      this.decks.set(key, deck);
    }
    return deck.pop() as number;
  }
}

export interface McOptions {
  options: string[];
  /** The gold letter. */
  answer: string;
}

/**
 * Up to `n` options: the gold plus distinct draws of `alternative` (up to 400 tries). When the
 * prior is too narrow to fill n, fewer are used (never below `min`; a family's prior must allow
 * that). `deal(count)` picks the gold's index once the count is known, so narrow priors do not
 * skew the letter balance.
 */
export function buildOptions(
  gold: string,
  alternative: () => string,
  n: number,
  deal: (count: number) => number,
  rand: Rand,
  min = 4,
): McOptions {
  const seen = new Set([gold]);
  const others: string[] = [];
  for (let tries = 0; others.length < n - 1 && tries < 400; tries++) {
    const v = alternative();
    if (!seen.has(v)) {
      seen.add(v);
      others.push(v);
    }
  }
  if (others.length + 1 < min) throw new RangeError(`only ${others.length + 1} distinct options for gold '${gold}'`);
  const mixed = shuffled(others, rand);
  const pos = deal(mixed.length + 1);
  mixed.splice(pos, 0, gold);
  return { options: mixed, answer: LETTERS[pos] as string };
}
