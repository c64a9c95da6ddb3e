/**
 * RL prompts for `vreason train grpo`: every Video-R1 record of a synthetic world's split
 * (`videor1/<split>/eval_synth.json`, the analogue of Video-R1-260k: image and video items, all
 * five problem types), asked exactly as `vreason eval --task synth` asks it — the Video-R1 "think"
 * prompt with its per-type suffix, frames at 2 fps capped at 16, then thinned to what the model
 * takes by the function the server uses. The examples are SFT examples whose "answer" is the
 * record's solution (`<answer>…</answer>`); the trainer only reads the prompt, the frames and the
 * facts the rewards need (problem type, solution, image or video). A prompt's frames are decoded
 * when a step first needs it (`load`), once per video, and cached under the run directory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../core/errors.js';
import { loadVideoR1 } from '../tasks/videor1/data.js';
import { VIDEO_R1_FRAMES } from '../eval/config.js';
import type { FrameEncoderConfig } from '../nn/model.js';
import type { Tokenizer } from '../nn/tokenizer.js';
import type { ProblemType } from '../rewards/index.js';
import type { VideoR1Facts } from '../tasks/videor1/task.js';
import { planVideoR1 } from '../tasks/videor1/task.js';
import { lazyExamples, type ExampleUnit, type LazyExamples, type SftExample } from './sftData.js';

/** One RL prompt: an SFT example of the Video-R1 scorer (facts are `VideoR1Facts`). */
export type RlExample = SftExample;

/** The Video-R1 records file of a split. */
export const rlRecordsFile = (root: string, split: string): string => join(root, 'videor1', split, 'eval_synth.json');

/** The RL prompts of a split, tokenized; their frames are decoded when `load` asks (kept under `cacheDir`). */
export async function loadRlSplit(
  root: string,
  split: string,
  tok: Tokenizer,
  enc: FrameEncoderConfig,
  cacheDir: string,
  log?: (s: string) => void,
): Promise<LazyExamples> {
  const units = await rlUnits(root, split);
  log?.(`rl-${split}: ${units.length} prompts (frames decoded as steps reach them)`);
  return lazyExamples(units, tok, enc, cacheDir);
}

/** Every Video-R1 record of a split as the unit the evaluator would ask. */
export async function rlUnits(root: string, split: string): Promise<ExampleUnit[]> {
  const file = rlRecordsFile(root, split);
  if (!existsSync(file))
    throw new DataError(
      file,
      null,
      null,
      `no Video-R1 records for split '${split}' (is ${root} a \`vreason data synth\` folder?)`,
    );
  const loaded = await loadVideoR1(file);
  if (loaded.errors.length) throw loaded.errors[0]!;
  const byId = new Map(loaded.items.map((i) => [i.id, i]));
  return planVideoR1(loaded.items, {
    benchmark: 'synth',
    prompt: 'think',
    probe: false,
    seed: 0,
  }).map((unit) => {
    const item = byId.get(unit.itemId)!;
    return {
      unit,
      scorer: 'videor1',
      group: item.dataSource ?? 'videor1',
      answer: item.solution,
      frameCfg: VIDEO_R1_FRAMES,
    };
  });
}

/** The reward-relevant facts of an RL example. */
export function rlFacts(e: RlExample): { problemType: ProblemType; solution: string; video: boolean } {
  const f = e.facts as unknown as VideoR1Facts;
  return { problemType: f.problem_type, solution: f.solution, video: f.data_type === 'video' };
}
