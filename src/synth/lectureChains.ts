/**
 * Chains of thought for the lecture questions, in the two answer formats the evaluator asks for:
 *
 * - Video-R1 ("think" prompt): `<think>…</think>\n<answer>X</answer>`, the annotator's record.
 * - Video-MMMU (lmms-eval prompt): the same reasoning (ending by walking the options to the value),
 *   then a last line naming the option
 *   the way the prompt lists it (`Answer: D. 48`) or, for open questions, the value
 *   (`Answer: 72`). The lmms-eval parser reads a chain of thought this way: among "X." patterns
 *   it keeps the last one, so the final `D.` wins over a letter-like "LA." earlier in the
 *   reasoning (tested on every question of a generated world).
 *
 * Why the Video-MMMU answer reasons at all, when the prompt says "directly": a one-letter answer
 * asks a small model to read a slide, compute and look the value up among ten options in a single
 * forward pass, from a few hundred examples. Writing the reading and the working out first turns
 * that into steps it can learn, as reasoning models answer the benchmark.
 *
 * Also the "notes" of a drill (src/train/drillData.ts): what the lecture's frames show that a
 * question needs, written as text, so the reasoning can be practised without video.
 */
import { annotate, type Annotation, type Conclusion } from './annotator.js';
import { familyOf } from './families/index.js';
import type { LectureQuestion, UnitSpec } from './plan.js';
import { streamRand } from './random.js';
import { lectureAsR1 } from './records.js';

/** The annotator's seed stream for a problem (write.ts uses it for cot_synth.jsonl). */
export const CHAIN_STREAM = 100;

/** What the chain says about the quiz image before reasoning (Adaptation only). */
export function quizPreamble(u: UnitSpec, q: LectureQuestion): string[] {
  return q.track === 'Adaptation' ? [`At the end of the video, ${familyOf(u.family).describeQuiz(q.query)}.`] : [];
}

/** The Video-R1 record's chain for a lecture question (the one cot_synth.jsonl keeps). */
export function lectureChain(
  u: UnitSpec,
  q: LectureQuestion,
  seed: number,
  conclusion: Conclusion = 'letter',
): Annotation {
  return annotate(lectureAsR1(u, q), streamRand(seed, CHAIN_STREAM, q.problemId), quizPreamble(u, q), conclusion);
}

/**
 * The response to the lmms-eval Video-MMMU prompt: the chain (concluding by walking the options to
 * the value: annotator.ts `Conclusion`), then the option as the prompt lists it.
 */
export function videoMMMUResponse(u: UnitSpec, q: LectureQuestion, seed: number): string {
  const { process } = lectureChain(u, q, seed, 'scan');
  const last = q.questionType === 'multiple-choice' ? `Answer: ${q.answer}. ${q.value}` : `Answer: ${q.value}`;
  return `${process}\n${last}`;
}

/** A question's facts from the lecture in words: the rule as its slide states it, and the quiz image. */
export function lectureNotes(u: UnitSpec, q: LectureQuestion): string {
  const quiz = q.track === 'Adaptation' ? ` ${familyOf(u.family).describeQuiz(q.query).replace(/^the/, 'The')}.` : '';
  return `Notes: ${q.steps[0] ?? ''}${quiz}`;
}
