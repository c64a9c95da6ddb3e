/**
 * RL prompts for `vreason train grpo`: every Video-R1 record of a synthetic world's split
 * (`videor1/<split>/eval_synth.json`, the analogue of Video-R1-260k: image and video items, all
 * five problem types), asked exactly as `vreason eval --task synth` asks it — the Video-R1 "think"
 * prompt with its per-type suffix, frames at 2 fps capped at 16, then thinned to what the model
 * takes by the function the server uses. The examples are SFT examples whose "answer" is the
 * record's solution (`<answer>…</answer>`); the trainer only reads the prompt, the frames and the
 * facts the rewards need (problem type, solution, image or video). Frames are decoded once and
 * cached under the run directory.
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
import { prepareExamples, type ExampleUnit, type SftExample } from './sftData.js';

/** One RL prompt: an SFT example of the Video-R1 scorer (facts are `VideoR1Facts`). */
export type RlExample = SftExample;

/** The Video-R1 records file of a split. */
export const rlRecordsFile = (root: string, split: string): string => join(root, 'videor1', split, 'eval_synth.json');

export async function loadRlSplit(
  root: string,
  split: string,
  tok: Tokenizer,
  enc: FrameEncoderConfig,
  cacheDir: string,
  log?: (s: string) => void,
): Promise<RlExample[]> {
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
  const units: ExampleUnit[] = planVideoR1(loaded.items, {
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
  return prepareExamples(`rl-${split}`, { root, split, file: 'eval_synth.json' }, units, tok, enc, cacheDir, log);
}

/** The reward-relevant facts of an RL example. */
export function rlFacts(e: RlExample): { problemType: ProblemType; solution: string; video: boolean } {
  const f = e.facts as unknown as VideoR1Facts;
  return { problemType: f.problem_type, solution: f.solution, video: f.data_type === 'video' };
}
