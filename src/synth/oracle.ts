/**
 * The oracle: answers a question by reading the rule (or the event script) from the generator's
 * metadata and applying it — the score a model that learned perfectly from the video would get.
 * It never reads the stored gold answer; tests compare its answers with the gold through the
 * real evaluator, so a question whose gold disagrees with its rule would show up as a miss.
 */
import { familyOf } from './families/index.js';
import { LETTERS } from './mc.js';
import type { LectureQuestion, R1Question, UnitSpec } from './plan.js';
import { solveScene } from './scene.js';
import { solveClip } from './temporal.js';

const letterOf = (options: readonly string[], value: string, strip: boolean): string => {
  const i = options.findIndex((o) => (strip ? o.slice(o.indexOf('.') + 1).trim() : o) === value);
  if (i < 0) throw new RangeError(`the oracle's answer '${value}' is not among the options`);
  return LETTERS[i] as string;
};

export function oracleLecture(u: UnitSpec, q: Pick<LectureQuestion, 'query' | 'options' | 'questionType'>): string {
  const value = familyOf(u.family).solve(u.rule, q.query).value;
  return q.questionType === 'multiple-choice' ? letterOf(q.options, value, false) : value;
}

/** A Video-R1 item of the unit, by problem_id: lecture, clip or scene. */
export function oracleR1(u: UnitSpec, problemId: number): string {
  const lecture = u.questions.find((q) => q.problemId === problemId);
  if (lecture) return oracleLecture(u, lecture);
  const clip = u.clipItems.find((q) => q.problemId === problemId);
  const scene = u.sceneItems.find((q) => q.problemId === problemId);
  const item: R1Question | undefined = clip ?? scene;
  if (!item) throw new RangeError(`${u.id} has no problem ${problemId}`);
  const value = clip ? solveClip(u.clip, item.query) : solveScene(u.scene, item.query);
  return item.type === 'multiple choice' ? letterOf(item.options, value, true) : value;
}
