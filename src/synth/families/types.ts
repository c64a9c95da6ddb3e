/**
 * A concept family: a kind of rule the lecture teaches. The rule's parameters are drawn fresh per
 * video (so nothing can be memorised across videos) and appear ONLY on the lecture's slides.
 */
import type { Canvas, Rgb } from '../canvas.js';
import type { Slide } from '../lecture.js';
import type { Rand } from '../random.js';

export const FAMILY_NAMES = ['operator', 'colour', 'units', 'legend', 'motion'] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

export interface RuleBase {
  /** The invented concept name on the title slide, unique within a dataset. */
  name: string;
}

/** A query: what a question asks of the rule (`kind` plus the case's values). Plain JSON. */
export interface QueryBase {
  kind: string;
}

/** The ground truth of a query: the answer text and the reasoning steps that reach it. */
export interface Solution {
  value: string;
  steps: string[];
}

export interface Draft<Q extends QueryBase> {
  query: Q;
  question: string;
  /** Whether the question can be asked open-ended (numeric answers) or only as multiple choice. */
  open: boolean;
}

export interface LecturePlan<Q extends QueryBase> {
  /** The worked example shown in the video. */
  example: Q;
  perception: Draft<Q>;
  comprehension: Draft<Q>;
  adaptation: Draft<Q>;
}

export interface TeachContext {
  colour: Rgb;
  fps: number;
}

export interface Family<R extends RuleBase, Q extends QueryBase> {
  name: FamilyName;
  /** Written under the concept name on the title slide. */
  title: string;
  /** Real Video-MMMU subjects this family is filed under (the id's middle, hence the discipline). */
  subjects: readonly string[];
  /** Syllables of the invented concept name (units names are short: they are written in equations). */
  nameSyllables: number;
  drawRule(rand: Rand, name: string): R;
  /**
   * Another rule from the prior, conditioned on what a question already reveals without the
   * video: distractors are the answers under such rules, so they are exchangeable with the gold.
   */
  redraw(rule: R, rand: Rand): R;
  solve(rule: R, q: Q): Solution;
  plan(rule: R, rand: Rand): LecturePlan<Q>;
  /** Rule slides then the worked example (title, recap and quiz slides are shared). */
  teach(rule: R, example: Q, ctx: TeachContext): Slide[];
  /** Short lines restating the rule on the recap slide. */
  recap(rule: R): string[];
  /** The quiz image of an Adaptation query. Takes no rule on purpose: it cannot leak one. */
  drawQuiz(c: Canvas, q: Q): void;
  /** The quiz image in words, for the annotator's chain of thought. */
  describeQuiz(q: Q): string;
}

// A registry holds families of different rule types; each family only ever sees its own rules.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFamily = Family<any, any>;
