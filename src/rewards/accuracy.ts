/**
 * Video-R1's accuracy reward, per problem type, with the reference's exact outcomes.
 *
 * Training: `accuracy_reward` in src/r1-v/src/open_r1/grpo.py (lines 66-165).
 * Evaluation: `reward_fn` and `mean_relative_accuracy` in src/eval_bench.py (lines 142-187).
 *
 * Reference quirks mirrored on purpose:
 * - The answers are `extract_answer(completion)` and `extract_answer(solution)`: a solution without
 *   `<answer>` tags has the ground truth "" (there is no fallback for the solution, ever).
 * - numerical: 0 when exactly one of gt/pred contains '.' or ',' (a comma counts as a decimal
 *   mark, so "1,000" vs "1000" is 0); otherwise both are parsed by Python `float()` after
 *   removing every ',' and compared after `round(x, 2)` (half-even on the binary value).
 * - regression: an unparsable side falls through to arithmetic on None, whose TypeError the
 *   catch-all turns into 0. With NaN in play Python's `max(0.0, nan)` is 0.0, so a NaN relative
 *   difference (pred or gt "nan", or gt "inf") scores 1.0 — reproduced, not fixed.
 * - Any exception -> 0.0 (grpo.py line 151); an unknown problem type -> 0.0.
 * - The trainer passes `problem_type[0]`, the FIRST item's type, for the whole batch; here each
 *   call names its type (a GRPO group shares one prompt, hence one type).
 */
import { pyFloat as pythonFloat, pyRound, pyStrip } from '../core/python.js';
import { extractAnswer, extractAnswerOrText } from './answer.js';

/** Python's float() (src/core/python.ts), under the name this module has always exported. */
export { pythonFloat };
import { formatReward } from './format.js';
import { rougeMeanF } from './rouge.js';
import { wordErrorRate } from './wer.js';

export const PROBLEM_TYPES = ['multiple choice', 'numerical', 'OCR', 'free-form', 'regression'] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/**
 * The reference problem type for a dataset string: exact reference spellings, and the same up to
 * case, surrounding whitespace and ' ' / '_' / '-' separators ("Multiple_Choice", "ocr",
 * "free form"); null otherwise. The reward functions themselves compare exactly, as the
 * reference does, so normalise first when the data is not spelled the reference's way.
 */
export function normalizeProblemType(s: string): ProblemType | null {
  const key = pyStrip(s)
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  return PROBLEM_TYPES.find((t) => t.toLowerCase().replace('-', ' ') === key) ?? null;
}

/** `normalize_number`: `float(num_str.replace(',', ''))`, None (null) on failure. */
export function normalizeNumber(s: string): number | null {
  return pythonFloat(s.replaceAll(',', ''));
}

// ---------------------------------------------------------------------------------------------
// Per-type rewards on extracted answers
// ---------------------------------------------------------------------------------------------

/** Python's built-in `max(a, b)`: a unless b > a, so `max(0.0, nan)` is 0.0. */
function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

/** Python's built-in `min(a, b)`: a unless b < a. */
function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

export function multipleChoiceReward(pred: string, gt: string): number {
  return pyStrip(pred) === pyStrip(gt) ? 1 : 0;
}

function hasDecimalMark(s: string): boolean {
  return s.includes('.') || s.includes(',');
}

export function numericalReward(pred: string, gt: string): number {
  if (hasDecimalMark(gt) !== hasDecimalMark(pred)) return 0;
  const g = normalizeNumber(gt);
  const p = normalizeNumber(pred);
  if (g === null || p === null) return 0;
  return pyRound(g, 2) === pyRound(p, 2) ? 1 : 0;
}

/** `max(0.0, min(1.0, 1 - wer(gt, pred)))`. */
export function ocrReward(pred: string, gt: string): number {
  return pyMax(0, pyMin(1, 1 - wordErrorRate(gt, pred)));
}

/** `max(0.0, min(1.0, compute_rouge_score(gt, pred)))`. */
export function freeFormReward(pred: string, gt: string): number {
  return pyMax(0, pyMin(1, rougeMeanF(gt, pred)));
}

/** `1 - min(1.0, max(0.0, (|p - g| + 1e-9) / (|g| + 1e-9)))`; 0 when either side is unparsable. */
export function regressionReward(pred: string, gt: string): number {
  const g = normalizeNumber(gt);
  const p = normalizeNumber(pred);
  if (g === null || p === null) return 0;
  const relDiff = (Math.abs(p - g) + 1e-9) / (Math.abs(g) + 1e-9);
  return 1 - pyMin(1, pyMax(0, relDiff));
}

/** The training reward for already-extracted answers; 0 for an unknown problem type. */
export function accuracyFromAnswers(pred: string, gt: string, problemType: string): number {
  switch (problemType) {
    case 'multiple choice':
      return multipleChoiceReward(pred, gt);
    case 'numerical':
      return numericalReward(pred, gt);
    case 'OCR':
      return ocrReward(pred, gt);
    case 'free-form':
      return freeFormReward(pred, gt);
    case 'regression':
      return regressionReward(pred, gt);
    default:
      return 0;
  }
}

/** grpo.py `accuracy_reward` for one completion: in [0, 1], never throws. */
export function accuracyReward(response: string, solution: string, problemType: ProblemType | (string & {})): number {
  try {
    return accuracyFromAnswers(extractAnswer(response), extractAnswer(solution), problemType);
  } catch {
    return 0;
  }
}

export interface ScoreInput {
  /** The completion text. */
  response: string;
  /** The dataset's solution, e.g. "<answer>B</answer>". */
  solution: string;
  problemType: ProblemType | (string & {});
}

export interface ResponseScore {
  accuracy: number;
  format: number;
  /** The extracted answer ("" without an `<answer>` tag pair). */
  answer: string;
}

/** Both training rewards of one completion, plus the answer they judged. */
export function scoreResponse({ response, solution, problemType }: ScoreInput): ResponseScore {
  return {
    accuracy: accuracyReward(response, solution, problemType),
    format: formatReward(response),
    answer: extractAnswer(response),
  };
}

/**
 * The trainer's `rewards_per_func[:, 0] > 0.1` (who gets the length and temporal bonuses). The
 * rewards live in a float32 tensor and the 0.1 is cast to float32 too, so e.g. 0.1000000001
 * does NOT pass.
 */
export function passesAccuracyMask(accuracy: number): boolean {
  return Math.fround(accuracy) > Math.fround(0.1);
}

// ---------------------------------------------------------------------------------------------
// Evaluation (eval_bench.py)
// ---------------------------------------------------------------------------------------------

/** `torch.arange(0.5, 0.95 + 0.05 / 2, 0.05, dtype=torch.float32)`: float32(0.5 + k * 0.05) for k = 0..9. */
const MRA_THRESHOLDS = Array.from({ length: 10 }, (_, k) => Math.fround(0.5 + k * 0.05));
const MRA_EPSILON = Math.fround(1e-8);

/**
 * eval_bench.py `mean_relative_accuracy(pred, target)`: the fraction of θ ∈ {0.50, …, 0.95} with
 * |pred − target| / (|target| + 1e-8) < 1 − θ. Every step is float32 as in the reference's CPU
 * tensors (inputs cast to float32, then sub / abs / add / div / compare in float32; float64
 * arithmetic rounded once to float32 gives the float32 result for these operations), and the mean
 * is a float32: 7 of 10 returns 0.699999988079071, not 0.7. target 0 gives 1 for pred 0 and 0
 * otherwise; NaN or infinite inputs give 0.
 */
export function meanRelativeAccuracy(pred: number, target: number): number {
  const p = Math.fround(pred);
  const t = Math.fround(target);
  const relError = Math.fround(Math.abs(Math.fround(p - t)) / Math.fround(Math.abs(t) + MRA_EPSILON));
  const hits = MRA_THRESHOLDS.filter((theta) => relError < Math.fround(1 - theta)).length;
  return Math.fround(hits / MRA_THRESHOLDS.length);
}

/**
 * eval_bench.py `reward_fn(sample, model_output, problem_type)`: the prediction falls back to the
 * whole output when the extracted answer is ""; multiple choice and numerical as in training;
 * regression by `meanRelativeAccuracy`; every other type (OCR, free-form) scores 0 at
 * evaluation time.
 */
export function evalReward(response: string, solution: string, problemType: ProblemType | (string & {})): number {
  try {
    const pred = extractAnswerOrText(response);
    const gt = extractAnswer(solution);
    switch (problemType) {
      case 'multiple choice':
        return multipleChoiceReward(pred, gt);
      case 'numerical':
        return numericalReward(pred, gt);
      case 'regression': {
        const g = normalizeNumber(gt);
        const p = normalizeNumber(pred);
        return g === null || p === null ? 0 : meanRelativeAccuracy(p, g);
      }
      default:
        return 0;
    }
  } catch {
    return 0;
  }
}
