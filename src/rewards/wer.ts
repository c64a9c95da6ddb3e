/**
 * Word error rate as Video-R1's OCR reward computes it: `wer` inside `accuracy_reward` in
 * src/r1-v/src/open_r1/grpo.py (lines 83-99). Words come from Python's `str.split()` and are
 * compared exactly (no case or punctuation normalisation); the rate is the word-level edit
 * distance over max(1, #reference words), so it exceeds 1 when the hypothesis is much longer.
 */
import { pySplit } from './answer.js';

/** Word-level Levenshtein distance over max(1, number of reference words). */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = pySplit(reference);
  const hyp = pySplit(hypothesis);
  return editDistance(ref, hyp) / Math.max(1, ref.length);
}

/**
 * The reference's full (m+1)x(n+1) table, kept as two rows. Same recurrence: a match copies the
 * diagonal, otherwise 1 + min(up, left, diagonal).
 */
function editDistance(ref: readonly string[], hyp: readonly string[]): number {
  const n = hyp.length;
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= ref.length; i++) {
    const word = ref[i - 1];
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      cur[j] = word === hyp[j - 1] ? prev[j - 1]! : 1 + Math.min(prev[j]!, cur[j - 1]!, prev[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}
