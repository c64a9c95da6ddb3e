/**
 * Supervised fine-tuning of the embedded video-language model on the synthetic world's
 * chain-of-thought data (`vreason train sft`).
 *
 * One step = `batchSize` examples, each run forward and backward on its own (examples differ in
 * length and frame count, and padding would cost more than it saves on two cores), with the
 * gradients summed so the step minimises the mean over examples of each one's mean answer-token
 * cross-entropy.
 * Only answer tokens are predicted: the prompt and the frames are context. Then global-norm
 * clipping, AdamW, and the cosine schedule.
 *
 * The run directory holds:
 *   sft_config.json   the options (a resumed run must use the same ones)
 *   train.jsonl       one line per step {step, loss, lr, tokens_per_s, grad_norm} and per
 *                     evaluation {step, eval: {loss, accuracy, format, …}} (src/report/trainLog.ts)
 *   checkpoint/       the latest weights + AdamW state + step (replaced atomically)
 *   data/             the prepared examples (frames decoded once)
 * Which examples form step s is a pure function of (seed, s), so a run resumed from its checkpoint
 * takes exactly the steps an uninterrupted run would have taken.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { loadCheckpoint } from '../nn/checkpoint.js';
import { generate } from '../nn/generate.js';
import { patchesPerFrame, VideoLM, type ModelConfig } from '../nn/model.js';
import { clipGradNorm, type AdamW } from '../nn/optim.js';
import { noGrad } from '../nn/tensor.js';
import { ByteTokenizer, type Tokenizer } from '../nn/tokenizer.js';
import { WordTokenizer, type NumberPieces } from '../nn/wordTokenizer.js';
import { formatReward } from '../rewards/index.js';
import { videoMMMU } from '../tasks/videommmu/index.js';
import { VIDEOMMMU } from '../tasks/videommmu/task.js';
import { scoreVideoR1Facts } from '../tasks/videor1/task.js';
import { batchIndices, claimRunDir, existingCheckpoint, round6, roundFields, saveAtomic, startRun } from './runDir.js';
import { cosineLr } from './schedule.js';
import { frameSimilarity } from './frameSimilarity.js';
import { readingUnits, scoreReading } from './sources/reading.js';
import { scoreEquation } from './sources/arithDrills.js';
import { checkMix, DEFAULT_MIX, mixPool, type Mix } from './sources/index.js';
import { framesOf, loadReadingSplit, loadSftSplit, splitDocuments, type Scorer, type SftExample } from './sftData.js';

export interface SftOptions {
  /** A `vreason data synth` output folder. */
  data: string;
  out: string;
  /** vocabSize is taken from the tokenizer. */
  model: ModelConfig;
  /** 'word' (default): a vocabulary learned from the training split, bytes for the rest; 'byte': bytes only. */
  tokenizer?: 'word' | 'byte';
  /** Word tokenizer only: numbers digit by digit (default) or whole (src/nn/wordTokenizer.ts). */
  numbers?: NumberPieces;
  trainSplit: string;
  valSplit: string;
  steps: number;
  batchSize: number;
  lr: number;
  minLr: number;
  warmup: number;
  weightDecay: number;
  gradClip: number;
  evalEvery: number;
  /** Validation examples whose loss is measured at each evaluation (all when larger). */
  evalLossSamples: number;
  /** Validation examples answered by greedy generation at each evaluation. */
  evalGenSamples: number;
  /**
   * How much of each example source goes into the training pool (src/train/sources/): e.g.
   * `{ lectures: 1, reading: 8, drills: 1500 }`. Default `{ lectures: 1 }`, the world's own examples.
   */
  mix?: Mix;
  /** Video-MMMU targets reason before the answer (src/synth/lectureChains.ts); default false. */
  vmChains?: boolean;
  /**
   * Start from this checkpoint's weights and tokenizer (a fresh optimizer and schedule) instead of a
   * random model: a curriculum, e.g. copy drills first, then the full mix. Its model shape
   * replaces `model`.
   */
  init?: string;
  saveEvery: number;
  seed: number;
  /** Stop after this step in this invocation (the run resumes from its checkpoint next time). */
  stopAfter?: number;
  log?: (line: string) => void;
}

/** The model `vreason train sft` trains by default: 64×48 frames in 16-pixel patches (12 tokens a frame). */
export const DEFAULT_SFT_MODEL: ModelConfig = {
  vocabSize: 0,
  dModel: 128,
  nHeads: 4,
  nLayers: 4,
  dMlp: 512,
  maxLen: 768,
  encoder: { imageSize: 64, imageHeight: 48, patchSize: 16, channels: 3, maxFrames: 9, nLayers: 2, normalize: 'frame' },
};

export interface SftOutcome {
  step: number;
  lastLoss: number | null;
  lastEval: EvalResult | null;
  checkpoint: string;
}

export interface EvalResult {
  loss: number;
  /** Mean score (0–1) of greedy answers, with the evaluator's scorers. */
  accuracy: number;
  /** Format reward on the Video-R1 ("think" prompt) answers. */
  format: number;
  accuracy_videommmu: number;
  n: number;
  /** Share of frames transcribed exactly on validation reading examples (when the task is on). */
  reading?: number;
  /**
   * Mean cosine similarity of the frame tokens of different validation clips at the same position:
   * near 1 means the encoder says the same about every video (collapsed), so nothing the frames
   * show can reach the answers.
   */
  frame_similarity?: number;
}

/** Validation reading examples transcribed at each evaluation. */
const READING_EVAL_SAMPLES = 8;

export { batchIndices } from './runDir.js';
export { frameSimilarity } from './frameSimilarity.js';

export { framesOf } from './sftData.js';

/** Decoder inputs and targets of one example: answer tokens (and the closing EOS) are the only targets. */
function sequence(
  e: SftExample,
  framePositions: number,
): { tokens: Int32Array; targets: Int32Array; answerTokens: number } {
  return answerSequence(e.tokens, e.promptLen, framePositions);
}

/**
 * Inputs and next-token targets of `all` = prompt (its first `promptLen` tokens) + answer, after
 * `framePositions` frame tokens: targets are −1 except where an answer token is predicted.
 */
export function answerSequence(
  all: readonly number[],
  promptLen: number,
  framePositions: number,
): { tokens: Int32Array; targets: Int32Array; answerTokens: number } {
  const tokens = Int32Array.from(all.slice(0, -1));
  const targets = new Int32Array(framePositions + tokens.length).fill(-1);
  for (let i = promptLen - 1; i < tokens.length; i++) targets[framePositions + i] = all[i + 1]!;
  return { tokens, targets, answerTokens: all.length - promptLen };
}

export const positionsOf = (model: VideoLM, e: SftExample): number =>
  model.config.encoder ? e.frameCount * patchesPerFrame(model.config.encoder) : 0;

/** Mean answer-token loss over examples, without gradients. */
function meanLoss(model: VideoLM, examples: readonly SftExample[]): number {
  let sum = 0;
  let count = 0;
  noGrad(() => {
    for (const e of examples) {
      const s = sequence(e, positionsOf(model, e));
      sum += model.loss(s.tokens, s.targets, 1, framesOf(e)).item() * s.answerTokens;
      count += s.answerTokens;
    }
  });
  return count ? sum / count : 0;
}

/** Each scorer of a training example: the evaluator's tasks score exactly as an evaluation run does. */
const SCORERS: Record<Scorer, (facts: Record<string, unknown>, text: string) => number> = {
  [VIDEOMMMU]: (facts, text) => videoMMMU.score(facts, text).score,
  videor1: (facts, text) => scoreVideoR1Facts(facts, text).score,
  reading: scoreReading,
  equation: scoreEquation,
};

export function scoreAnswer(e: SftExample, text: string): number {
  return SCORERS[e.scorer](e.facts, text);
}

export function evaluateSft(
  model: VideoLM,
  tok: Tokenizer,
  val: readonly SftExample[],
  o: Pick<SftOptions, 'evalLossSamples' | 'evalGenSamples'>,
  reading: readonly SftExample[] = [],
): EvalResult {
  const loss = meanLoss(model, val.slice(0, o.evalLossSamples));
  const out: EvalResult = { loss, ...greedyEval(model, tok, val.slice(0, o.evalGenSamples)) };
  if (reading.length) out.reading = greedyEval(model, tok, reading.slice(0, READING_EVAL_SAMPLES)).accuracy;
  const similarity = frameSimilarity(model, val);
  if (similarity !== null) out.frame_similarity = similarity;
  return out;
}

/** Greedy answers to `sample`, scored with the evaluator's scorers (and the format reward on Video-R1 answers). */
export function greedyEval(
  model: VideoLM,
  tok: Tokenizer,
  sample: readonly SftExample[],
  maxTokens = 640,
): Omit<EvalResult, 'loss'> {
  const outs = generate(
    model,
    sample.map((e) => ({ tokens: e.tokens.slice(0, e.promptLen), frames: framesOf(e) })),
    { maxTokens: Math.min(maxTokens, model.config.maxLen), eos: tok.eos },
  );
  const texts = outs.map((t) => tok.decode(t));
  const scores = sample.map((e, i) => scoreAnswer(e, texts[i]!));
  const r1 = sample.map((e, i) => [e, i] as const).filter(([e]) => e.scorer === 'videor1');
  const vm = sample.map((e, i) => [e, i] as const).filter(([e]) => e.scorer === VIDEOMMMU);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    accuracy: mean(scores),
    format: mean(r1.map(([, i]) => formatReward(texts[i]!))),
    accuracy_videommmu: mean(vm.map(([, i]) => scores[i]!)),
    n: sample.length,
  };
}

/** Everything a training loop needs, prepared once: the model, the tokenizer, the optimizer, the example pools. */
export interface SftRun {
  o: SftOptions;
  model: VideoLM;
  tok: Tokenizer;
  optimizer: AdamW;
  /** The last step already trained (0 for a fresh run). */
  start: number;
  logPath: string;
  train: SftExample[];
  /** Validation examples in a fixed, seeded order, so every evaluation looks at the same ones. */
  val: SftExample[];
  /** Validation reading examples, when the mix has `reading`. */
  readVal: SftExample[];
}

/**
 * Claim (or resume) the run folder, build or load the model and tokenizer, and prepare the mix's
 * training pool and the validation split (frames decoded once, cached in `<out>/data`).
 */
export async function prepareSft(o: SftOptions): Promise<SftRun> {
  const log = o.log ?? (() => {});
  mkdirSync(o.out, { recursive: true });
  const mix = checkMix(o.mix ?? DEFAULT_MIX);
  // The options that change the result: a resumed run must agree on all of them.
  const initial = o.init ? loadCheckpoint(o.init) : null;
  if (initial) o = { ...o, model: initial.model.config };
  const { stopAfter, log: _l, out: _o, ...resultOptions } = o;
  claimRunDir(o.out, 'sft_config.json', { ...resultOptions, mix }, { out: o.out, stopAfter });
  const targets = { vmChains: o.vmChains ?? false };
  const enc = o.model.encoder;
  if (!enc) throw new UsageError('SFT needs a model with a frame encoder');
  const {
    model,
    tokenizer: tok,
    optimizer,
    step: start,
    logPath,
  } = await startRun(
    o.out,
    async () => {
      if (initial) {
        log(`starting from the weights of ${o.init}`);
        return { tokenizer: initial.tokenizer, model: initial.model };
      }
      const extra = mix.reading ? readingUnits(o.data, o.trainSplit, enc.maxFrames) : [];
      const tokenizer =
        (o.tokenizer ?? 'word') === 'byte'
          ? new ByteTokenizer()
          : WordTokenizer.train(await splitDocuments(o.data, o.trainSplit, extra, targets), {
              numbers: o.numbers ?? 'digits',
            });
      return { tokenizer, model: new VideoLM({ ...o.model, vocabSize: tokenizer.vocabSize }, o.seed) };
    },
    { lr: o.lr, weightDecay: o.weightDecay },
    log,
  );
  const cache = join(o.out, 'data');
  const ctx = { data: o.data, split: o.trainSplit, seed: o.seed, tok, enc, cache, targets, log };
  const { pool: train, counts } = await mixPool(mix, ctx);
  const val = await loadSftSplit(o.data, o.valSplit, tok, enc, cache, log, targets);
  const readVal = mix.reading ? await loadReadingSplit(o.data, o.valSplit, tok, enc, cache, log) : [];
  for (const e of [...train, ...val, ...readVal]) {
    const n = positionsOf(model, e) + e.tokens.length - 1;
    if (n > o.model.maxLen)
      throw new UsageError(`example ${e.id} needs ${n} positions; the model's maxLen is ${o.model.maxLen}`);
  }
  const mixed = counts.map((c) => `${c.name} ${c.examples}`).join(', ');
  log(
    `sft: ${train.length} training (${mixed}) / ${val.length} validation examples, ` +
      `${(model.numParams() / 1e6).toFixed(2)} M parameters, steps ${start + 1}..${o.steps}`,
  );
  return {
    o,
    model,
    tok,
    optimizer,
    start,
    logPath,
    train,
    val: batchIndices(1, val.length, val.length, o.seed + 1).map((i) => val[i]!),
    readVal: batchIndices(1, readVal.length, readVal.length, o.seed + 2).map((i) => readVal[i]!),
  };
}

export interface StepStats {
  loss: number;
  lr: number;
  gradNorm: number;
  tokensPerS: number;
}

/**
 * One optimizer step on the batch of `step` (a pure function of the seed and the step): the mean
 * of the examples' answer-token losses, each example weighted equally, clipped, AdamW.
 */
export function sftStep(run: SftRun, step: number): StepStats {
  const { o, model, optimizer } = run;
  const t0 = performance.now();
  const batch = batchIndices(step, o.batchSize, run.train.length, o.seed).map((i) => run.train[i]!);
  let loss = 0;
  let positions = 0;
  for (const e of batch) {
    const s = sequence(e, positionsOf(model, e));
    const l = model.loss(s.tokens, s.targets, 1, framesOf(e));
    // Every example weighs the same, however long its answer: a Video-MMMU answer is one or two
    // tokens, a chain of thought hundreds, and a per-token mean would drown the former.
    const w = 1 / batch.length;
    loss += l.item() * w;
    // Nothing of this example's graph is read again: its buffers go back to the pool (src/nn/pool.ts).
    l.backward(new Float32Array([w]), { releaseActivations: true });
    positions += s.targets.length;
  }
  const gradNorm = clipGradNorm(model.parameters(), o.gradClip);
  const lr = cosineLr(step, { peak: o.lr, min: o.minLr, warmup: o.warmup, total: o.steps });
  optimizer.lr = lr;
  optimizer.update();
  optimizer.zeroGrad();
  return { loss, lr, gradNorm, tokensPerS: positions / ((performance.now() - t0) / 1000) };
}

/**
 * Prepare, then the loop: a step, its log line, an evaluation every `evalEvery` steps, a checkpoint every `saveEvery`.
 */
export async function trainSft(o: SftOptions): Promise<SftOutcome> {
  const log = o.log ?? (() => {});
  const run = await prepareSft(o);
  const { model, tok, optimizer, start, logPath } = run;
  let lastLoss: number | null = null;
  let lastEval: EvalResult | null = null;
  const end = Math.min(o.steps, o.stopAfter ?? o.steps);
  const began = performance.now();
  for (let step = start + 1; step <= end; step++) {
    const s = sftStep(run, step);
    lastLoss = s.loss;
    const line = {
      step,
      loss: round(s.loss),
      lr: Number(s.lr.toExponential(4)),
      tokens_per_s: Math.round(s.tokensPerS),
      grad_norm: round(s.gradNorm),
    };
    appendFileSync(logPath, `${JSON.stringify(line)}\n`);
    const eta = (((performance.now() - began) / 1000) * (end - step)) / (step - start);
    log(
      `step ${step}/${o.steps}  loss ${s.loss.toFixed(4)}  lr ${s.lr.toExponential(2)}  ${Math.round(s.tokensPerS)} ` +
        `tok/s  grad ${s.gradNorm.toFixed(2)}  eta ${Math.round(eta)} s`,
    );
    if (o.evalEvery > 0 && (step % o.evalEvery === 0 || step === o.steps) && run.val.length) {
      lastEval = evaluateSft(model, tok, run.val, o, run.readVal);
      appendFileSync(logPath, `${JSON.stringify({ step, eval: roundFields(lastEval) })}\n`);
      log(`eval @ ${step}: ${evalText(lastEval)}`);
    }
    if (step % o.saveEvery === 0 || step === end) saveAtomic(o.out, model, tok, optimizer, step, o.seed);
  }
  const checkpoint = existingCheckpoint(o.out) ?? saveAtomic(o.out, model, tok, optimizer, start, o.seed);
  return { step: Math.max(start, end), lastLoss, lastEval, checkpoint };
}

const evalText = (e: EvalResult): string =>
  `loss ${e.loss.toFixed(4)}  accuracy ${e.accuracy.toFixed(3)}  format ${e.format.toFixed(3)}` +
  (e.reading === undefined ? '' : `  reading ${e.reading.toFixed(3)}`) +
  (e.frame_similarity === undefined ? '' : `  frame similarity ${e.frame_similarity.toFixed(3)}`) +
  `  (n=${e.n})`;

const round = round6;
