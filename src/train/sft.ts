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
import { clipGradNorm } from '../nn/optim.js';
import { noGrad } from '../nn/tensor.js';
import { ByteTokenizer, type Tokenizer } from '../nn/tokenizer.js';
import { WordTokenizer, type NumberPieces } from '../nn/wordTokenizer.js';
import { formatReward } from '../rewards/index.js';
import { scoreVideoMMMUFacts } from '../tasks/videommmu/task.js';
import { scoreVideoR1Facts } from '../tasks/videor1/task.js';
import { batchIndices, claimRunDir, existingCheckpoint, round6, roundFields, saveAtomic, startRun } from './runDir.js';
import { cosineLr } from './schedule.js';
import { frameSimilarity } from './frameSimilarity.js';
import { readingUnits, scoreReading } from './readingData.js';
import { drillUnits } from './drillData.js';
import { copyDrillUnits } from './copyDrills.js';
import { quizDrillUnits } from './quizDrills.js';
import { slideDrillUnits } from './slideDrills.js';
import { readGeneratorMeta } from '../synth/meta.js';
import { arithDrillUnits, scoreEquation } from './arithDrills.js';
import {
  framesOf,
  loadReadingSplit,
  loadSftSplit,
  prepareExamples,
  splitDocuments,
  type ExampleUnit,
  type SftExample,
} from './sftData.js';
import type { SynthConfig } from '../synth/plan.js';

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
   * Copies of the "read the slides" examples (src/train/readingData.ts: two per training lecture)
   * in the training pool; 0 (default) leaves the task out.
   */
  reading?: number;
  /**
   * Lectures of text-only reasoning drills (src/train/drillData.ts) in the training pool, planned
   * from their own seed; 0 (default) leaves them out.
   */
  drills?: number;
  /**
   * Copy drills (src/train/copyDrills.ts) in the training pool: random rule sentences and options
   * that the answer restates and walks, so copying from the prompt is the only way to the target;
   * 0 (default) leaves them out.
   */
  copyDrills?: number;
  /**
   * Quiz drills (src/train/quizDrills.ts): Adaptation questions of fresh lectures shown as their
   * quiz image alone, the rule as a note, so the operands can only be read from the pixels;
   * 0 (default) leaves them out.
   */
  quizDrills?: number;
  /**
   * Slide drills (src/train/slideDrills.ts): the title, rule, recap or quiz slide of fresh lectures as
   * one image each, the reading task's transcript as the target; 0 (default) leaves them out.
   */
  slideDrills?: number;
  /**
   * Arithmetic drills (src/train/arithDrills.ts): the chains' equations alone (`What is 9 + 12?`
   * → `9 + 12 = 21`), at the operand ranges the questions use; 0 (default) leaves them out.
   */
  arithDrills?: number;
  /** Video-MMMU targets reason before the answer (src/synth/lectureChains.ts); default false. */
  vmChains?: boolean;
  /**
   * false: leave the world's lecture examples out of the training pool (the tokenizer and the
   * validation split still come from `data`, so a later `init` stage reads the same vocabulary).
   * A short text-only first stage of a curriculum: drills and copy drills alone. Default true.
   */
  lectures?: boolean;
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

export function scoreAnswer(e: SftExample, text: string): number {
  if (e.scorer === 'reading') return scoreReading(e.facts, text);
  if (e.scorer === 'equation') return scoreEquation(e.facts, text);
  return e.scorer === 'videommmu' ? scoreVideoMMMUFacts(e.facts, text).score : scoreVideoR1Facts(e.facts, text).score;
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
  const vm = sample.map((e, i) => [e, i] as const).filter(([e]) => e.scorer === 'videommmu');
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    accuracy: mean(scores),
    format: mean(r1.map(([, i]) => formatReward(texts[i]!))),
    accuracy_videommmu: mean(vm.map(([, i]) => scores[i]!)),
    n: sample.length,
  };
}

export async function trainSft(o: SftOptions): Promise<SftOutcome> {
  const log = o.log ?? (() => {});
  mkdirSync(o.out, { recursive: true });
  // The options that change the result: a resumed run must agree on all of them.
  const initial = o.init ? loadCheckpoint(o.init) : null;
  if (initial) o = { ...o, model: initial.model.config };
  const { stopAfter, log: _l, out: _o, ...resultOptions } = o;
  claimRunDir(o.out, 'sft_config.json', resultOptions, { out: o.out, stopAfter });
  const targets = { vmChains: o.vmChains ?? false };
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
      const extra = o.reading ? readingUnits(o.data, o.trainSplit, o.model.encoder?.maxFrames ?? 0) : [];
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
  const enc = o.model.encoder;
  if (!enc) throw new UsageError('SFT needs a model with a frame encoder');
  const cache = join(o.out, 'data');
  const lectures = o.lectures ?? true;
  // Without the lectures their frames are never decoded: a text-only stage starts at once.
  const tasks = lectures ? await loadSftSplit(o.data, o.trainSplit, tok, enc, cache, log, targets) : [];
  const val = await loadSftSplit(o.data, o.valSplit, tok, enc, cache, log, targets);
  if (lectures && !tasks.length) throw new UsageError(`${o.data}: no training examples in split '${o.trainSplit}'`);
  const reading = o.reading ?? 0;
  const readTrain = reading ? await loadReadingSplit(o.data, o.trainSplit, tok, enc, cache, log) : [];
  const readVal = reading ? await loadReadingSplit(o.data, o.valSplit, tok, enc, cache, log) : [];
  // Each drill kind is generated from its count and the seed, prepared once and cached by both.
  const drillSet = async (
    name: string,
    key: keyof SftOptions,
    units: (count: number) => ExampleUnit[],
  ): Promise<SftExample[]> => {
    const count = o[key] as number | undefined;
    return count ? prepareExamples(name, { [key]: count, seed: o.seed }, units(count), tok, enc, cache, log) : [];
  };
  // Quiz and slide drills are drawn at the data's frame size (read once, only when asked for).
  let size: SynthConfig | undefined;
  const frameSize = () =>
    (size ??= readGeneratorMeta(o.data, 'quiz and slide drills (--quiz-drills, --slide-drills)').config);
  const drills = await drillSet('drills', 'drills', (n) => drillUnits(n, o.seed));
  const copies = await drillSet('copy-drills', 'copyDrills', (n) => copyDrillUnits(n, o.seed));
  const quizzes = await drillSet('quiz-drills', 'quizDrills', (n) => quizDrillUnits(n, o.seed, frameSize()));
  const slides = await drillSet('slide-drills', 'slideDrills', (n) => slideDrillUnits(n, o.seed, frameSize()));
  const ariths = await drillSet('arith-drills', 'arithDrills', (n) => arithDrillUnits(n, o.seed));
  // Copies are references to the same examples: `reading` sets the task's share of the batches.
  const train = [
    ...tasks,
    ...Array.from({ length: reading }, () => readTrain).flat(),
    ...drills,
    ...copies,
    ...quizzes,
    ...slides,
    ...ariths,
  ];
  for (const e of [...train, ...val, ...readVal]) {
    const n = positionsOf(model, e) + e.tokens.length - 1;
    if (n > o.model.maxLen)
      throw new UsageError(`example ${e.id} needs ${n} positions; the model's maxLen is ${o.model.maxLen}`);
  }
  // A fixed, seeded validation order so every evaluation looks at the same examples.
  const valOrder = batchIndices(1, val.length, val.length, o.seed + 1).map((i) => val[i]!);
  const readValOrder = batchIndices(1, readVal.length, readVal.length, o.seed + 2).map((i) => readVal[i]!);
  if (!train.length)
    throw new UsageError(
      'no training examples: without the lectures, give --drills, --copy-drills, --quiz-drills, --slide-drills, --arith-drills or --reading',
    );
  const counts: [number, string][] = [
    [drills.length, 'drills'],
    [copies.length, 'copy drills'],
    [quizzes.length, 'quiz drills'],
    [slides.length, 'slide drills'],
    [ariths.length, 'arithmetic drills'],
  ];
  const parts = [
    lectures ? '' : 'no lectures',
    reading ? `${readTrain.length} reading × ${reading}` : '',
    ...counts.map(([n, what]) => (n ? `${n} ${what}` : '')),
  ]
    .filter(Boolean)
    .join(', ');
  log(
    `sft: ${train.length} training${parts ? ` (${parts})` : ''} / ${val.length} validation examples, ${(model.numParams() / 1e6).toFixed(2)} M parameters, steps ${start + 1}..${o.steps}`,
  );

  const params = model.parameters();
  let lastLoss: number | null = null;
  let lastEval: EvalResult | null = null;
  const end = Math.min(o.steps, o.stopAfter ?? o.steps);
  const began = performance.now();
  for (let step = start + 1; step <= end; step++) {
    const t0 = performance.now();
    const batch = batchIndices(step, o.batchSize, train.length, o.seed).map((i) => train[i]!);
    const seqs = batch.map((e) => ({ e, ...sequence(e, positionsOf(model, e)) }));
    let loss = 0;
    let positions = 0;
    for (const s of seqs) {
      const l = model.loss(s.tokens, s.targets, 1, framesOf(s.e));
      // Every example weighs the same, however long its answer: a Video-MMMU answer is one or two
      // tokens, a chain of thought hundreds, and a per-token mean would drown the former.
      const w = 1 / seqs.length;
      loss += l.item() * w;
      l.backward(new Float32Array([w]));
      positions += s.targets.length;
    }
    const gradNorm = clipGradNorm(params, o.gradClip);
    const lr = cosineLr(step, { peak: o.lr, min: o.minLr, warmup: o.warmup, total: o.steps });
    optimizer.lr = lr;
    optimizer.update();
    optimizer.zeroGrad();
    const seconds = (performance.now() - t0) / 1000;
    const tokensPerS = positions / seconds;
    lastLoss = loss;
    appendFileSync(
      logPath,
      `${JSON.stringify({ step, loss: round(loss), lr: Number(lr.toExponential(4)), tokens_per_s: Math.round(tokensPerS), grad_norm: round(gradNorm) })}\n`,
    );
    const elapsed = (performance.now() - began) / 1000;
    const eta = (elapsed / (step - start)) * (end - step);
    log(
      `step ${step}/${o.steps}  loss ${loss.toFixed(4)}  lr ${lr.toExponential(2)}  ${Math.round(tokensPerS)} tok/s  grad ${gradNorm.toFixed(2)}  eta ${Math.round(eta)} s`,
    );
    if (o.evalEvery > 0 && (step % o.evalEvery === 0 || step === o.steps) && val.length) {
      lastEval = evaluateSft(model, tok, valOrder, o, readValOrder);
      appendFileSync(logPath, `${JSON.stringify({ step, eval: roundFields(lastEval) })}\n`);
      const read =
        (lastEval.reading === undefined ? '' : `  reading ${lastEval.reading.toFixed(3)}`) +
        (lastEval.frame_similarity === undefined ? '' : `  frame similarity ${lastEval.frame_similarity.toFixed(3)}`);
      log(
        `eval @ ${step}: loss ${lastEval.loss.toFixed(4)}  accuracy ${lastEval.accuracy.toFixed(3)}  format ${lastEval.format.toFixed(3)}${read}  (n=${lastEval.n})`,
      );
    }
    if (step % o.saveEvery === 0 || step === end) saveAtomic(o.out, model, tok, optimizer, step, o.seed);
  }
  const checkpoint = existingCheckpoint(o.out) ?? saveAtomic(o.out, model, tok, optimizer, start, o.seed);
  return { step: Math.max(start, end), lastLoss, lastEval, checkpoint };
}

const round = round6;
