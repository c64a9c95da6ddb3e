import type { Condition, VideoMMMUItem } from '../../core/types.js';

/**
 * lmms-eval's `videommmu` defaults (`_default_template_yaml`, `lmms_eval_specific_kwargs.default`).
 * SPEC.md words the Perception/Comprehension suffix as "Please directly output the option
 * letter/data as the answer."; the reference code uses the strings below, and the reference wins.
 * The SPEC wording is available as prompt style `paper`.
 */
export const LMMS_EVAL_PROMPTS = {
  prePrompt: 'You should watch and learn the video content. Then apply what you learned to ',
  perceptionAndComprehension: '\nPlease ignore the Quiz question in last frame of the video.',
  mcq: 'answer the following multi-choice question. The image for this question is at the end of the video.\n',
  openEnded: 'answer the following open-ended question. The image for this question is at the end of the video.\n',
  mcqPost: '',
} as const;

const DIRECT = 'Please directly output the option letter/data as the answer.';

export type PromptStyle = 'lmms-eval' | 'paper';
export const PROMPT_STYLES: readonly PromptStyle[] = ['lmms-eval', 'paper'];

/** lmms-eval's number_option Adaptation instruction (videommmu/number_option/_default_template_yaml). */
export const NUMBER_OPTION_MCQ = 'answer the following multi-choice question with the option number (1, 2, 3, etc.).\n';

/**
 * `parse_options`: letter the options `A. …`, one per line, unless every one already is
 * (`numbers`: the number_option variant's `1. …`).
 */
export function formatOptions(options: readonly string[], labels?: 'numbers'): string {
  if (labels === 'numbers') return options.map((o, i) => `${i + 1}. ${o}`).join('\n');
  const letters = options.map((_, i) => String.fromCharCode(65 + i));
  if (options.every((o, i) => o.startsWith(`${letters[i]}.`))) return options.join('\n');
  return options.map((o, i) => `${letters[i]}. ${o}`).join('\n');
}

/** What a prompt depends on: an index row's question, options, track and type. */
export type PromptItem = Pick<VideoMMMUItem, 'track' | 'question' | 'options' | 'questionType'> & {
  labels?: 'numbers';
};

export function buildPrompt(item: PromptItem, condition: Condition, style: PromptStyle = 'lmms-eval'): string {
  return style === 'paper' ? paperPrompt(item, condition) : lmmsEvalPrompt(item, condition);
}

function lmmsEvalPrompt(item: PromptItem, condition: Condition): string {
  const p = LMMS_EVAL_PROMPTS;
  const withOptions = `${item.question}\n${formatOptions(item.options, item.labels)}`;
  const mcq = item.labels === 'numbers' ? NUMBER_OPTION_MCQ : p.mcq;
  // The *before* condition (adaptation_question_only) adds no instruction at all.
  if (condition === 'before') return withOptions;
  if (item.track !== 'Adaptation') return `${withOptions}${p.perceptionAndComprehension}${p.mcqPost}`;
  if (item.questionType === 'multiple-choice') return `${p.prePrompt}${mcq}${withOptions}${p.mcqPost}`;
  return `${p.prePrompt}${p.openEnded}${item.question}`;
}

function paperPrompt(item: PromptItem, condition: Condition): string {
  const p = LMMS_EVAL_PROMPTS;
  const body =
    item.questionType === 'multiple-choice'
      ? `${item.question}\n${formatOptions(item.options, item.labels)}`
      : item.question;
  if (condition === 'before' || item.track !== 'Adaptation') return `${body}\n${DIRECT}`;
  const kind = item.questionType === 'multiple-choice' ? p.mcq : p.openEnded;
  return `${DIRECT} ${p.prePrompt}${kind}${body}`;
}
