/**
 * Reasoning blocks (`<think>…</think>`, `<analysis>…</analysis>`) removed from an answer before it
 * is parsed, with lmms-eval's rules (lmms_eval/api/reasoning.py `strip_reasoning_tags` at commit
 * 75571cfe, applied by the evaluator to every response when `--reasoning_tags` is set, which is its
 * default):
 * - per tag pair, in order: while both tags occur, cut from the first opening tag to the first
 *   closing tag after it (tags included); stop when no closing tag follows the opening one;
 * - then, when a closing tag is left and no opening tag (the chat template prefilled `<think>`),
 *   keep only what follows the last closing tag;
 * - finally strip Python whitespace. Matching is case-sensitive.
 * lmms-eval passes an opening tag that never closes through untouched, so the thinking is parsed
 * as the answer. vreason reports such an answer `unparsed` by default (policy `unparsed`); the
 * policy `keep` reproduces lmms-eval.
 */
import { UsageError } from '../core/errors.js';
import { pyStrip } from '../core/python.js';

export type TagPair = readonly [string, string];

/** lmms-eval's CLI default `--reasoning_tags`. */
export const DEFAULT_REASONING_TAGS: readonly TagPair[] = [
  ['<think>', '</think>'],
  ['<analysis>', '</analysis>'],
];

/** What happens to an answer whose opening reasoning tag never closed. */
export type UnclosedPolicy = 'unparsed' | 'keep';
export const UNCLOSED_POLICIES: readonly UnclosedPolicy[] = ['unparsed', 'keep'];

export interface Stripped {
  /** The answer the parser sees. */
  answer: string;
  /** The removed reasoning, block by block, in the order removed. */
  thinking: string[];
  /** An opening tag is left with no closing tag after it. */
  unclosed: boolean;
}

/** `strip_reasoning_tags(text, tag_pairs)`, keeping what it removed. An empty pair list returns the text as is. */
export function stripReasoning(text: string, pairs: readonly TagPair[]): Stripped {
  if (pairs.length === 0) return { answer: text, thinking: [], unclosed: false };
  let result = text;
  const thinking: string[] = [];
  for (const [open, close] of pairs) {
    while (result.includes(open) && result.includes(close)) {
      const start = result.indexOf(open);
      const end = result.indexOf(close, start);
      if (end === -1) break;
      thinking.push(result.slice(start + open.length, end));
      result = result.slice(0, start) + result.slice(end + close.length);
    }
    if (result.includes(close) && !result.includes(open)) {
      const at = result.lastIndexOf(close);
      thinking.push(result.slice(0, at));
      result = result.slice(at + close.length);
    }
  }
  const unclosed = pairs.some(([open]) => result.includes(open));
  return { answer: pyStrip(result), thinking, unclosed };
}

/** Exactly lmms-eval's `strip_reasoning_tags` return value. */
export const stripReasoningTags = (text: string, pairs: readonly TagPair[]): string =>
  pairs.length === 0 ? text : stripReasoning(text, pairs).answer;

/**
 * `--reasoning-tags`: `none`; tag names (`think,analysis` → `<think>`/`</think>` …); or lmms-eval's
 * JSON form `[["<think>","</think>"],["<analysis>","</analysis>"]]`.
 */
export function parseReasoningTags(v: string): TagPair[] {
  const s = v.trim();
  if (s === 'none' || s === '') return [];
  let pairs: unknown;
  if (s.startsWith('[')) {
    try {
      pairs = JSON.parse(s);
    } catch {
      throw new UsageError(`--reasoning-tags: not valid JSON: ${s}`);
    }
  } else {
    pairs = s.split(',').map((name) => {
      const n = name.trim();
      if (!/^[A-Za-z][\w-]*$/.test(n)) throw new UsageError(`--reasoning-tags: '${n}' is not a tag name`);
      return [`<${n}>`, `</${n}>`];
    });
  }
  if (
    !Array.isArray(pairs) ||
    !pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((t) => typeof t === 'string' && t.length > 0))
  )
    throw new UsageError('--reasoning-tags expects none, tag names (think,analysis) or [["<open>","</close>"], …]');
  return (pairs as [string, string][]).map(([a, b]) => [a, b] as const);
}

/** The reasoning tags a record was scored with (its facts' `scoring.reasoning_tags`); none when it has no choice. */
export function reasoningTagsOf(facts: Record<string, unknown>): TagPair[] {
  const tags = (facts.scoring as { reasoning_tags?: unknown } | undefined)?.reasoning_tags;
  if (!Array.isArray(tags)) return [];
  return tags
    .filter(
      (p): p is [string, string] => Array.isArray(p) && p.length === 2 && p.every((t) => typeof t === 'string' && t),
    )
    .map(([a, b]) => [a, b] as const);
}
