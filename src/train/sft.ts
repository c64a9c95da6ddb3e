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
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { hashObject } from '../core/hash.js';
import { loadCheckpoint, saveCheckpoint } from '../nn/checkpoint.js';
import { generate } from '../nn/generate.js';
import { patchesPerFrame, VideoLM, type Frames, type ModelConfig } from '../nn/model.js';
import { AdamW, clipGradNorm } from '../nn/optim.js';
import { Rng } from '../nn/random.js';
import { noGrad } from '../nn/tensor.js';
import { ByteTokenizer, type Tokenizer } from '../nn/tokenizer.js';
import { WordTokenizer } from '../nn/wordTokenizer.js';
import { formatReward } from '../rewards/index.js';
import { scoreVideoMMMUFacts } from '../tasks/videommmu/task.js';
import { scoreVideoR1Facts } from '../tasks/videor1/task.js';
import { cosineLr } from './schedule.js';
import { loadSftSplit, splitDocuments, type SftExample } from './sftData.js';

export interface SftOptions {
  /** A `vreason data synth` output folder. */
  data: string;
  out: string;
  /** vocabSize is taken from the tokenizer. */
  model: ModelConfig;
  /** 'word' (default): a vocabulary learned from the training split, bytes for the rest; 'byte': bytes only. */
  tokenizer?: 'word' | 'byte';
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
  encoder: { imageSize: 64, imageHeight: 48, patchSize: 16, channels: 3, maxFrames: 9, nLayers: 2 },
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
}

/** The options that change the result: a resumed run must agree on all of them. */
function fingerprint(o: SftOptions): string {
  const { stopAfter: _s, log: _l, out: _o, ...rest } = o;
  return hashObject(rest, 16);
}

/** The example indices of step `step` (1-based): consecutive slices of per-epoch seeded permutations. */
export function batchIndices(step: number, batchSize: number, n: number, seed: number): number[] {
  const out: number[] = [];
  let perm: number[] = [];
  let permEpoch = -1;
  for (let p = (step - 1) * batchSize; p < step * batchSize; p++) {
    const epoch = Math.floor(p / n);
    if (epoch !== permEpoch) {
      const rng = new Rng(seed * 7919 + epoch);
      perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      permEpoch = epoch;
    }
    out.push(perm[p % n]!);
  }
  return out;
}

function framesOf(e: SftExample): Frames | undefined {
  if (!e.frames) return undefined;
  return { data: Float32Array.from(e.frames, (b) => b / 255), count: e.frameCount };
}

/** Decoder inputs and targets of one example: answer tokens (and the closing EOS) are the only targets. */
function sequence(e: SftExample, framePositions: number): { tokens: Int32Array; targets: Int32Array; answerTokens: number } {
  const tokens = Int32Array.from(e.tokens.slice(0, -1));
  const targets = new Int32Array(framePositions + tokens.length).fill(-1);
  for (let i = e.promptLen - 1; i < tokens.length; i++) targets[framePositions + i] = e.tokens[i + 1]!;
  return { tokens, targets, answerTokens: e.tokens.length - e.promptLen };
}

const positionsOf = (model: VideoLM, e: SftExample): number => (model.config.encoder ? e.frameCount * patchesPerFrame(model.config.encoder) : 0);

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
  return e.scorer === 'videommmu' ? scoreVideoMMMUFacts(e.facts, text).score : scoreVideoR1Facts(e.facts, text).score;
}

export function evaluateSft(model: VideoLM, tok: Tokenizer, val: readonly SftExample[], o: Pick<SftOptions, 'evalLossSamples' | 'evalGenSamples'>): EvalResult {
  const loss = meanLoss(model, val.slice(0, o.evalLossSamples));
  const sample = val.slice(0, o.evalGenSamples);
  const outs = generate(
    model,
    sample.map((e) => ({ tokens: e.tokens.slice(0, e.promptLen), frames: framesOf(e) })),
    { maxTokens: Math.min(640, model.config.maxLen), eos: tok.eos },
  );
  const texts = outs.map((t) => tok.decode(t));
  const scores = sample.map((e, i) => scoreAnswer(e, texts[i]!));
  const r1 = sample.map((e, i) => [e, i] as const).filter(([e]) => e.scorer === 'videor1');
  const vm = sample.map((e, i) => [e, i] as const).filter(([e]) => e.scorer === 'videommmu');
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    loss,
    accuracy: mean(scores),
    format: mean(r1.map(([, i]) => formatReward(texts[i]!))),
    accuracy_videommmu: mean(vm.map(([, i]) => scores[i]!)),
    n: sample.length,
  };
}

/** Replace `<out>/checkpoint` atomically: write beside it, then swap with two renames. */
function saveAtomic(out: string, model: VideoLM, tok: Tokenizer, optimizer: AdamW, step: number, seed: number): string {
  const dir = join(out, 'checkpoint');
  const tmp = join(out, `checkpoint.tmp-${process.pid}`);
  const old = join(out, 'checkpoint.old');
  rmSync(tmp, { recursive: true, force: true });
  saveCheckpoint(tmp, model, tok, { optimizer, step, rngState: seed });
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return dir;
}

/** The newest complete checkpoint: a crash between the two renames leaves only checkpoint.old. */
function existingCheckpoint(out: string): string | null {
  for (const d of ['checkpoint', 'checkpoint.old']) if (existsSync(join(out, d, 'train_state.safetensors'))) return join(out, d);
  return null;
}

/** Keep the log lines of steps ≤ `step`: a resumed run rewrites what came after its checkpoint. */
function truncateLog(path: string, step: number): void {
  if (!existsSync(path)) return;
  const keep = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && (JSON.parse(l) as { step: number }).step <= step);
  writeFileSync(path, keep.map((l) => `${l}\n`).join(''));
}

export async function trainSft(o: SftOptions): Promise<SftOutcome> {
  const log = o.log ?? (() => {});
  mkdirSync(o.out, { recursive: true });
  const cfgPath = join(o.out, 'sft_config.json');
  const fp = fingerprint(o);
  const ckpt = existingCheckpoint(o.out);
  if (ckpt && existsSync(cfgPath)) {
    const saved = JSON.parse(readFileSync(cfgPath, 'utf8')) as { fingerprint: string };
    if (saved.fingerprint !== fp) throw new UsageError(`${o.out} holds a run with other options (see sft_config.json); use another --out or the same options to resume`);
  }
  const { log: _l, ...recorded } = o;
  writeFileSync(cfgPath, `${JSON.stringify({ fingerprint: fp, ...recorded }, null, 2)}\n`);

  let tok: Tokenizer = (o.tokenizer ?? 'word') === 'byte' ? new ByteTokenizer() : WordTokenizer.train(await splitDocuments(o.data, o.trainSplit));
  let model = new VideoLM({ ...o.model, vocabSize: tok.vocabSize }, o.seed);
  let optimizer = new AdamW(model.parameters(), { lr: o.lr, weightDecay: o.weightDecay });
  let start = 0;
  if (ckpt) {
    const loaded = loadCheckpoint(ckpt);
    model = loaded.model;
    tok = loaded.tokenizer;
    optimizer = new AdamW(model.parameters(), { lr: o.lr, weightDecay: o.weightDecay });
    if (loaded.train) {
      optimizer.load(loaded.train.optimizer);
      start = loaded.train.step;
    }
    log(`resuming from ${ckpt} at step ${start}`);
  }
  const logPath = join(o.out, 'train.jsonl');
  truncateLog(logPath, start);
  const enc = o.model.encoder;
  if (!enc) throw new UsageError('SFT needs a model with a frame encoder');
  const cache = join(o.out, 'data');
  const train = await loadSftSplit(o.data, o.trainSplit, tok, enc, cache, log);
  const val = await loadSftSplit(o.data, o.valSplit, tok, enc, cache, log);
  if (!train.length) throw new UsageError(`${o.data}: no training examples in split '${o.trainSplit}'`);
  for (const e of [...train, ...val]) {
    const n = positionsOf(model, e) + e.tokens.length - 1;
    if (n > o.model.maxLen) throw new UsageError(`example ${e.id} needs ${n} positions; the model's maxLen is ${o.model.maxLen}`);
  }
  // A fixed, seeded validation order so every evaluation looks at the same examples.
  const valOrder = batchIndices(1, val.length, val.length, o.seed + 1).map((i) => val[i]!);
  log(`sft: ${train.length} training / ${val.length} validation examples, ${(model.numParams() / 1e6).toFixed(2)} M parameters, steps ${start + 1}..${o.steps}`);

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
    appendFileSync(logPath, `${JSON.stringify({ step, loss: round(loss), lr: Number(lr.toExponential(4)), tokens_per_s: Math.round(tokensPerS), grad_norm: round(gradNorm) })}\n`);
    const elapsed = (performance.now() - began) / 1000;
    const eta = (elapsed / (step - start)) * (end - step);
    log(`step ${step}/${o.steps}  loss ${loss.toFixed(4)}  lr ${lr.toExponential(2)}  ${Math.round(tokensPerS)} tok/s  grad ${gradNorm.toFixed(2)}  eta ${Math.round(eta)} s`);
    if (o.evalEvery > 0 && (step % o.evalEvery === 0 || step === o.steps) && val.length) {
      lastEval = evaluateSft(model, tok, valOrder, o);
      appendFileSync(logPath, `${JSON.stringify({ step, eval: roundAll(lastEval) })}\n`);
      log(`eval @ ${step}: loss ${lastEval.loss.toFixed(4)}  accuracy ${lastEval.accuracy.toFixed(3)}  format ${lastEval.format.toFixed(3)}  (n=${lastEval.n})`);
    }
    if (step % o.saveEvery === 0 || step === end) saveAtomic(o.out, model, tok, optimizer, step, o.seed);
  }
  const checkpoint = existingCheckpoint(o.out) ?? saveAtomic(o.out, model, tok, optimizer, start, o.seed);
  return { step: Math.max(start, end), lastLoss, lastEval, checkpoint };
}

const round = (x: number): number => Number(x.toPrecision(6));
const roundAll = (r: EvalResult): Record<string, number> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]));
