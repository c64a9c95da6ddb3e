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

/** `parse_options`: letter the options `A. …`, one per line, unless every one already is. */
export function formatOptions(options: readonly string[]): string {
  const letters = options.map((_, i) => String.fromCharCode(65 + i));
  if (options.every((o, i) => o.startsWith(`${letters[i]}.`))) return options.join('\n');
  return options.map((o, i) => `${letters[i]}. ${o}`).join('\n');
}

/** What a prompt depends on: an index row's question, options, track and type. */
export type PromptItem = Pick<VideoMMMUItem, 'track' | 'question' | 'options' | 'questionType'>;

export function buildPrompt(item: PromptItem, condition: Condition, style: PromptStyle = 'lmms-eval'): string {
  return style === 'paper' ? paperPrompt(item, condition) : lmmsEvalPrompt(item, condition);
}

function lmmsEvalPrompt(item: PromptItem, condition: Condition): string {
  const p = LMMS_EVAL_PROMPTS;
  const withOptions = `${item.question}\n${formatOptions(item.options)}`;
  // The *before* condition (adaptation_question_only) adds no instruction at all.
  if (condition === 'before') return withOptions;
  if (item.track !== 'Adaptation') return `${withOptions}${p.perceptionAndComprehension}${p.mcqPost}`;
  if (item.questionType === 'multiple-choice') return `${p.prePrompt}${p.mcq}${withOptions}${p.mcqPost}`;
  return `${p.prePrompt}${p.openEnded}${item.question}`;
}

function paperPrompt(item: PromptItem, condition: Condition): string {
  const p = LMMS_EVAL_PROMPTS;
  const body =
    item.questionType === 'multiple-choice' ? `${item.question}\n${formatOptions(item.options)}` : item.question;
  if (condition === 'before' || item.track !== 'Adaptation') return `${body}\n${DIRECT}`;
  const kind = item.questionType === 'multiple-choice' ? p.mcq : p.openEnded;
  return `${DIRECT} ${p.prePrompt}${kind}${body}`;
}
