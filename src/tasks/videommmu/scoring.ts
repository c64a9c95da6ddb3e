/**
 * How a Video-MMMU answer is read: which multiple-choice parser, which reasoning blocks are cut
 * first, and what an unclosed block means. A run's choice is stored with each record (facts.scoring)
 * and in the manifest, so re-aggregating a run, merging shards or drawing its report scores every
 * answer as it was scored when asked; records without it (older runs) are read as `videommmu-release`
 * without stripping, which is how they were scored.
 */
import { UsageError } from '../../core/errors.js';
import {
  DEFAULT_REASONING_TAGS,
  stripReasoning,
  UNCLOSED_POLICIES,
  type TagPair,
  type UnclosedPolicy,
} from '../reasoning.js';
import { extractMcqAnswer } from './mcqExtract.js';
import { isCorrectMultiChoice, isCorrectOpen, PARSER_VERSION, parseMultiChoice, parseOpen } from './parse.js';

export type ParserName = 'lmms-eval' | 'videommmu-release';
export const PARSERS: readonly ParserName[] = ['lmms-eval', 'videommmu-release'];
export const DEFAULT_PARSER: ParserName = 'lmms-eval';

/** The lmms-eval commit whose current parser and reasoning rules `lmms-eval` follows. */
export const LMMS_EVAL_COMMIT = '75571cfe0fa36ca5ec2e6aa2bb268f9d38295af3';

export const PARSER_VERSIONS: Record<ParserName, string> = {
  'lmms-eval': 'lmms-eval-75571cfe/mcq_extract+open-74b6d95c/v1',
  'videommmu-release': PARSER_VERSION,
};

export interface ScoringConfig {
  parser: ParserName;
  /** Reasoning blocks cut before parsing; empty = none. */
  reasoning_tags: TagPair[];
  unclosed_thinking: UnclosedPolicy;
}

/** How records without a stored choice were scored. */
export const RELEASE_SCORING: ScoringConfig = {
  parser: 'videommmu-release',
  reasoning_tags: [],
  unclosed_thinking: 'unparsed',
};

/** A parser's defaults: `lmms-eval` strips lmms-eval's default tags, `videommmu-release` strips none (as before). */
export function scoringFor(
  parser: ParserName = DEFAULT_PARSER,
  o: { reasoningTags?: readonly TagPair[]; unclosed?: UnclosedPolicy } = {},
): ScoringConfig {
  if (!PARSERS.includes(parser)) throw new UsageError(`unknown parser '${parser}' (use ${PARSERS.join(', ')})`);
  const tags = o.reasoningTags ?? (parser === 'lmms-eval' ? DEFAULT_REASONING_TAGS : []);
  return {
    parser,
    reasoning_tags: tags.map(([a, b]) => [a, b] as const),
    unclosed_thinking: o.unclosed ?? 'unparsed',
  };
}

/** A stored scoring choice, checked; anything else falls back to `fallback`. */
export function scoringOf(v: unknown, fallback: ScoringConfig = RELEASE_SCORING): ScoringConfig {
  if (!v || typeof v !== 'object') return fallback;
  const o = v as Partial<ScoringConfig>;
  if (!PARSERS.includes(o.parser as ParserName)) return fallback;
  const tags = Array.isArray(o.reasoning_tags)
    ? o.reasoning_tags
        .filter((p) => Array.isArray(p) && p.length === 2)
        .map(([a, b]) => [String(a), String(b)] as const)
    : [];
  const unclosed = UNCLOSED_POLICIES.includes(o.unclosed_thinking as UnclosedPolicy)
    ? (o.unclosed_thinking as UnclosedPolicy)
    : 'unparsed';
  return { parser: o.parser as ParserName, reasoning_tags: tags, unclosed_thinking: unclosed };
}

/** The manifest fields of a scoring choice. */
export function scoringManifest(c: ScoringConfig): Record<string, unknown> {
  return {
    parser: c.parser,
    parser_version: PARSER_VERSIONS[c.parser],
    reasoning_tags: c.reasoning_tags,
    unclosed_thinking: c.unclosed_thinking,
    ...(c.parser === 'lmms-eval' || c.reasoning_tags.length ? { lmms_eval_commit: LMMS_EVAL_COMMIT } : {}),
  };
}

/**
 * What goes into the resume key: nothing for the release parser without stripping (the keys runs
 * had before there was a choice, so they resume), the whole choice otherwise.
 */
export function scoringKey(c: ScoringConfig): Record<string, unknown> | undefined {
  return c.parser === 'videommmu-release' && c.reasoning_tags.length === 0 ? undefined : { scoring: c };
}

export interface VideoMMMUScore {
  parsed: string | Array<string | number> | null;
  correct: boolean;
  unparsed: boolean;
  /** The text the parser read, after reasoning blocks were cut. */
  answer: string;
  /** Reasoning blocks removed (empty when none or stripping is off). */
  thinking: string[];
  /** A reasoning block never closed (scored unparsed under the `unparsed` policy). */
  unclosed: boolean;
}

/** Strip, parse and judge one answer. */
export function scoreAnswer(
  c: ScoringConfig,
  questionType: 'multiple-choice' | 'open',
  response: string,
  options: string[],
  gold: string | string[],
  labels?: 'numbers',
): VideoMMMUScore {
  const st = stripReasoning(response, c.reasoning_tags);
  const base = { answer: st.answer, thinking: st.thinking, unclosed: st.unclosed };
  if (st.unclosed && c.unclosed_thinking === 'unparsed')
    return { parsed: null, correct: false, unparsed: true, ...base };
  const text = st.answer;
  if (questionType === 'multiple-choice') {
    // Numbered options (the number_option variant) are read by the extractor over the numbers, whatever the parser.
    const pred =
      labels === 'numbers'
        ? extractMcqAnswer(
            text,
            options.map((_, i) => String(i + 1)),
          )
        : c.parser === 'lmms-eval'
          ? extractMcqAnswer(
              text,
              options.map((_, i) => String.fromCodePoint(0x41 + i)),
            )
          : parseMultiChoice(text, options).pred;
    return { parsed: pred, correct: isCorrectMultiChoice(gold, pred), unparsed: pred === null, ...base };
  }
  const { preds } = parseOpen(text);
  return { parsed: preds, correct: isCorrectOpen(gold, preds), unparsed: preds === null, ...base };
}
