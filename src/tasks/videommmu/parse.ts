/**
 * Video-MMMU answer parsing and scoring, ported from lmms-eval with the reference's outcomes
 * reproduced exactly (checked differentially against the Python, see
 * test/tasks/videommmu.parse.test.ts).
 *
 * Reference:
 * - multiple choice: `parse_videommmu_multi_choice_response` and `get_multi_choice_info` in
 *   lmms_eval/tasks/_task_utils/mmmu_mcq_utils.py. That is the task's own parser at release
 *   (`parse_multi_choice_response` in videommmu/utils.py of commit 74b6d95c, identical up to
 *   comments), kept in lmms-eval as the Video-MMMU parser. lmms-eval's current
 *   videommmu/utils.py calls a newer `extract_mcq_answer` instead; we deliberately follow the
 *   release parser, which is what published Video-MMMU numbers were produced with.
 * - open questions and judging: `parse_open_response`, `extract_numbers`, `check_is_number`,
 *   `normalize_str`, `eval_multi_choice`, `eval_open`, `evaluate_videommmu` in
 *   lmms_eval/tasks/videommmu/utils.py at 74b6d95c (unchanged at lmms-eval HEAD).
 *
 * Product decisions that intentionally differ from lmms-eval:
 * - An empty response (or the literal "API Error") makes the reference parsers return
 *   "API Error", and `videommmu_aggregate_results` then DROPS the item from the denominator.
 *   We keep it: it is scored WRONG and flagged `unparsed`.
 * - A multiple-choice response with no recognisable choice ("No Answer Found." in the
 *   reference, which counts as wrong there too) is WRONG and flagged `unparsed`.
 * - For open questions `unparsed` is only the empty-response / "API Error" case: otherwise the
 *   reference always yields some candidate list (possibly `[""]` for a whitespace-only
 *   response), and we record that list as it would.
 * - Were an open question's preds the reference's "API Error" string, `eval_open` would iterate
 *   its characters; that can never reach the reference's scoring (the item is dropped) and we
 *   simply treat it as wrong.
 *
 * Python semantics reproduced on purpose (see the helpers below):
 * - `str.strip()` / `str.split()` / `re` `\s` use Python's whitespace set (str.isspace), which
 *   is NOT JavaScript's: Python includes U+001C..U+001F and U+0085, JS `\s`/`trim()` include
 *   U+FEFF and Python does not.
 * - `re` `\d` and `\b` in `extract_numbers` are Unicode-aware in Python 3; we use `\p{Nd}` and a
 *   `\b` emulated over Python's `\w` (= `[\p{L}\p{N}_]`), and Python's `float()` accepts any
 *   Unicode decimal digit and Unicode whitespace, which `pyFloatLikePython` maps before calling
 *   `pyFloat`. These were checked code point by code point against Python 3.11 (Unicode 14):
 *   identical except for characters assigned after Unicode 14, which Node's newer ICU knows.
 *   The same check found `.lower()` === `toLowerCase()` (incl. final-sigma context) except
 *   for post-Unicode-14 characters.
 * - `len()` counts code points, not UTF-16 units (`cpLen`); `str.find`-style indexes are only
 *   compared with each other within one string, where UTF-16 offsets order the same way.
 * - `np.argmax` returns the first maximum; `round(x, 2)` is `pyRound`; `pred in norm_answers`
 *   compares float == float only (0.0 == -0.0, NaN never equal), never float == str.
 * - `list(set(...))`: order is arbitrary in Python and irrelevant to the verdict; we keep the
 *   first occurrence of each value (NaNs are all kept, as distinct NaN objects are in a set).
 */
import { pyFloat, pyRound, pySplit, pyStrip } from '../../core/python.js';

/** Recorded in run metadata; bump whenever parsing or judging outcomes could change. */
export const PARSER_VERSION = 'lmms-eval-videommmu-74b6d95c/mcq-release-parser/v1';

export interface McParse {
  kind: 'mc';
  /** The chosen letter; null = "No Answer Found." / "API Error" in the reference. */
  pred: string | null;
}

export interface OpenParse {
  kind: 'open';
  /**
   * Normalised candidates (lower-cased strings and numbers rounded to 2 places); null = "API Error" (empty response).
   */
  preds: Array<string | number> | null;
}

// ---------------------------------------------------------------------------------------------
// Python string primitives
// ---------------------------------------------------------------------------------------------

/** Python's whitespace as a regex class body (re's `\s` on str). */
const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Python `s.strip(ch)` for a single BMP character. */
function pyStripChar(s: string, ch: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === ch) a++;
  while (b > a && s[b - 1] === ch) b--;
  return s.slice(a, b);
}

/** `len(s.split())` in Python. */
const pySplitCount = (s: string): number => pySplit(s).length;

/** Python `len(s)`: code points, not UTF-16 units. */
function cpLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python `float(s)`, Unicode digits and whitespace included (src/core/python.ts). */
const pyFloatLikePython = pyFloat;

// ---------------------------------------------------------------------------------------------
// Multiple choice
// ---------------------------------------------------------------------------------------------

/** `get_multi_choice_info`: letters A, B, ... for the options, and letter -> option text. */
function multiChoiceInfo(options: string[]): { allChoices: string[]; index2ans: Map<string, string> } {
  const allChoices: string[] = [];
  const index2ans = new Map<string, string>();
  options.forEach((opt, i) => {
    const choice = String.fromCodePoint(0x41 + i);
    index2ans.set(choice, opt);
    allChoices.push(choice);
  });
  return { allChoices, index2ans };
}

/** `np.argmax`: index of the first maximum. */
function argmaxFirst(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

/**
 * `parse_videommmu_multi_choice_response(response, *get_multi_choice_info(options))`.
 * Plain substring tests on purpose: "DNA." contains "A.", so it is a period candidate for A.
 */
export function parseMultiChoice(response: string, options: string[]): McParse {
  if (response === 'API Error' || response === '') return { kind: 'mc', pred: null };
  const { allChoices, index2ans } = multiChoiceInfo(options);

  let r = response;
  for (const ch of [',', '.', '!', '?', ';', ':', "'"]) r = pyStripChar(r, ch);
  r = ` ${r} `;

  let indexAns = true;
  let ansWithBrack = false;
  let ansWithPeriod = false;
  let ansWithColon = false;
  const candidates: string[] = [];

  for (const c of allChoices) {
    if (r.includes(`${c}.`)) {
      candidates.push(c);
      ansWithPeriod = true;
    }
  }
  // Not guarded by `len(candidates) == 0` in the reference: "A." and "A:" both push A.
  for (const c of allChoices) {
    if (r.includes(`${c}:`)) {
      candidates.push(c);
      ansWithColon = true;
    }
  }
  if (candidates.length === 0) {
    for (const c of allChoices) {
      if (r.includes(`(${c})`)) {
        candidates.push(c);
        ansWithBrack = true;
      }
    }
  }
  if (candidates.length === 0) {
    for (const c of allChoices) if (r.includes(`${c} `)) candidates.push(c);
  }
  if (candidates.length === 0 && pySplitCount(r) > 5) {
    const rl = r.toLowerCase();
    for (const [index, ans] of index2ans) {
      if (rl.includes(ans.toLowerCase())) {
        candidates.push(index);
        indexAns = false;
      }
    }
  }

  if (candidates.length === 0) return { kind: 'mc', pred: null }; // "No Answer Found."
  if (candidates.length === 1) return { kind: 'mc', pred: candidates[0]! };

  let starts: number[];
  if (indexAns) {
    const pat = ansWithPeriod
      ? (c: string) => `${c}.`
      : ansWithColon
        ? (c: string) => `${c}:`
        : ansWithBrack
          ? (c: string) => `(${c})`
          : (c: string) => ` ${c} `;
    starts = candidates.map((c) => r.lastIndexOf(pat(c)));
  } else {
    const rl = r.toLowerCase();
    starts = candidates.map((c) => rl.lastIndexOf(index2ans.get(c)!.toLowerCase()));
  }
  return { kind: 'mc', pred: candidates[argmaxFirst(starts)]! };
}

// ---------------------------------------------------------------------------------------------
// Open questions
// ---------------------------------------------------------------------------------------------

/** Python `\w` on str (checked against Python 3.11): letters, numbers, underscore. */
const W = '[\\p{L}\\p{N}_]';
/** Python's Unicode `\b` (JS `\b` is ASCII-only even with the u flag). */
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const D = '\\p{Nd}';
const PATTERN_COMMAS = new RegExp(`-?${B}${D}{1,3}(?:,${D}{3})+${B}`, 'gu');
const PATTERN_SCIENTIFIC = new RegExp(`-?${D}+(?:\\.${D}+)?[eE][+-]?${D}+`, 'gu');
const PATTERN_SIMPLE = new RegExp(`-?(?:${D}+\\.${D}+|\\.${D}+|${D}+${B})(?![eE][+-]?${D}+)(?![,${D}])`, 'gu');

/**
 * `extract_numbers`: comma-grouped numbers, then scientific notation, then simple numbers (as found, duplicates kept).
 */
export function extractNumbers(s: string): string[] {
  const all = (re: RegExp) => Array.from(s.matchAll(re), (m) => m[0]);
  return [...all(PATTERN_COMMAS), ...all(PATTERN_SCIENTIFIC), ...all(PATTERN_SIMPLE)];
}

/**
 * `normalize_str`: strip; if `float(s.replace(",", ""))` parses, `[round(float, 2)]`; otherwise
 * lower-case, and a single character c becomes `[" " + c, c + " "]` (avoids trivial matches).
 */
export function normalizeAnswer(s: string): Array<string | number> {
  const t = pyStrip(s);
  const f = pyFloatLikePython(t.replaceAll(',', ''));
  if (f !== null) return [pyRound(f, 2)];
  const l = t.toLowerCase();
  if (cpLen(l) === 1) return [` ${l}`, `${l} `];
  return [l];
}

const INDICATORS = [
  'could be ',
  'so ',
  'is ',
  'thus ',
  'therefore ',
  'final ',
  'answer ',
  'result ',
  'are ',
  'in total ',
  'total ',
  'identify ',
  'recognize ',
  'calculated as ',
  'counted as ',
  'measured as ',
  'observed as ',
  'concluded as ',
  'found to be ',
  'equals ',
  'determined to be ',
  'number of ',
  'value is ',
  'adds up to ',
  'have ',
  'has ',
];
const TRIVIAL = new Set([':', ',', '.', '!', '?', ';', "'"]);
/**
 * The reference's `re.split(r"\.\s(?=[A-Z])|\n", ...)`. It runs on an already lower-cased
 * string, so the first alternative can never match (lower() leaves no ASCII capitals) and this
 * is in effect a split on "\n"; kept verbatim (with Python's `\s`) for fidelity.
 */
const SUB_SPLIT = new RegExp(`\\.[${PY_WS}](?=[A-Z])|\\n`, 'u');

function keySubresponses(response: string): string[] {
  const resp0 = pyStripChar(pyStrip(response), '.').toLowerCase();
  const subs = resp0.split(SUB_SPLIT);
  const indicators = [...INDICATORS];
  const keys: string[] = [];
  subs.forEach((resp, index) => {
    // Only the last sub-response also accepts an equation.
    if (index === subs.length - 1) indicators.push('=');
    let shortest: string | null = null;
    for (const ind of indicators) {
      if (!resp.includes(ind)) continue;
      // Python `resp.split(ind)[-1]`: JS split on a string also scans left to right, non-overlapping.
      const parts = resp.split(ind);
      const tail = pyStrip(parts[parts.length - 1]!);
      // `if not shortest_key_response`: None and "" are both falsy, so "" is replaced.
      if (!shortest) shortest = tail;
      else if (cpLen(tail) < cpLen(shortest)) shortest = tail;
    }
    if (shortest && !TRIVIAL.has(pyStrip(shortest))) keys.push(shortest);
  });
  return keys.length === 0 ? [resp0] : keys;
}

/** `parse_open_response`: key sub-responses plus the numbers in them, normalised, de-duplicated. */
export function parseOpen(response: string): OpenParse {
  if (response === 'API Error' || response === '') return { kind: 'open', preds: null };
  const keys = keySubresponses(response);
  const predList: string[] = [...keys];
  for (const k of keys) predList.push(...extractNumbers(k));
  const out: Array<string | number> = [];
  for (const p of predList) {
    for (const v of normalizeAnswer(p)) {
      // set() semantics: str == str, float == float (0.0 == -0.0; NaN != NaN), never str == float.
      if (!out.some((o) => o === v)) out.push(v);
    }
  }
  return { kind: 'open', preds: out };
}

// ---------------------------------------------------------------------------------------------
// Judging
// ---------------------------------------------------------------------------------------------

/** `eval_multi_choice`: exact equality with the gold (or any gold of a list). Unparsed is wrong. */
export function isCorrectMultiChoice(gold: string | string[], pred: string | null): boolean {
  if (pred === null) return false;
  return Array.isArray(gold) ? gold.some((g) => g === pred) : gold === pred;
}

/**
 * `eval_open`: a string pred is correct when some normalised string gold is a substring of it;
 * a numeric pred when it equals some numeric normalised gold. Unparsed (null) is wrong.
 */
export function isCorrectOpen(gold: string | string[], preds: Array<string | number> | null): boolean {
  if (preds === null) return false;
  const norm: Array<string | number> = Array.isArray(gold)
    ? gold.flatMap((g) => normalizeAnswer(g))
    : normalizeAnswer(gold);
  for (const pred of preds) {
    if (typeof pred === 'string') {
      if (norm.some((n) => typeof n === 'string' && pred.includes(n))) return true;
    } else if (norm.some((n) => typeof n === 'number' && n === pred)) {
      return true;
    }
  }
  return false;
}

/**
 * Parse then judge one item. `parsed` is what we record; `unparsed` is true exactly when the
 * reference would return "No Answer Found." or "API Error" (such items are always wrong here).
 */
export function scoreVideoMMMU(
  questionType: 'multiple-choice' | 'open',
  response: string,
  options: string[],
  gold: string | string[],
): { parsed: string | Array<string | number> | null; correct: boolean; unparsed: boolean } {
  if (questionType === 'multiple-choice') {
    const { pred } = parseMultiChoice(response, options);
    return { parsed: pred, correct: isCorrectMultiChoice(gold, pred), unparsed: pred === null };
  }
  const { preds } = parseOpen(response);
  return { parsed: preds, correct: isCorrectOpen(gold, preds), unparsed: preds === null };
}
