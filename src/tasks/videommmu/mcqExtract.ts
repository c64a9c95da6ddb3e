/**
 * lmms-eval's current multiple-choice extractor, `extract_mcq_answer` in
 * lmms_eval/tasks/_task_utils/mcq_extract.py (commit 75571cfe, 2026-08-06), which today's
 * videommmu/utils.py `parse_multi_choice_response` calls with the item's letters; its empty
 * result becomes "No Answer Found." there (null here). Checked differentially against the Python
 * (test/tasks/videommmu/mcqExtract.diff.test.ts).
 *
 * Candidates are collected per format — `(A)`, `A.`, `A:`, `A)`, `A `, an answer phrase followed by
 * the letter, the text starting or ending with a standalone letter — each at the letter's last
 * occurrence (first after the phrase for phrases); with none, any occurrence of a letter is a
 * fallback. The highest-priority format wins, then the later position.
 *
 * Python semantics kept: positions are code-point indexes; the phrase is found in `text.lower()`
 * and its end used as an index into `text` (they differ where lower-casing changes a length, as
 * for U+0130); `str.isalpha` is Unicode letters; `strip()` is Python whitespace; a sort with
 * reverse=True keeps equal keys in insertion order.
 */
import { pyStrip } from '../../core/python.js';

const DEFAULT_CHOICES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

const ANSWER_PHRASES = [
  'the answer is',
  'answer is',
  'the correct answer is',
  'correct answer is',
  'the best answer is',
  'best answer is',
  'the correct option is',
  'correct option is',
  'the best option is',
  'best option is',
  'the choice is',
  'choice is',
  'the correct choice is',
  'correct choice is',
  'i choose',
  'i select',
  'i pick',
  'my answer is',
  'my choice is',
  '옵션',
  '정답은',
  '답은',
  '답:',
  '答案是',
  '答案为',
  '选',
  '答えは',
];

const PRIORITY = {
  start: 10,
  end: 9,
  phrase: 7,
  parentheses: 6,
  period: 5,
  colon: 4,
  right_paren: 3,
  space: 2,
  fallback: 0,
} as const;
type Format = keyof typeof PRIORITY;

/** A string as Python sees it: code points, with find/rfind/`in` over them. */
class PyStr {
  readonly cps: string[];
  readonly s: string;
  /** UTF-16 offset of each code point, plus the end. */
  private readonly u16: number[];
  constructor(s: string) {
    this.s = s;
    this.cps = Array.from(s);
    this.u16 = [0];
    for (const c of this.cps) this.u16.push((this.u16[this.u16.length - 1] as number) + c.length);
  }
  get length(): number {
    return this.cps.length;
  }
  private toCp(u: number): number {
    // Binary search: u16 is strictly increasing.
    let lo = 0;
    let hi = this.u16.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.u16[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  has(sub: string): boolean {
    return this.s.includes(sub);
  }
  find(sub: string, start = 0): number {
    if (start > this.length) return -1;
    const i = this.s.indexOf(sub, this.u16[start]);
    return i < 0 ? -1 : this.toCp(i);
  }
  rfind(sub: string): number {
    const i = this.s.lastIndexOf(sub);
    return i < 0 ? -1 : this.toCp(i);
  }
}

/** Python `s.strip(ch)` for one character. */
function stripChar(s: string, ch: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === ch) a++;
  while (b > a && s[b - 1] === ch) b--;
  return s.slice(a, b);
}

const isAlpha = (c: string | undefined): boolean => c !== undefined && /^\p{L}$/u.test(c);

/** `extract_mcq_answer(response, choices)`: the chosen letter, or null where the reference returns "". */
export function extractMcqAnswer(response: string, choices?: readonly string[]): string | null {
  if (!response || !pyStrip(response)) return null;
  const all = choices && choices.length > 0 ? choices : DEFAULT_CHOICES;
  let t = pyStrip(response);
  for (const ch of [',', '.', '!', '?', ';', ':', "'", '"']) t = stripChar(t, ch);
  const text = new PyStr(` ${t} `);
  const cands: { ch: string; pos: number; fmt: Format }[] = [];
  const byPattern = (fmt: Format, pat: (ch: string) => string): void => {
    for (const ch of all) if (text.has(pat(ch))) cands.push({ ch, pos: text.rfind(pat(ch)), fmt });
  };
  byPattern('parentheses', (c) => `(${c})`);
  byPattern('period', (c) => `${c}.`);
  byPattern('colon', (c) => `${c}:`);
  byPattern('right_paren', (c) => `${c})`);
  byPattern('space', (c) => `${c} `);

  const lower = new PyStr(text.s.toLowerCase());
  for (const phrase of ANSWER_PHRASES) {
    const idx = lower.find(phrase);
    if (idx === -1) continue;
    const after = idx + Array.from(phrase).length;
    for (const ch of all) {
      const pos = text.find(ch, after);
      if (pos !== -1) cands.push({ ch, pos, fmt: 'phrase' });
    }
  }

  const stripped = Array.from(pyStrip(text.s));
  const strippedStr = stripped.join('');
  for (const ch of all) {
    if (strippedStr.startsWith(ch) && (stripped.length === 1 || !isAlpha(stripped[1])))
      cands.push({ ch, pos: 0, fmt: 'start' });
  }
  for (const ch of all) {
    if (strippedStr.endsWith(ch) && (stripped.length === 1 || !isAlpha(stripped[stripped.length - 2])))
      cands.push({ ch, pos: text.length - 1, fmt: 'end' });
  }

  if (cands.length === 0) {
    for (const ch of all) if (text.has(ch)) cands.push({ ch, pos: text.rfind(ch), fmt: 'fallback' });
  }
  if (cands.length === 0) return null;
  const order = cands.map((c, i) => ({ ...c, i }));
  order.sort((a, b) => PRIORITY[b.fmt] - PRIORITY[a.fmt] || b.pos - a.pos || a.i - b.i);
  return (order[0] as { ch: string }).ch;
}
