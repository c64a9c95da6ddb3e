import { relative } from 'node:path';
import { hashObject } from '../../core/hash.js';
import type { VideoR1Item } from './data.js';
import {
  accuracyFromAnswers,
  evalReward,
  extractAnswer,
  extractAnswerOrText,
  type ProblemType,
} from '../../rewards/index.js';
import type { GenParams } from '../../clients/types.js';
import type { FrameConfig } from '../../core/types.js';
import type { Scored, UnitSpec } from '../types.js';
import { QWEN_VL_FRAMES } from '../../media/frameSampler.js';
import { buildVideoR1Prompt, type VideoR1PromptMode } from './prompt.js';

/**
 * Video-R1's evaluation setting, the constants of its own copy of `vision_process.py` (which
 * eval_bench.py runs with no per-element pixel keys): 2 fps capped at 16 frames; videos at
 * VIDEO_MIN_PIXELS = VIDEO_MAX_PIXELS = 128·28·28, so each frame may take up to int(1.05 × 128·28·28)
 * = 105369 pixels; images within 4·28·28 … 256·28·28 pixels.
 */
export const VIDEO_R1_FRAMES: FrameConfig = {
  ...QWEN_VL_FRAMES,
  fps: 2,
  maxFrames: 16,
  minPixels: 128 * 28 * 28,
  maxPixelsCap: 128 * 28 * 28,
  imageMaxPixels: 256 * 28 * 28,
};

/** eval_bench.py's sampling for the Video-R1 suite. */
export const VIDEO_R1_PARAMS: GenParams = { temperature: 0.1, topP: 0.001, maxTokens: 1024, seed: 0 };

/** The six benchmarks of the Video-R1 paper's table, in its order. */
export const VIDEO_R1_BENCHMARKS = ['vsibench', 'videommmu', 'mmvu', 'mvbench', 'tempcompass', 'videomme'] as const;
export type VideoR1Benchmark = (typeof VIDEO_R1_BENCHMARKS)[number];

export const BENCHMARK_LABELS: Record<string, string> = {
  vsibench: 'VSI-Bench',
  videommmu: 'VideoMMMU',
  mmvu: 'MMVU (mc)',
  mvbench: 'MVBench',
  tempcompass: 'TempCompass',
  videomme: 'VideoMME (wo sub)',
};

export interface VideoR1Facts {
  benchmark: string;
  problem_type: ProblemType;
  data_type: 'image' | 'video';
  solution: string;
  data_source: string | null;
  /** The image or video, relative to the dataset folder: items that share it form one cluster for the CIs. */
  media?: string;
}

export interface VideoR1PlanOptions {
  benchmark: string;
  prompt: VideoR1PromptMode;
  /** Ask every video item a second time with its frames shuffled (seeded per item). */
  probe: boolean;
  seed: number;
  limit?: number;
  /** The dataset folder; media paths are stored relative to it. */
  root?: string;
}

export function planVideoR1(items: readonly VideoR1Item[], opts: VideoR1PlanOptions): UnitSpec[] {
  // MMVU: the paper reports its multiple-choice subset.
  const chosen = (opts.benchmark === 'mmvu' ? items.filter((i) => i.problemType === 'multiple choice') : items).slice(
    0,
    opts.limit,
  );
  return chosen.flatMap((item): UnitSpec[] => {
    const base = {
      itemId: item.id,
      prompt: buildVideoR1Prompt(
        { problem: item.problem, problemType: item.problemType, options: item.options },
        opts.prompt,
      ),
      facts: {
        ...factsOf(item, opts.benchmark),
        media: opts.root ? relative(opts.root, item.path) : item.path,
      } as Record<string, unknown>,
      shardKey: `${opts.benchmark}|${item.id}`,
    };
    if (item.dataType === 'image')
      return [{ ...base, condition: 'ordered', visual: { kind: 'image' as const, image: { path: item.path } } }];
    const ordered: UnitSpec = { ...base, condition: 'ordered', visual: { kind: 'video', path: item.path } };
    if (!opts.probe) return [ordered];
    const shuffleSeed = parseInt(hashObject({ seed: opts.seed, item: item.id, benchmark: opts.benchmark }, 8), 16);
    return [ordered, { ...base, condition: 'shuffled', visual: { kind: 'video', path: item.path, shuffleSeed } }];
  });
}

/** What scoring an item needs, stored with its record (also built for drills, src/train/drillData.ts). */
export function factsOf(
  item: Pick<VideoR1Item, 'problemType' | 'dataType' | 'solution' | 'dataSource'>,
  benchmark: string,
): Record<string, unknown> {
  const f: VideoR1Facts = {
    benchmark,
    problem_type: item.problemType,
    data_type: item.dataType,
    solution: item.solution,
    data_source: item.dataSource,
  };
  return { ...f };
}

/**
 * eval_bench.py's reward_fn for multiple choice, numerical and regression (mean relative
 * accuracy). It scores OCR and free-form as 0; we score them with the training rewards
 * (1 − WER, mean ROUGE F) on the same extracted answer, so those items carry information.
 */
export function scoreVideoR1Facts(facts: Record<string, unknown>, text: string): Scored {
  const f = facts as unknown as VideoR1Facts;
  const parsed = extractAnswerOrText(text);
  const score = scoreOf(f, text, parsed);
  return { parsed, score, correct: score === 1, unparsed: extractAnswer(text) === '' };
}

function scoreOf(f: VideoR1Facts, text: string, parsed: string): number {
  if (f.problem_type !== 'OCR' && f.problem_type !== 'free-form') return evalReward(text, f.solution, f.problem_type);
  try {
    return accuracyFromAnswers(parsed, extractAnswer(f.solution), f.problem_type);
  } catch {
    return 0; // the reference's rule: any exception while scoring scores 0
  }
}
