/**
 * The dataset plan: every video, rule, question and answer, decided from the seed before a single
 * frame is drawn. Pure and fast (no I/O), so leakage checks can run on thousands of videos and the
 * renderer/writers only turn the plan into files.
 */
import { disciplineOf } from '../tasks/videommmu/subjects.js';
import type { Discipline, Track } from '../core/types.js';
import { shuffled } from '../core/rng.js';
import { FAMILIES, FAMILY_NAMES, type FamilyName } from './families/index.js';
import type { QueryBase, RuleBase } from './families/types.js';
import { LETTERS, LetterDealer, buildOptions } from './mc.js';
import { inventWord } from './names.js';
import { int, pick, streamRand, type Rand } from './random.js';
import { planScene, sceneItems, type SceneSpec } from './scene.js';
import { clipItems, planClip, type ClipSpec, type R1Draft, type R1Type } from './temporal.js';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export interface SynthConfig {
  seed: number;
  videos: number;
  /** train / validation / test shares of the videos. */
  ratios: [number, number, number];
  width: number;
  height: number;
  lectureFps: number;
  clipFps: number;
}

export const DEFAULT_CONFIG: SynthConfig = {
  seed: 0,
  videos: 200,
  ratios: [0.8, 0.1, 0.1],
  width: 128,
  height: 96,
  lectureFps: 4,
  clipFps: 6,
};

export interface LectureQuestion {
  track: Track;
  question: string;
  questionType: 'multiple-choice' | 'open';
  /** Option texts, unlettered (the Video-MMMU index stores them so). */
  options: string[];
  /** The gold letter (multiple choice) or the answer text (open). */
  answer: string;
  /** The answer text either way. */
  value: string;
  query: QueryBase;
  /** Ground-truth reasoning, for the annotator. */
  steps: string[];
  /** The matching Video-R1 record's problem_id. */
  problemId: number;
}

export interface R1Question {
  problemId: number;
  problem: string;
  type: R1Type;
  /** Lettered options ('A. …') for multiple choice, else []. */
  options: string[];
  /** Gold letter for multiple choice, else the answer text. */
  answer: string;
  value: string;
  steps: string[];
  query: Record<string, unknown>;
}

export interface UnitSpec {
  index: number;
  split: Split;
  /** `<split>_<Subject>_<n>`: Video-MMMU's id shape, so the loader finds subject and discipline. */
  id: string;
  family: FamilyName;
  subject: string;
  discipline: Discipline;
  rule: RuleBase;
  example: QueryBase;
  questions: LectureQuestion[];
  clip: ClipSpec;
  clipItems: R1Question[];
  scene: SceneSpec;
  sceneItems: R1Question[];
}

export interface DatasetPlan {
  config: SynthConfig;
  units: UnitSpec[];
}

/** Streams of randomness, one per purpose, so adding a draw to one cannot shift the others. */
const STREAM = { family: 1, name: 2, rule: 3, questions: 4, clip: 5, scene: 6, split: 7, letters: 8 } as const;

/** Per-track chance of an open-ended question when the family's answer is numeric. */
const OPEN_SHARE: Record<Track, number> = { Perception: 0.3, Comprehension: 0.5, Adaptation: 0.3 };

/** Split sizes by rounding the shares, every non-zero share getting at least one video when there are enough. */
export function splitSizes(videos: number, ratios: readonly number[]): number[] {
  const total = ratios.reduce((a, b) => a + b, 0);
  if (!(total > 0) || ratios.some((r) => !(r >= 0)))
    throw new RangeError('split ratios must be non-negative with a positive sum');
  const sizes = ratios.map((r) => Math.round((videos * r) / total));
  for (let i = 1; i < sizes.length; i++)
    if (ratios[i]! > 0 && sizes[i] === 0 && videos >= ratios.filter((r) => r > 0).length) sizes[i] = 1;
  sizes[0] = videos - sizes.slice(1).reduce((a, b) => a + b, 0);
  if (sizes[0]! < 0) throw new RangeError(`cannot split ${videos} videos by ${ratios.join(',')}`);
  return sizes;
}

/** Split per video: a seeded shuffle cut by the sizes, so no video is in two splits. */
export function assignSplits(videos: number, ratios: readonly number[], rand: Rand): Split[] {
  const sizes = splitSizes(videos, ratios);
  const order = shuffled(
    Array.from({ length: videos }, (_, i) => i),
    rand,
  );
  const out = new Array<Split>(videos);
  let k = 0;
  SPLITS.forEach((s, si) => {
    for (let j = 0; j < (sizes[si] ?? 0); j++) out[order[k++] as number] = s;
  });
  return out;
}

export function planDataset(config: SynthConfig): DatasetPlan {
  const { seed, videos } = config;
  if (!Number.isInteger(videos) || videos < 1) throw new RangeError('--videos must be a positive integer');
  const splits = assignSplits(videos, config.ratios, streamRand(seed, STREAM.split, 0));
  const dealer = new LetterDealer(streamRand(seed, STREAM.letters, 0));
  const usedNames = new Set<string>();
  let problemId = 0;
  let familyRound: FamilyName[] = [];
  const units: UnitSpec[] = [];
  for (let index = 0; index < videos; index++) {
    // Families are dealt in shuffled rounds so their counts stay balanced at any dataset size.
    if (familyRound.length === 0) familyRound = shuffled(FAMILY_NAMES, streamRand(seed, STREAM.family, index));
    const family = FAMILIES[familyRound.pop() as FamilyName];
    const nameRand = streamRand(seed, STREAM.name, index);
    let name = inventWord(nameRand, family.nameSyllables);
    while (usedNames.has(name)) name = inventWord(nameRand, family.nameSyllables + (usedNames.size > 400 ? 1 : 0));
    usedNames.add(name);
    const ruleRand = streamRand(seed, STREAM.rule, index);
    const subject = pick(ruleRand, family.subjects);
    const rule = family.drawRule(ruleRand, name);
    const qRand = streamRand(seed, STREAM.questions, index);
    const lecture = family.plan(rule, qRand);
    const split = splits[index] as Split;
    const questions: LectureQuestion[] = (['Perception', 'Comprehension', 'Adaptation'] as const).map((track) => {
      const draft =
        track === 'Perception'
          ? lecture.perception
          : track === 'Comprehension'
            ? lecture.comprehension
            : lecture.adaptation;
      const sol = family.solve(rule, draft.query);
      const base = {
        track,
        question: draft.question,
        value: sol.value,
        query: draft.query,
        steps: sol.steps,
        problemId: problemId++,
      };
      if (draft.open && qRand() < OPEN_SHARE[track])
        return { ...base, questionType: 'open' as const, options: [], answer: sol.value };
      const mc = buildOptions(
        sol.value,
        () => family.solve(family.redraw(rule, qRand), draft.query).value,
        int(qRand, 4, 10),
        (n) => dealer.deal(`mmmu|${track}`, n),
        qRand,
      );
      return { ...base, questionType: 'multiple-choice' as const, options: mc.options, answer: mc.answer };
    });
    const clipRand = streamRand(seed, STREAM.clip, index);
    const clip = planClip(clipRand, config.clipFps);
    const sceneRand = streamRand(seed, STREAM.scene, index);
    const scene = planScene(sceneRand);
    const toR1 = (d: R1Draft, rand: Rand): R1Question => {
      const base = {
        problemId: problemId++,
        problem: d.problem,
        type: d.type,
        value: d.value,
        steps: d.steps,
        query: d.query,
      };
      if (d.type !== 'multiple choice') return { ...base, options: [], answer: d.value };
      const pool = shuffled(d.distractors ?? [], rand);
      const mc = buildOptions(
        d.value,
        () => pool.pop() ?? d.value,
        Math.min(int(rand, 4, 6), (d.distractors?.length ?? 0) + 1),
        (n) => dealer.deal('r1', n),
        rand,
      );
      return { ...base, options: mc.options.map((o, i) => `${LETTERS[i]}. ${o}`), answer: mc.answer };
    };
    units.push({
      index,
      split,
      id: `${split}_${subject}_${index + 1}`,
      family: family.name,
      subject,
      discipline: disciplineOf(subject) as Discipline,
      rule,
      example: lecture.example,
      questions,
      clip,
      clipItems: clipItems(clip, clipRand).map((d) => toR1(d, clipRand)),
      scene,
      sceneItems: sceneItems(scene, sceneRand).map((d) => toR1(d, sceneRand)),
    });
  }
  return { config, units };
}
