/**
 * A tiny starting policy for GRPO tests: a d-32 video LM with the word tokenizer `vreason train sft`
 * uses by default (learned from the world's training split), trained for a hundred steps to answer each
 * Video-R1 prompt of a (small) synthetic world with "<think>hmm</think> <answer>X</answer>", X
 * the gold answer on even steps and a wrong one on odd steps, so that sampled responses are right
 * about half the time and mostly well formed — rewards that vary within a group, hence non-zero
 * advantages. Saved as a checkpoint directory, as `vreason train sft` would leave one. A test
 * helper, not part of the product. Keep the world to a handful of training prompts
 * (`keepRecords`): the tiny model memorises those in a hundred steps.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../../src/nn/checkpoint.js';
import { kernels } from '../../src/nn/engine.js';
import { DEFAULT_CONFIG } from '../../src/synth/plan.js';
import { writeSynth } from '../../src/synth/write.js';
import type { ModelConfig } from '../../src/nn/model.js';
import { VideoLM } from '../../src/nn/model.js';
import { AdamW } from '../../src/nn/optim.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';
import { WordTokenizer } from '../../src/nn/wordTokenizer.js';
import { extractAnswer } from '../../src/rewards/index.js';
import { loadRlSplit, rlFacts, rlRecordsFile } from '../../src/train/grpoData.js';
import { answerSequence, framesOf, positionsOf } from '../../src/train/sft.js';
import { splitDocuments } from '../../src/train/sftData.js';

/** A tiny model (byte vocabulary; the policy below widens it to its tokenizer's). */
export const TINY_MODEL: ModelConfig = {
  vocabSize: new ByteTokenizer().vocabSize,
  dModel: 32,
  nHeads: 2,
  nLayers: 2,
  dMlp: 64,
  maxLen: 1536,
  encoder: { imageSize: 32, imageHeight: 24, patchSize: 8, channels: 3, maxFrames: 9, nLayers: 1, normalize: 'frame' },
};

/** Train the tiny policy on `synth`'s training prompts for `steps` steps; returns the checkpoint directory. */
export async function tinyPolicy(synth: string, dir: string, steps = 100): Promise<string> {
  const tok = WordTokenizer.train(await splitDocuments(synth, 'train'));
  const model = new VideoLM({ ...TINY_MODEL, vocabSize: tok.vocabSize }, 5);
  const split = await loadRlSplit(synth, 'train', tok, TINY_MODEL.encoder!, join(dir, 'policy-data'));
  const examples = await split.load(split.examples);
  const opt = new AdamW(model.parameters(), { lr: 1e-2, weightDecay: 0 });
  for (let s = 0; s < steps; s++) {
    const e = examples[Math.floor(s / 2) % examples.length]!;
    const gold = extractAnswer(rlFacts(e).solution);
    const wrong = /^\d+$/.test(gold) ? String(Number(gold) + 1) : gold === 'A' ? 'B' : 'A';
    const answer = tok.encode(`<think>hmm</think> <answer>${s % 2 ? wrong : gold}</answer>`);
    const s1 = answerSequence(
      [...e.tokens.slice(0, e.promptLen), ...answer, tok.eos],
      e.promptLen,
      positionsOf(model, e),
    );
    model.loss(s1.tokens, s1.targets, 1, framesOf(e)).backward();
    opt.update();
    opt.zeroGrad();
  }
  const out = join(dir, 'policy');
  saveCheckpoint(out, model, tok);
  return out;
}

/**
 * Keep `n` records of a split's Video-R1 file: multiple-choice videos first, then one image and one
 * numerical video when there are any (so a batch mixes images and videos).
 */
export function keepRecords(synth: string, split: string, n: number): void {
  const file = rlRecordsFile(synth, split);
  const rows = JSON.parse(readFileSync(file, 'utf8')) as { data_type: string; problem_type: string }[];
  const image = rows.filter((r) => r.data_type === 'image').slice(0, 1);
  const numeric = rows.filter((r) => r.data_type === 'video' && r.problem_type === 'numerical').slice(0, 1);
  const mc = rows.filter((r) => r.data_type === 'video' && r.problem_type === 'multiple choice');
  writeFileSync(
    file,
    JSON.stringify([...mc.slice(0, Math.max(1, n - image.length - numeric.length)), ...image, ...numeric].slice(0, n)),
  );
}

/**
 * A temp folder with a small synthetic world cut to a handful of training prompts and the tiny
 * policy trained on them, with one engine thread (tiny matrices; the runner runs two files at once).
 */
export async function tinyRlSetup(
  prefix: string,
  world: { seed: number; videos: number; ratios: [number, number, number] },
  keep: Record<string, number>,
): Promise<{ dir: string; synth: string; init: string }> {
  kernels().threads(1);
  process.env.VREASON_THREADS = '1';
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const synth = join(dir, 'synth');
  await writeSynth({ ...DEFAULT_CONFIG, ...world, jobs: 2, out: synth });
  for (const [split, n] of Object.entries(keep)) keepRecords(synth, split, n);
  return { dir, synth, init: await tinyPolicy(synth, dir) };
}
