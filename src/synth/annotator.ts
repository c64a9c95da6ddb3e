/**
 * A rule-based chain-of-thought annotator, the analogue of Video-R1-COT-165k: it writes
 * `<think>…</think><answer>…</answer>` from the generator's ground truth (what was on the slides,
 * the event script), reaching the answer through the reasoning (for multiple choice it finds the
 * option whose text is the computed value). Like the paper's filtering, a chain of thought is kept
 * only when the Video-R1 rewards score it correct and well-formed.
 */
import { accuracyReward, formatReward } from '../rewards/index.js';
import type { R1Question } from './plan.js';
import { pick, type Rand } from './random.js';

const OPENERS = [
  'Let me think.',
  "Let's break it down.",
  'Hmm, let me work through this.',
  'Okay, let me recall what was shown.',
];
const CHECKS = [
  'Let me double-check: that is consistent with what was shown.',
  'Wait, let me verify. Yes, that matches.',
  'Oh, I see, that fits.',
];

/**
 * Regression rewards are 1 − (|p−g| + 1e-9)/(|g| + 1e-9), so even an exact answer scores just
 * under 1; "scores 1" means within this of 1.
 */
export const FULL_MARKS = 1 - 1e-6;

export interface Annotation {
  /** `<think>…</think>` (COT-165k's `process` field). */
  process: string;
  /** The full response: process then `<answer>…</answer>`. */
  response: string;
  accuracy: number;
  format: number;
  kept: boolean;
}

/**
 * How a multiple-choice chain ends. 'letter' (the annotator's, in cot_synth.jsonl): "That is
 * option D (48)." 'scan': "48 is the answer. Checking the options: A is 16 vs 48 no, B is 24 vs 48
 * no, C is 48 vs 48 yes, so it is option C." — the options are walked in order until the value
 * comes up, so finding the letter is copying and comparing one option at a time instead of a
 * lookup across the prompt in one step (the small model named the right value and a chance letter:
 * 15% consistent). The value is written next to each option so that the comparison is between
 * neighbouring tokens: without it ("A is 16, B is 24, …") the model learned to walk the options but
 * not to stop at the one equal to the value (experiments/curriculum/notes.md, sixth session).
 */
export type Conclusion = 'letter' | 'scan';

/** The answer the reasoning arrives at: the letter of the option reading `value`, or `value` itself. */
function concludedAnswer(q: R1Question, style: Conclusion = 'letter'): { answer: string; sentence: string } | null {
  if (q.type !== 'multiple choice') return { answer: q.value, sentence: `So the answer is ${q.value}.` };
  const texts = q.options.map((o) => o.slice(o.indexOf('.') + 1).trim());
  const k = texts.indexOf(q.value);
  if (k < 0) return null;
  const letter = q.options[k]!.slice(0, q.options[k]!.indexOf('.'));
  if (style === 'letter') return { answer: letter, sentence: `That is option ${letter} (${q.value}).` };
  return {
    answer: letter,
    sentence: scanSentence(
      q.options.map((o) => o.slice(0, o.indexOf('.'))),
      texts,
      k,
    ),
  };
}

/**
 * The 'scan' conclusion: "48 is the answer. Checking the options: A is 16 vs 48 no, …, D is 48 vs 48 yes, so it is
 * option D." (option k holds the value).
 */
export function scanSentence(letters: readonly string[], texts: readonly string[], k: number): string {
  const walked = texts.slice(0, k + 1).map((t, i) => `${letters[i]} is ${t} vs ${texts[k]} ${i === k ? 'yes' : 'no'}`);
  return `${texts[k]} is the answer. Checking the options: ${walked.join(', ')}, so it is option ${letters[k]}.`;
}

/**
 * A walk read back from a model's text: the value it named, the options it walked ([letter, text]), the letter it
 * concluded.
 */
export interface ScanReading {
  value: string | null;
  walked: [string, string][];
  letter: string | null;
}

/**
 * Reads a 'scan' conclusion back out of generated text (the checkers in scripts/ grade it against
 * the prompt's options): this form and the older one without "vs 48 no"; null without a walk.
 */
export function parseScan(text: string): ScanReading | null {
  const m = /Checking the options: ([^]*?), so it is option(?: ([A-J]))?/.exec(text);
  if (!m) return null;
  const walked = [...m[1]!.matchAll(/([A-J]) is (\S+?)(?: vs \S+ (?:yes|no))?(?:,|$)/g)].map((x): [string, string] => [
    x[1]!,
    x[2]!,
  ]);
  return { value: /(\S+) is the answer\. Checking/.exec(text)?.[1] ?? null, walked, letter: m[2] ?? null };
}

export function annotate(
  q: R1Question,
  rand: Rand,
  preamble: string[] = [],
  conclusion: Conclusion = 'letter',
): Annotation {
  const end = concludedAnswer(q, conclusion);
  const body = [
    pick(rand, OPENERS),
    ...preamble,
    ...q.steps,
    pick(rand, CHECKS),
    end?.sentence ?? 'I cannot match this to an option.',
  ].join(' ');
  const process = `<think>${body}</think>`;
  const response = `${process}\n<answer>${end?.answer ?? ''}</answer>`;
  const solution = `<answer>${q.answer}</answer>`;
  const accuracy = accuracyReward(response, solution, q.type);
  const format = formatReward(response);
  return { process, response, accuracy, format, kept: format === 1 && accuracy >= FULL_MARKS };
}
