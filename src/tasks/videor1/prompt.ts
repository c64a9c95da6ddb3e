import type { ProblemType } from '../../rewards/index.js';

/**
 * Video-R1's prompt (src/eval_bench.py; training in grpo.py words the tags "<think> </think>"
 * instead of "<think> and </think>"). Multiple-choice options follow the problem as
 * "Options:\n" + one already-lettered option per line — no separator before "Options:",
 * exactly as the reference concatenates.
 */
const THINK = {
  eval:
    'Please think about this question as if you were a human pondering deeply. Engage in an internal dialogue ' +
    "using expressions such as 'let me think', 'wait', 'Hmm', 'oh, I see', 'let's break it down', etc, or other " +
    "natural language thought expressions It's encouraged to include self-reflection or verification in the " +
    'reasoning process. Provide your detailed reasoning between the <think> and </think> tags, and then give your ' +
    'final answer between the <answer> and </answer> tags.',
  train:
    'Please think about this question as if you were a human pondering deeply. Engage in an internal dialogue using ' +
    "expressions such as 'let me think', 'wait', 'Hmm', 'oh, I see', 'let's break it down', etc, or other natural " +
    "language thought expressions It's encouraged to include self-reflection or verification in the reasoning " +
    'process. Provide your detailed reasoning between the <think> </think> tags, and then give your final answer ' +
    'between the <answer> </answer> tags.',
} as const;

export const TYPE_TEMPLATE: Record<ProblemType, string> = {
  'multiple choice':
    ' Please provide only the single option letter (e.g., A, B, C, D, etc.) within the <answer> </answer> tags.',
  numerical: ' Please provide the numerical value (e.g., 42 or 3.14) within the <answer> </answer> tags.',
  OCR:
    ' Please transcribe text from the image/video clearly and provide your text answer within the <answer> ' +
    '</answer> tags.',
  'free-form': ' Please provide your text answer within the <answer> </answer> tags.',
  regression: ' Please provide the numerical value (e.g., 42 or 3.14) within the <answer> </answer> tags.',
};

/** think: the Video-R1 chain-of-thought prompt; direct: the question and the answer-format line only. */
export type VideoR1PromptMode = 'think' | 'direct';

export interface PromptInput {
  problem: string;
  problemType: ProblemType;
  options: readonly string[];
}

export function questionText(p: PromptInput): string {
  if (p.problemType !== 'multiple choice') return p.problem;
  return `${p.problem}Options:\n${p.options.map((o) => `${o}\n`).join('')}`;
}

export function buildVideoR1Prompt(
  p: PromptInput,
  mode: VideoR1PromptMode = 'think',
  wording: keyof typeof THINK = 'eval',
): string {
  const q = questionText(p);
  const body = mode === 'think' ? `${q}\n${THINK[wording]}` : q;
  return body + TYPE_TEMPLATE[p.problemType];
}
