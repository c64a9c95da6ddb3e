/**
 * ROUGE as Video-R1's free-form reward computes it: `compute_rouge_score` in
 * src/r1-v/src/open_r1/grpo.py (lines 102-106) builds
 * `rouge_scorer.RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True)` from the
 * `rouge_score` package (google-research/rouge) and averages the three F-measures.
 *
 * rouge_score details reproduced here (rouge/tokenize.py, rouge/rouge_scorer.py, rouge/scoring.py):
 * - tokenize: `text.lower()`, every run of characters outside [a-z0-9] becomes a space, split;
 *   so non-ASCII letters are separators ("café" -> "caf"), and only tokens LONGER than 3
 *   characters go through NLTK's PorterStemmer (default NLTK_EXTENSIONS mode, see porter.ts).
 * - rougeN: clipped n-gram overlap; precision = overlap / max(#prediction n-grams, 1),
 *   recall = overlap / max(#target n-grams, 1).
 * - rougeL: sentence-level LCS (not the newline-split summary-level rougeLsum); 0 when either
 *   side has no tokens.
 * - F = 2PR / (P + R), 0 when P + R = 0, evaluated in that operation order.
 */
import { porterStem } from './porter.js';

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

const TOKEN_RE = /[a-z0-9]+/g;

/** Stems of recent tokens (bounded): answers reuse a small vocabulary, so most tokens are stemmed once. */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

function cachedStem(token: string): string {
  let stem = stemCache.get(token);
  if (stem === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stem = porterStem(token);
    stemCache.set(token, stem);
  }
  return stem;
}

/** rouge_score's DefaultTokenizer(use_stemmer).tokenize(text). */
export function rougeTokenize(text: string, useStemmer = true): string[] {
  const tokens = text.toLowerCase().match(TOKEN_RE) ?? [];
  return useStemmer ? tokens.map((t) => (t.length > 3 ? cachedStem(t) : t)) : tokens;
}

/** `scoring.fmeasure`: `2 * precision * recall / (precision + recall)`, or 0. */
export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function score(precision: number, recall: number): RougeScore {
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Tokens are [a-z0-9]+, so a space-joined key cannot collide.
    let key = tokens[i]!;
    for (let k = 1; k < n; k++) key += ` ${tokens[i + k]!}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N between token lists (`_score_ngrams(_create_ngrams(target, n), _create_ngrams(prediction, n))`). */
export function rougeN(target: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const targetCounts = ngramCounts(target, n);
  const predictionCounts = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [gram, count] of targetCounts) overlap += Math.min(count, predictionCounts.get(gram) ?? 0);
  const targetTotal = Math.max(target.length - n + 1, 0);
  const predictionTotal = Math.max(prediction.length - n + 1, 0);
  return score(overlap / Math.max(predictionTotal, 1), overlap / Math.max(targetTotal, 1));
}

/** ROUGE-L between token lists (`_score_lcs`). */
export function rougeL(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(target, prediction);
  return score(lcs / prediction.length, lcs / target.length);
}

/** Length of the longest common subsequence (the reference's `_lcs_table`, kept as two rows). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (const x of a) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = x === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** `RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer).score(target, prediction)`. */
export function rougeScores(target: string, prediction: string, useStemmer = true): RougeScores {
  const t = rougeTokenize(target, useStemmer);
  const p = rougeTokenize(prediction, useStemmer);
  return { rouge1: rougeN(t, p, 1), rouge2: rougeN(t, p, 2), rougeL: rougeL(t, p) };
}

/** grpo.py's `compute_rouge_score(reference, hypothesis)`: the mean of the three F-measures, summed left to right. */
export function rougeMeanF(reference: string, hypothesis: string): number {
  const s = rougeScores(reference, hypothesis);
  return (s.rouge1.fmeasure + s.rouge2.fmeasure + s.rougeL.fmeasure) / 3;
}
