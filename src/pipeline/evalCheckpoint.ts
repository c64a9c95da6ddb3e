/**
 * Evaluate a trained checkpoint the way a user would evaluate any model: serve it on loopback
 * with `vreason serve`'s server, then run the unchanged evaluator against it over HTTP —
 * Video-MMMU tracks with and without the video (Δknowledge), and the synthetic world's Video-R1
 * records with the shuffled-frame probe. The demo and the T-GRPO ablation both go through here.
 */
import { join } from 'node:path';
import { evaluate, type EvalOutcome } from '../eval/evaluate.js';
import type { EvalOptions } from '../eval/config.js';
import { videoMMMU } from '../tasks/videommmu/index.js';
import type { Results } from '../tasks/videommmu/results.js';
import { videoR1Suite, type SuiteResults } from '../tasks/videor1/index.js';
import { DEFAULT_FRAMES } from '../eval/config.js';
import { loadCheckpoint } from '../nn/checkpoint.js';
import { startModelServer } from '../serve/server.js';
import { VIDEOMMMU_FRAMES } from '../clients/frames.js';

export interface CheckpointEvalOptions {
  checkpoint: string;
  /** A `vreason data synth` folder. */
  data: string;
  split: string;
  /** Results go to `<out>/videommmu` and `<out>/synth`. */
  out: string;
  modelName: string;
  /** At most this many Video-MMMU questions per track (default all). */
  videommmuLimit?: number;
  /** At most this many synthetic Video-R1 records (default all; the shuffled re-asks come on top). */
  synthLimit?: number;
  /** New tokens for the Video-R1 "think" answers (default 384). */
  maxTokens?: number;
  /**
   * New tokens for the Video-MMMU answers (default 384): a bare letter needs one, but a model
   * trained with `--vm-chains` reasons first, and a cut-off chain has no answer line to parse.
   */
  videommmuMaxTokens?: number;
  concurrency?: number;
  seed?: number;
  /** Progress stream of the evaluator; null for silent. */
  progress?: NodeJS.WriteStream | null;
}

export interface CheckpointEval {
  videommmu: EvalOutcome<Results>;
  synth: EvalOutcome<SuiteResults>;
}

export async function evaluateCheckpoint(o: CheckpointEvalOptions): Promise<CheckpointEval> {
  const { model, tokenizer } = loadCheckpoint(o.checkpoint);
  const server = await startModelServer({ model, tokenizer, modelName: o.modelName, port: 0 });
  const common = {
    model: { baseUrl: server.url, name: o.modelName, timeoutMs: 600_000 },
    videoMode: 'frames' as const,
    concurrency: o.concurrency ?? 32,
    conditions: 'both' as const,
    promptStyle: 'lmms-eval' as const,
    seed: o.seed ?? 0,
    log: o.progress === undefined ? process.stderr : o.progress,
  };
  try {
    const videommmu = await evaluate(videoMMMU, {
      ...common,
      tasks: [videoMMMU.name],
      data: join(o.data, videoMMMU.name, o.split),
      output: join(o.out, videoMMMU.name),
      limit: o.videommmuLimit,
      frames: { ...DEFAULT_FRAMES, nframes: VIDEOMMMU_FRAMES },
      params: { temperature: 0, maxTokens: o.videommmuMaxTokens ?? 384, seed: common.seed },
    });
    const synthOpts: EvalOptions = {
      ...common,
      tasks: ['synth'],
      data: join(o.data, 'videor1', o.split, 'eval_synth.json'),
      output: join(o.out, 'synth'),
      limit: o.synthLimit,
      params: { maxTokens: o.maxTokens ?? 384 },
      probe: true,
    };
    const synth = await evaluate(videoR1Suite(synthOpts), synthOpts);
    return { videommmu, synth };
  } finally {
    await server.close();
  }
}
