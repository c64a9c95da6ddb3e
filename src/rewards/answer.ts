/**
 * Answer extraction as Video-R1 does it, plus the Python string primitives the rewards rely on.
 *
 * Reference: `extract_answer` in src/r1-v/src/open_r1/grpo.py (lines 68-73, training) and
 * src/eval_bench.py (lines 128-133, identical; lines 161-163 add the whole-output fallback).
 *
 * Python semantics reproduced on purpose: `str.strip()`, `str.split()` and `re`'s `\s` use
 * Python's whitespace set (str.isspace), which is not JavaScript's: Python includes
 * U+001C..U+001F and U+0085, JavaScript's `\s` / `trim()` include U+FEFF and Python does not.
 */

export { isPyWhitespace, pySplit, pyStrip } from '../core/python.js';
import { pyStrip } from '../core/python.js';

const ANSWER_OPEN = '<answer>';
const ANSWER_CLOSE = '</answer>';

/**
 * `re.search(r'<answer>\s*(.*?)\s*</answer>', text, re.DOTALL).group(1).strip()`, "" without a
 * match. The leftmost `<answer>` that has any `</answer>` after it is the first `<answer>` of
 * the text, and the lazy group stops at the first `</answer>` after it (the whitespace around
 * the group is stripped anyway), so two index searches give exactly the regex's group: for
 * `<answer><answer>x</answer></answer>` that is `<answer>x`.
 */
export function extractAnswer(text: string): string {
  const open = text.indexOf(ANSWER_OPEN);
  if (open < 0) return '';
  const close = text.indexOf(ANSWER_CLOSE, open + ANSWER_OPEN.length);
  if (close < 0) return '';
  return pyStrip(text.slice(open + ANSWER_OPEN.length, close));
}

/**
 * eval_bench.py's prediction: the extracted answer, or the WHOLE raw output (unstripped) when
 * that is "" — which happens without a tag pair but also for an empty or whitespace-only
 * `<answer> </answer>` (the reference tests `output_ans == ''`, not whether the tag exists).
 */
export function extractAnswerOrText(text: string): string {
  const answer = extractAnswer(text);
  return answer === '' ? text : answer;
}
