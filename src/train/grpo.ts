/**
 * GRPO and T-GRPO (Video-R1's temporal GRPO) on the embedded video-language model
 * (`vreason train grpo`), starting from an SFT checkpoint.
 *
 * One step:
 *  1. Prompts: `promptsPerStep` Video-R1 records of the training split (images and videos mixed),
 *     a pure function of (seed, step), asked with the Video-R1 "think" prompt as the evaluator asks.
 *  2. Rollouts: per prompt a group of G responses sampled from the policy (KV cache, temperature,
 *     top-p, max new tokens); under T-GRPO each video prompt also gets G/2 responses on the same
 *     frames in a seeded random order. All of a step's sequences decode together in one batch; each
 *     samples from its own stream seeded by (seed, step, prompt slot, ordered/shuffled, index), so
 *     what a sequence samples does not depend on what it was batched with.
 *  3. Rewards (src/rewards through ./grpoRewards.ts): accuracy by problem type + format (+ length
 *     bonus) (+ temporal bonus), advantages normalised over each ordered group.
 *  4. Loss (./grpoLoss.ts): per token −A·logπ + β·k3 against a frozen reference (the --init
 *     weights), mean over each sequence's completion tokens, then over the step's sequences; then
 *     global-norm clipping and AdamW.
 *
 * The run directory (src/train/runDir.ts) holds grpo_config.json, train.jsonl (a line per step and
 * per evaluation), checkpoint/ (atomic) and data/frames/ (decoded frames). A killed run resumed from its
 * checkpoint ends with bit-identical weights and log.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { hashObject, sha256 } from '../core/hash.js';
import { mulberry32, shuffled } from '../core/rng.js';
import { loadCheckpoint } from '../nn/checkpoint.js';
import { Decoder, type Sequence } from '../nn/generate.js';
import type { Frames, VideoLM } from '../nn/model.js';
import { rowCrossEntropy, weightedCrossEntropy } from '../nn/ops.js';
import { clipGradNorm } from '../nn/optim.js';
import { scoped } from '../nn/pool.js';
import { Rng } from '../nn/random.js';
import { noGrad } from '../nn/tensor.js';
import type { Tokenizer } from '../nn/tokenizer.js';
import { TEMPORAL_DEFAULTS } from '../rewards/index.js';
import { loadRlSplit, rlFacts, rlRecordsFile, type RlExample } from './grpoData.js';
import { rowEntropies, tokenTerms } from './grpoLoss.js';
import { scoreGroup, stepRewardStats, type StepRewardStats } from './grpoRewards.js';
import { batchIndices, claimRunDir, existingCheckpoint, round6, roundFields, saveAtomic, startRun } from './runDir.js';
import { cosineLr } from './schedule.js';
import { answerSequence, framesOf, greedyEval, positionsOf } from './sft.js';

export interface GrpoOptions {
  /** The starting checkpoint (a `vreason train sft` run's checkpoint/); also the frozen reference. */
  init: string;
  /** A `vreason data synth` output folder. */
  data: string;
  out: string;
  trainSplit: string;
  valSplit: string;
  steps: number;
  promptsPerStep: number;
  /** G: ordered responses per prompt. */
  group: number;
  /** T-GRPO: G/2 more responses on shuffled frames per video prompt, and the temporal bonus. */
  temporal: boolean;
  /** Video-R1's len_control length bonus. */
  lenControl: boolean;
  /** Rewards by registry name, in summation order (default Video-R1's), and a weight each (default 1). */
  rewards?: string[];
  rewardWeights?: number[];
  /** KL coefficient. */
  beta: number;
  /** Temporal bonus when p ≥ mu·p̃. */
  mu: number;
  /** Temporal bonus size. */
  alpha: number;
  lr: number;
  lrSchedule: 'constant' | 'cosine';
  /** Learning rate at the end of the cosine decay. */
  minLr: number;
  warmup: number;
  weightDecay: number;
  gradClip: number;
  /** Most new tokens per rollout (the closing EOS included). */
  maxTokens: number;
  temperature: number;
  topP: number;
  /** Greedy validation every n steps (0: never). */
  evalEvery: number;
  evalSamples: number;
  evalMaxTokens: number;
  saveEvery: number;
  seed: number;
  /** Stop after this step in this invocation (the run resumes from its checkpoint next time). */
  stopAfter?: number;
  /**
   * Where prepared frames are cached (default `<out>/data`); runs on the same data can share one (it is keyed by
   * content).
   */
  cacheDir?: string;
  log?: (line: string) => void;
}

/** Defaults of everything but the paths: Video-R1's G = 8, β = 0.04, μ = 0.8, α = 0.3, temperature 1. */
export const GRPO_DEFAULTS: Omit<GrpoOptions, 'init' | 'data' | 'out' | 'stopAfter' | 'log'> = {
  trainSplit: 'train',
  valSplit: 'validation',
  steps: 100,
  promptsPerStep: 4,
  group: 8,
  temporal: false,
  lenControl: false,
  beta: 0.04,
  mu: TEMPORAL_DEFAULTS.mu,
  alpha: TEMPORAL_DEFAULTS.alpha,
  lr: 1e-5,
  lrSchedule: 'constant',
  minLr: 1e-6,
  warmup: 0,
  weightDecay: 0,
  gradClip: 1,
  maxTokens: 512,
  temperature: 1,
  topP: 1,
  evalEvery: 25,
  evalSamples: 16,
  evalMaxTokens: 512,
  saveEvery: 10,
  seed: 0,
};

/** One line of train.jsonl (a training step). */
export interface GrpoStepLog {
  step: number;
  /** Mean over sequences of the token mean of −A·logπ + β·k3 (its gradient is the one applied). */
  loss: number;
  reward: StepRewardStats['reward'];
  /** Share of groups with identical rewards (no learning signal). */
  zero_std_share: number;
  /** T-GRPO only: over the video groups of the step. */
  temporal?: {
    groups: number;
    accuracy_ordered: number | null;
    accuracy_shuffled: number | null;
    bonus_share: number | null;
    applied_share: number | null;
  };
  /** Mean k3 estimate of KL(π‖π_ref) per completion token. */
  kl: number;
  /** Mean entropy (nats) of the policy's next-token distribution at the sampled completion tokens. */
  entropy: number;
  /** Mean completion length of the ordered responses, in tokens (EOS included). */
  completion_length: number;
  rollouts: { ordered: number; shuffled: number; tokens: number };
  /** Rollout tokens (ordered and shuffled) generated per second. */
  tokens_per_s: number;
  rollout_s: number;
  step_s: number;
  lr: number;
  grad_norm: number;
}

export interface GrpoEval {
  /** Mean score (0–1) of greedy answers with the evaluator's scorer. */
  accuracy: number;
  /** Format reward of the greedy answers. */
  format: number;
  n: number;
}

export interface GrpoOutcome {
  step: number;
  checkpoint: string;
  last: GrpoStepLog | null;
  lastEval: GrpoEval | null;
}

/** A 32-bit seed from any parts (stable across runs and platforms). */
export function seedOf(...parts: (string | number)[]): number {
  return parseInt(hashObject(parts, 8), 16);
}

/** A seeded permutation of n frames, never the identity when n ≥ 2. */
export function framePermutation(n: number, seed: number): number[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(seed);
  let order = shuffled(ids, rand);
  for (let tries = 0; n > 1 && order.every((x, i) => x === i) && tries < 16; tries++) order = shuffled(ids, rand);
  if (n > 1 && order.every((x, i) => x === i)) order = ids.map((i) => (i + 1) % n);
  return order;
}

/** The same frames in the order `order` (frame i of the result is frame order[i]). */
export function permuteFrames(f: Frames, order: readonly number[]): Frames {
  const per = f.data.length / f.count;
  const data = new Float32Array(f.data.length);
  order.forEach((src, i) => data.set(f.data.subarray(src * per, (src + 1) * per), i * per));
  return { data, count: f.count };
}

interface Group {
  example: RlExample;
  ordered: Sequence[];
  shuffled: Sequence[] | null;
}

/** Sample every group of a step in one batched decode (each group's prompt prefilled once). */
function rollouts(model: VideoLM, tok: Tokenizer, batch: readonly RlExample[], o: GrpoOptions, step: number): Group[] {
  const dec = new Decoder(model);
  const gen = { maxTokens: o.maxTokens, temperature: o.temperature, topP: o.topP, eos: tok.eos };
  const groups = batch.map((example, slot): Group => {
    const prompt = example.tokens.slice(0, example.promptLen);
    const frames = framesOf(example);
    const rngs = (kind: string, n: number) =>
      Array.from({ length: n }, (_, j) => new Rng(seedOf(o.seed, step, slot, kind, j)));
    const ordered = dec.addGroup({ tokens: prompt, frames }, gen, rngs('ordered', o.group));
    let shuffledSeqs: Sequence[] | null = null;
    // A one-frame "video" has no order to break: it is compared like an image (no temporal term).
    if (o.temporal && rlFacts(example).video && frames && frames.count > 1) {
      const mixed = permuteFrames(frames, framePermutation(frames.count, seedOf(o.seed, step, slot, 'permutation')));
      shuffledSeqs = dec.addGroup({ tokens: prompt, frames: mixed }, gen, rngs('shuffled', Math.floor(o.group / 2)));
    }
    return { example, ordered, shuffled: shuffledSeqs };
  });
  while (dec.size) dec.step();
  return groups;
}

/** A rollout's completion as trained on: the sampled tokens and, when it stopped there, the EOS. */
const completionOf = (s: Sequence, tok: Tokenizer): number[] => (s.finish === 'stop' ? [...s.out, tok.eos] : s.out);

/** What the loss needs of a group: its prompt, each ordered response's completion tokens, their advantages. */
export interface ScoredGroup {
  example: RlExample;
  /** Completion tokens as trained on (the closing EOS included when the response stopped there). */
  completions: readonly (readonly number[])[];
  advantages: readonly number[];
}

export interface LossStats {
  /** Mean over sequences of the token mean of −A·logπ + β·k3. */
  loss: number;
  /** Mean over sequences of the token mean of k3. */
  kl: number;
  /** Mean over completion tokens of the policy's next-token entropy (nats). */
  entropy: number;
}

/**
 * Accumulate the gradient of the GRPO loss of every response into the policy's parameters (one
 * sequence at a time, so only one graph is alive); the caller clips and steps. `ref` is the frozen
 * reference model. Returns the logged means.
 */
export function accumulatePolicyGradient(
  model: VideoLM,
  ref: VideoLM,
  groups: readonly ScoredGroup[],
  beta: number,
): LossStats {
  const V = model.config.vocabSize;
  const nSeq = groups.reduce((s, g) => s + g.completions.length, 0);
  let loss = 0;
  let kl = 0;
  let entropySum = 0;
  let entropyCount = 0;
  for (const g of groups) {
    const e = g.example;
    const frames = framesOf(e);
    const F = positionsOf(model, e);
    g.completions.forEach((completion, j) => {
      if (!completion.length) return;
      const { tokens: input, targets } = answerSequence(
        [...e.tokens.slice(0, e.promptLen), ...completion],
        e.promptLen,
        F,
      );
      const rows = completion.map((_, k) => F + e.promptLen - 1 + k);
      // Nothing of the reference's forward outlives its per-row losses: its buffers go back to the pool.
      const refCe = scoped(() => noGrad(() => rowCrossEntropy(ref.forward(input, 1, frames), targets)));
      const logits = model.forward(input, 1, frames);
      const ce = rowCrossEntropy(logits, targets);
      const terms = tokenTerms(
        rows.map((r) => -ce[r]!),
        rows.map((r) => -refCe[r]!),
        g.advantages[j]!,
        beta,
      );
      loss += terms.loss / nSeq;
      kl += terms.kl / nSeq;
      for (const h of rowEntropies(logits.data, V, rows)) entropySum += h;
      entropyCount += rows.length;
      const weights = new Float32Array(targets.length);
      rows.forEach((r, k) => (weights[r] = -terms.dLogp[k]! / nSeq));
      // logits (read above) and the rest of this graph are not read again: release them to the pool.
      if (weights.some((w) => w !== 0))
        weightedCrossEntropy(logits, targets, weights).backward(undefined, { releaseActivations: true });
    });
  }
  return { loss, kl, entropy: entropyCount ? entropySum / entropyCount : 0 };
}

function checkInit(init: string): void {
  if (!existsSync(join(init, 'config.json')) || !existsSync(join(init, 'model.safetensors'))) {
    throw new UsageError(
      `--init ${init}: not a checkpoint directory (expected config.json and model.safetensors); pass the ` +
        `checkpoint/ folder of a \`vreason train sft\` run`,
    );
  }
}

export async function trainGrpo(o: GrpoOptions): Promise<GrpoOutcome> {
  const log = o.log ?? (() => {});
  if (o.group < 2) throw new UsageError('--group must be at least 2 (advantages compare the responses of a group)');
  if (o.promptsPerStep < 1 || o.steps < 1 || o.maxTokens < 1)
    throw new UsageError('--steps, --prompts-per-step and --max-tokens must be at least 1');
  checkInit(o.init);
  mkdirSync(o.out, { recursive: true });
  // The options that change the result, and what the starting weights were: a resumed run must agree.
  const { stopAfter, log: _l, out: _o, cacheDir: _c, ...resultOptions } = o;
  const initHash = sha256(readFileSync(join(o.init, 'model.safetensors'))).slice(0, 16);
  claimRunDir(o.out, 'grpo_config.json', { ...resultOptions, initHash }, { out: o.out, stopAfter });

  const ref = loadCheckpoint(o.init);
  const {
    model,
    tokenizer: tok,
    optimizer,
    step: start,
    logPath,
  } = await startRun(o.out, () => loadCheckpoint(o.init), { lr: o.lr, weightDecay: o.weightDecay }, log);
  const enc = model.config.encoder;
  if (!enc) throw new UsageError(`${o.init}: the model has no frame encoder`);
  const cache = o.cacheDir ?? join(o.out, 'data');
  const trainSplit = await loadRlSplit(o.data, o.trainSplit, tok, enc, cache, log);
  const train = trainSplit.examples;
  if (!train.length) throw new UsageError(`${o.data}: no Video-R1 records in split '${o.trainSplit}'`);
  if (o.evalEvery > 0 && !existsSync(rlRecordsFile(o.data, o.valSplit)))
    throw new UsageError(
      `${o.data}: no '${o.valSplit}' split to validate on; pass --eval-every 0 to train without validation`,
    );
  const valSplit = o.evalEvery > 0 ? await loadRlSplit(o.data, o.valSplit, tok, enc, cache, log) : null;
  const val = valSplit?.examples ?? [];
  // Prompts too long for the model: the text is checked now, with its frames when a step loads them.
  const fits = (e: RlExample) => {
    const n = positionsOf(model, e) + e.promptLen + 1;
    if (n > model.config.maxLen)
      throw new UsageError(
        `prompt ${e.id} needs ${n} positions before its first answer token; the model's maxLen is ` +
          `${model.config.maxLen}`,
      );
    return e;
  };
  for (const e of [...train, ...val]) fits(e);
  const prompts = async (split: typeof trainSplit, xs: RlExample[]) => (await split.load(xs)).map(fits);
  const valSample = valSplit
    ? await prompts(
        valSplit,
        batchIndices(1, val.length, val.length, o.seed + 1)
          .map((i) => val[i]!)
          .slice(0, o.evalSamples),
      )
    : [];
  const kinds = (xs: RlExample[]) => xs.filter((e) => rlFacts(e).video).length;
  log(
    `${o.temporal ? 'T-GRPO' : 'GRPO'}: ${train.length} prompts (${kinds(train)} video), ` +
      `${(model.numParams() / 1e6).toFixed(2)} M parameters, ` +
      `${o.promptsPerStep} prompts × G=${o.group} per step, steps ${start + 1}..${o.steps}`,
  );

  const params = model.parameters();
  let last: GrpoStepLog | null = null;
  let lastEval: GrpoEval | null = null;
  const end = Math.min(o.steps, stopAfter ?? o.steps);
  const began = performance.now();
  for (let step = start + 1; step <= end; step++) {
    const t0 = performance.now();
    const batch = await prompts(
      trainSplit,
      batchIndices(step, o.promptsPerStep, train.length, o.seed).map((i) => train[i]!),
    );
    const tRollout = performance.now();
    const groups = rollouts(model, tok, batch, o, step);
    const rolloutS = (performance.now() - tRollout) / 1000;
    const scores = groups.map((g) => {
      const f = rlFacts(g.example);
      return scoreGroup(
        {
          ...f,
          ordered: g.ordered.map((s) => tok.decode(s.out)),
          lengths: g.ordered.map((s) => completionOf(s, tok).length),
          shuffled: g.shuffled?.map((s) => tok.decode(s.out)) ?? null,
        },
        o,
      );
    });
    const stats = stepRewardStats(scores);
    const lossStats = accumulatePolicyGradient(
      model,
      ref.model,
      groups.map((g, i) => ({
        example: g.example,
        completions: g.ordered.map((q) => completionOf(q, tok)),
        advantages: scores[i]!.responses.map((r) => r.advantage),
      })),
      o.beta,
    );
    const gradNorm = clipGradNorm(params, o.gradClip);
    const lr = cosineLr(step, {
      peak: o.lr,
      min: o.lrSchedule === 'cosine' ? o.minLr : o.lr,
      warmup: o.warmup,
      total: o.steps,
    });
    optimizer.lr = lr;
    optimizer.update();
    optimizer.zeroGrad();
    const stepS = (performance.now() - t0) / 1000;
    const ordered = groups.flatMap((g) => g.ordered);
    const shuffledSeqs = groups.flatMap((g) => g.shuffled ?? []);
    const tokens = [...ordered, ...shuffledSeqs].reduce((s, q) => s + completionOf(q, tok).length, 0);
    const t = stats.temporal;
    last = {
      step,
      loss: round6(lossStats.loss),
      reward: roundFields(stats.reward),
      zero_std_share: round6(stats.zeroStdShare),
      ...(o.temporal
        ? {
            temporal: {
              groups: t.groups,
              accuracy_ordered: roundOrNull(t.accuracyOrdered),
              accuracy_shuffled: roundOrNull(t.accuracyShuffled),
              bonus_share: roundOrNull(t.bonusShare),
              applied_share: roundOrNull(t.appliedShare),
            },
          }
        : {}),
      kl: round6(lossStats.kl),
      entropy: round6(lossStats.entropy),
      completion_length: round6(ordered.reduce((s, q) => s + completionOf(q, tok).length, 0) / ordered.length),
      rollouts: { ordered: ordered.length, shuffled: shuffledSeqs.length, tokens },
      tokens_per_s: Math.round(tokens / rolloutS),
      rollout_s: round6(rolloutS),
      step_s: round6(stepS),
      lr: Number(lr.toExponential(4)),
      grad_norm: round6(gradNorm),
    };
    appendFileSync(logPath, `${JSON.stringify(last)}\n`);
    const eta = ((performance.now() - began) / 1000 / (step - start)) * (end - step);
    const temporalNote =
      o.temporal && t.groups
        ? `  shuffled acc ${t.accuracyShuffled!.toFixed(2)} vs ${t.accuracyOrdered!.toFixed(2)}, bonus ` +
          `${t.bonusShare!.toFixed(2)}`
        : '';
    log(
      `step ${step}/${o.steps}  reward ${stats.reward.total.toFixed(3)} (acc ${stats.reward.accuracy.toFixed(3)} ` +
        `fmt ${stats.reward.format.toFixed(3)})${temporalNote}  ` +
        `kl ${lossStats.kl.toExponential(2)}  len ${last.completion_length.toFixed(0)}  ${last.tokens_per_s} tok/s  ` +
        `${stepS.toFixed(1)} s/step  eta ${Math.round(eta)} s`,
    );
    if (o.evalEvery > 0 && (step % o.evalEvery === 0 || step === o.steps) && valSample.length) {
      const { accuracy, format, n } = greedyEval(model, tok, valSample, o.evalMaxTokens);
      lastEval = { accuracy, format, n };
      appendFileSync(logPath, `${JSON.stringify({ step, eval: roundFields(lastEval) })}\n`);
      log(`eval @ ${step}: accuracy ${accuracy.toFixed(3)}  format ${format.toFixed(3)}  (n=${n}, greedy)`);
    }
    if (step % o.saveEvery === 0 || step === end) saveAtomic(o.out, model, tok, optimizer, step, o.seed);
  }
  const checkpoint = existingCheckpoint(o.out) ?? saveAtomic(o.out, model, tok, optimizer, start, o.seed);
  return { step: Math.max(start, end), checkpoint, last, lastEval };
}

const roundOrNull = (x: number | null): number | null => (x === null ? null : round6(x));
