/**
 * Video-R1's format reward: `format_reward` in src/r1-v/src/open_r1/grpo.py (lines 168-173),
 * `1.0 if re.fullmatch(r"<think>.*?</think>\s*<answer>.*?</answer>", content, re.DOTALL) else 0.0`.
 */
import { isPyWhitespace } from './answer.js';

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';
const ANSWER_OPEN = '<answer>';
const ANSWER_CLOSE = '</answer>';

/**
 * 1 when the WHOLE response has the form `<think>A</think>WS<answer>B</answer>` for some A, B
 * (any text, newlines and tags included) and WS a run of Python whitespace, else 0.
 *
 * `fullmatch` backtracks through every way of splitting the text, so the response qualifies iff
 * it starts with `<think>`, ends with `</answer>`, and SOME `</think>` (not necessarily the
 * first) is followed by whitespace and an `<answer>` that ends before the final `</answer>`.
 * Scanning the `</think>` occurrences is linear, where a backtracking regex would be quadratic
 * on long responses with many tags.
 */
export function formatReward(response: string): number {
  if (!response.startsWith(THINK_OPEN) || !response.endsWith(ANSWER_CLOSE)) return 0;
  const lastOpenAllowed = response.length - ANSWER_CLOSE.length - ANSWER_OPEN.length;
  for (let at = response.indexOf(THINK_CLOSE, THINK_OPEN.length); at >= 0; at = response.indexOf(THINK_CLOSE, at + 1)) {
    let k = at + THINK_CLOSE.length;
    while (k < response.length && isPyWhitespace(response.charCodeAt(k))) k++;
    // A later `</think>` starts after this whitespace run, so its `<answer>` could only be later still.
    if (k > lastOpenAllowed) return 0;
    if (response.startsWith(ANSWER_OPEN, k)) return 1;
  }
  return 0;
}
