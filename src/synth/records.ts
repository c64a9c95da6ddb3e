/**
 * The plan as records of the two formats: Video-MMMU index rows (what `loadVideoMMMU` validates)
 * and Video-R1 records (what `loadVideoR1` validates). Paths are relative, so a dataset folder
 * can be moved as a whole.
 */
import type { Track } from '../core/types.js';
import type { LectureQuestion, R1Question, UnitSpec } from './plan.js';
import { LETTERS } from './mc.js';
import type { R1Type } from './temporal.js';

export interface VideoMMMURowOut {
  id: string;
  question: string;
  options: string[];
  answer: string;
  question_type: 'multiple-choice' | 'open';
  image?: string;
}

export interface VideoR1RecordOut {
  problem_id: number;
  problem: string;
  data_type: 'image' | 'video';
  problem_type: R1Type;
  options: string[];
  solution: string;
  path: string;
  data_source: string;
  process?: string;
}

/** Where each file of a unit lives, relative to its split's Video-MMMU root or Video-R1 folder. */
export const paths = {
  lecture: (u: UnitSpec): string => `${u.discipline}/${u.id}.mp4`,
  questionOnly: (u: UnitSpec): string => `question_only/${u.id}_image.mp4`,
  quiz: (u: UnitSpec): string => `images/${u.id}.png`,
  r1Lecture: (u: UnitSpec): string => `media/lectures/${u.id}.mp4`,
  r1Clip: (u: UnitSpec): string => `media/clips/${u.id}_clip.mp4`,
  r1Scene: (u: UnitSpec): string => `media/images/${u.id}_scene.png`,
};

export function videoMMMURow(u: UnitSpec, q: LectureQuestion): VideoMMMURowOut {
  const row: VideoMMMURowOut = {
    id: u.id,
    question: q.question,
    options: q.options,
    answer: q.answer,
    question_type: q.questionType,
  };
  if (q.track === 'Adaptation') row.image = paths.quiz(u);
  return row;
}

export function videoMMMURows(units: readonly UnitSpec[], track: Track): VideoMMMURowOut[] {
  return units.flatMap((u) => u.questions.filter((q) => q.track === track).map((q) => videoMMMURow(u, q)));
}

/** A lecture question as a Video-R1 item: the quiz is the lecture's last frames, so the video alone carries it. */
export function lectureAsR1(u: UnitSpec, q: LectureQuestion): R1Question & { track: Track } {
  const problem =
    q.track === 'Adaptation'
      ? `${q.question.replace(/^<image 1>\s*/, '')} The question's image is the last frame of the video.`
      : q.question;
  const mc = q.questionType === 'multiple-choice';
  return {
    track: q.track,
    problemId: q.problemId,
    problem,
    type: mc ? 'multiple choice' : 'numerical',
    options: mc ? q.options.map((o, i) => `${LETTERS[i]}. ${o}`) : [],
    answer: q.answer,
    value: q.value,
    steps: q.steps,
    query: { ...q.query },
  };
}

export interface R1Entry {
  unit: UnitSpec;
  item: R1Question;
  dataType: 'image' | 'video';
  path: string;
  source: string;
}

/** Every Video-R1 item of a unit: lecture questions, temporal-clip questions, scene questions. */
export function r1Entries(u: UnitSpec): R1Entry[] {
  return [
    ...u.questions.map((q) => ({
      unit: u,
      item: lectureAsR1(u, q),
      dataType: 'video' as const,
      path: paths.r1Lecture(u),
      source: `synth-lecture/${u.family}`,
    })),
    ...u.clipItems.map((item) => ({
      unit: u,
      item,
      dataType: 'video' as const,
      path: paths.r1Clip(u),
      source: 'synth-temporal',
    })),
    ...u.sceneItems.map((item) => ({
      unit: u,
      item,
      dataType: 'image' as const,
      path: paths.r1Scene(u),
      source: 'synth-image',
    })),
  ];
}

export function videoR1Record(e: R1Entry, process?: string): VideoR1RecordOut {
  const r: VideoR1RecordOut = {
    problem_id: e.item.problemId,
    problem: e.item.problem,
    data_type: e.dataType,
    problem_type: e.item.type,
    options: e.item.options,
    solution: `<answer>${e.item.answer}</answer>`,
    path: `./${e.path}`,
    data_source: e.source,
  };
  if (process !== undefined) r.process = process;
  return r;
}
