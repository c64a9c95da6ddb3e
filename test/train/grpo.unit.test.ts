/**
 * The pieces of the GRPO trainer with hand-computable inputs: the reward assembly of a group (p,
 * p̃, μ, α, images, length), the per-token loss terms against finite differences, the frame
 * shuffle, and one policy-gradient step on the actual model moving log-probabilities the way the
 * advantages say.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatPrompt } from '../../src/nn/chat.js';
import { Decoder } from '../../src/nn/generate.js';
import { kernels } from '../../src/nn/engine.js';
import { VideoLM } from '../../src/nn/model.js';
import { rowCrossEntropy } from '../../src/nn/ops.js';
import { AdamW } from '../../src/nn/optim.js';
import { Rng } from '../../src/nn/random.js';
import { noGrad } from '../../src/nn/tensor.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';
import { groupAdvantages } from '../../src/rewards/index.js';
import { accumulatePolicyGradient, framePermutation, permuteFrames, type ScoredGroup } from '../../src/train/grpo.js';
import type { RlExample } from '../../src/train/grpoData.js';
import { KL_CLAMP, tokenTerms } from '../../src/train/grpoLoss.js';
import { scoreGroup, stepRewardStats, type GroupRewardOptions } from '../../src/train/grpoRewards.js';
import { answerSequence, framesOf, positionsOf } from '../../src/train/sft.js';
import { TINY_MODEL } from '../helpers/tinyPolicy.js';

// Tiny matrices: one thread is faster than two, and the runner runs two test files at once.
kernels().threads(1);

const T_GRPO: GroupRewardOptions = { temporal: true, mu: 0.8, alpha: 0.3, lenControl: false };
const right = '<think>it is B</think> <answer>B</answer>';
const rightNoFormat = '<answer>B</answer>';
const wrong = '<think>it is C</think> <answer>C</answer>';
const mc = { problemType: 'multiple choice' as const, solution: '<answer>B</answer>' };

test(
  'T-GRPO group rewards: p ≥ μ·p̃ gives +α to each ordered response with accuracy > 0.1; ' + 'totals and advantages',
  () => {
    // Ordered: 3 of 4 right (p = 0.75); shuffled: 1 of 2 right (p̃ = 0.5); 0.75 ≥ 0.8 × 0.5.
    const g = scoreGroup(
      {
        ...mc,
        video: true,
        ordered: [right, right, rightNoFormat, wrong],
        lengths: [9, 9, 4, 9],
        shuffled: [right, wrong],
      },
      T_GRPO,
    );
    assert.equal(g.p, 0.75);
    assert.equal(g.pShuffled, 0.5);
    assert.equal(g.applied, true);
    assert.equal(g.earned, true);
    const totals = [1 + 0.3 + 1, 1 + 0.3 + 1, 1 + 0.3 + 0, 0 + 0 + 1];
    assert.deepEqual(
      g.responses.map((r) => [r.accuracy, r.temporal, r.format]),
      [
        [1, 0.3, 1],
        [1, 0.3, 1],
        [1, 0.3, 0],
        [0, 0, 1],
      ],
    );
    assert.deepEqual(
      g.responses.map((r) => r.total),
      totals,
    );
    assert.deepEqual(
      g.responses.map((r) => r.advantage),
      groupAdvantages(totals),
    );
    // μ = 2: 0.75 < 2 × 0.5, no bonus. Shuffled all right and ordered mostly wrong: p = 0.25 < 0.8.
    assert.equal(
      scoreGroup(
        {
          ...mc,
          video: true,
          ordered: [right, right, rightNoFormat, wrong],
          lengths: [9, 9, 4, 9],
          shuffled: [right, wrong],
        },
        { ...T_GRPO, mu: 2 },
      ).applied,
      false,
    );
    const lost = scoreGroup(
      { ...mc, video: true, ordered: [right, wrong, wrong, wrong], lengths: [9, 9, 9, 9], shuffled: [right, right] },
      T_GRPO,
    );
    assert.deepEqual([lost.p, lost.pShuffled, lost.applied, lost.earned], [0.25, 1, false, false]);
    assert.deepEqual(
      lost.responses.map((r) => r.temporal),
      [0, 0, 0, 0],
    );
    // α is a parameter; μ = 1.0 (the authors' value) with p = p̃ still applies (≥).
    const tie = scoreGroup(
      { ...mc, video: true, ordered: [right, wrong], lengths: [9, 9], shuffled: [right, wrong] },
      { ...T_GRPO, mu: 1, alpha: 0.5 },
    );
    assert.deepEqual(
      tie.responses.map((r) => r.temporal),
      [0.5, 0],
    );
    // p̃ = 0 and p = 0: applied (0 ≥ 0) but nobody passes accuracy > 0.1, so no group earns it.
    const none = scoreGroup(
      { ...mc, video: true, ordered: [wrong, wrong], lengths: [9, 9], shuffled: [wrong] },
      T_GRPO,
    );
    assert.deepEqual([none.applied, none.earned], [true, false]);
  },
);

test('no temporal term for images, nor for videos under plain GRPO; the length bonus with --len-control', () => {
  const image = scoreGroup({ ...mc, video: false, ordered: [right, wrong], lengths: [9, 9], shuffled: null }, T_GRPO);
  assert.equal(image.compared, false);
  assert.equal(image.pShuffled, null);
  assert.deepEqual(
    image.responses.map((r) => r.total),
    [2, 1],
  );
  const plain = scoreGroup(
    { ...mc, video: true, ordered: [right, wrong], lengths: [9, 9], shuffled: [wrong] },
    { ...T_GRPO, temporal: false },
  );
  assert.equal(plain.compared, false);
  assert.deepEqual(
    plain.responses.map((r) => r.temporal),
    [0, 0],
  );
  // Two right answers, one of them 400 tokens long: +0.2 for it only.
  const len = scoreGroup(
    { ...mc, video: false, ordered: [right, right, wrong], lengths: [400, 30, 400], shuffled: null },
    { ...T_GRPO, lenControl: true },
  );
  assert.deepEqual(
    len.responses.map((r) => r.length),
    [0.2, 0, 0],
  );
  // Step statistics: the temporal figures cover only the compared (video, T-GRPO) groups.
  const video = scoreGroup(
    {
      ...mc,
      video: true,
      ordered: [right, right, rightNoFormat, wrong],
      lengths: [9, 9, 4, 9],
      shuffled: [right, wrong],
    },
    T_GRPO,
  );
  const lost = scoreGroup(
    { ...mc, video: true, ordered: [wrong, wrong], lengths: [9, 9], shuffled: [right, right] },
    T_GRPO,
  );
  const s = stepRewardStats([video, lost, image]);
  assert.deepEqual(s.temporal, {
    groups: 2,
    accuracyOrdered: (0.75 + 0) / 2,
    accuracyShuffled: (0.5 + 1) / 2,
    bonusShare: 0.5,
    appliedShare: 0.5,
  });
  assert.equal(s.reward.accuracy, (3 + 0 + 1) / 8);
  assert.equal(s.reward.temporal, (0.3 * 3) / 8);
  assert.equal(s.zeroStdShare, 1 / 3); // `lost`: both responses score 1 (format only)
  assert.equal(stepRewardStats([image]).temporal.accuracyShuffled, null);
});

test('per-token loss terms: k3, the clamp, and the gradient against finite differences', () => {
  const logp = [-1, -2, -0.5];
  const ref = [-1.5, -2, -0.5 + 20]; // x = −0.5, 0, and 20 clamped to 10
  const A = 0.5;
  const beta = 0.1;
  const t = tokenTerms(logp, ref, A, beta);
  const k3 = [Math.exp(-0.5) + 0.5 - 1, 0, Math.exp(KL_CLAMP) - KL_CLAMP - 1];
  assert.ok(Math.abs(t.kl - (k3[0]! + k3[1]! + k3[2]!) / 3) < 1e-9);
  const lossOf = (lp: number[]) =>
    lp.reduce(
      (s, l, i) =>
        s +
        -A * l +
        beta * (Math.exp(Math.min(10, Math.max(-10, ref[i]! - l))) - Math.min(10, Math.max(-10, ref[i]! - l)) - 1),
      0,
    ) / lp.length;
  assert.ok(Math.abs(t.loss - lossOf(logp)) < 1e-9);
  // g_t = (−A + β(1 − eˣ)) / n inside the clamp; −A / n where it binds (the clamp has no gradient).
  assert.ok(Math.abs(t.dLogp[0]! - (-A + beta * (1 - Math.exp(-0.5))) / 3) < 1e-12);
  assert.equal(t.dLogp[1], -A / 3);
  assert.equal(t.dLogp[2], -A / 3);
  for (let i = 0; i < 3; i++) {
    const h = 1e-6;
    const up = logp.map((l, j) => (j === i ? l + h : l));
    const down = logp.map((l, j) => (j === i ? l - h : l));
    assert.ok(Math.abs((lossOf(up) - lossOf(down)) / (2 * h) - t.dLogp[i]!) < 1e-6, `token ${i}`);
  }
});

test('the shuffled frames are the same frames in a seeded order that is never the identity', () => {
  for (let seed = 0; seed < 50; seed++) {
    const p = framePermutation(2 + (seed % 8), seed);
    assert.deepEqual(
      [...p].sort((a, b) => a - b),
      p.map((_, i) => i),
    );
    assert.ok(
      p.some((x, i) => x !== i),
      `seed ${seed}`,
    );
    assert.deepEqual(framePermutation(p.length, seed), p);
  }
  const f = { data: Float32Array.from({ length: 3 * 4 }, (_, i) => Math.floor(i / 4)), count: 3 };
  assert.deepEqual([...permuteFrames(f, [2, 0, 1]).data], [2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1]);
});

/** A prompt with two random frames, as loadRlSplit would prepare one (no ffmpeg needed here). */
function example(): RlExample {
  const tok = new ByteTokenizer();
  const rng = new Rng(4);
  const enc = TINY_MODEL.encoder!;
  const frameBytes = 2 * 3 * enc.imageSize * enc.imageHeight!;
  const prompt = chatPrompt(tok, ['Which colour comes first? Options:\nA. red\nB. blue\n']);
  return {
    id: 'q1|test',
    scorer: 'videor1',
    group: 'test',
    facts: {
      benchmark: 'synth',
      problem_type: 'multiple choice',
      data_type: 'video',
      solution: '<answer>B</answer>',
      data_source: null,
    },
    tokens: [...prompt, ...tok.encode('<answer>B</answer>'), tok.eos],
    promptLen: prompt.length,
    frames: Uint8Array.from({ length: frameBytes }, () => rng.int(256)),
    frameCount: 2,
  };
}

function seqLogp(model: VideoLM, e: RlExample, completion: readonly number[]): number {
  const { tokens, targets } = answerSequence(
    [...e.tokens.slice(0, e.promptLen), ...completion],
    e.promptLen,
    positionsOf(model, e),
  );
  const ce = noGrad(() => rowCrossEntropy(model.forward(tokens, 1, framesOf(e)), targets));
  return -ce.reduce((s, x) => s + x, 0);
}

test('one GRPO step on the model (β = 0) raises logπ of positive-advantage responses and lowers negative ones', () => {
  const tok = new ByteTokenizer();
  const e = example();
  const texts = [right, rightNoFormat, wrong, 'C'];
  const completions = texts.map((t) => [...tok.encode(t), tok.eos]);
  const g = scoreGroup(
    { ...mc, video: true, ordered: texts, lengths: completions.map((c) => c.length), shuffled: null },
    T_GRPO,
  );
  const advantages = g.responses.map((r) => r.advantage); // totals 2, 1, 1, 0
  assert.ok(advantages[0]! > 0 && advantages[3]! < 0);
  const model = new VideoLM(TINY_MODEL, 3);
  const ref = new VideoLM(TINY_MODEL, 3);
  const before = completions.map((c) => seqLogp(model, e, c));
  const group: ScoredGroup = { example: e, completions, advantages };
  const stats = accumulatePolicyGradient(model, ref, [group], 0);
  // The reported loss is the mean over responses of the token mean of −A·logπ (β = 0), and the
  // policy equals the reference, so the KL is 0.
  const expected =
    completions.reduce((s, c, i) => s + (-advantages[i]! * before[i]!) / c.length, 0) / completions.length;
  assert.ok(Math.abs(stats.loss - expected) < 1e-4 * Math.abs(expected), `${stats.loss} vs ${expected}`);
  assert.equal(stats.kl, 0);
  assert.ok(stats.entropy > 0 && stats.entropy <= Math.log(tok.vocabSize) + 1e-6);
  const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0 });
  opt.update();
  const after = completions.map((c) => seqLogp(model, e, c));
  assert.ok(after[0]! > before[0]!, `positive: ${before[0]} → ${after[0]}`);
  assert.ok(after[3]! < before[3]!, `negative: ${before[3]} → ${after[3]}`);
});

test('with zero advantages the β·k3 term pulls a drifted policy back toward the reference', () => {
  const tok = new ByteTokenizer();
  const e = example();
  const completions = [right, wrong].map((t) => [...tok.encode(t), tok.eos]);
  const ref = new VideoLM(TINY_MODEL, 3);
  const model = new VideoLM(TINY_MODEL, 3);
  const rng = new Rng(8);
  for (const p of model.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.05 * rng.normal();
  const group: ScoredGroup = { example: e, completions, advantages: [0, 0] };
  const first = accumulatePolicyGradient(model, ref, [group], 1);
  assert.ok(first.kl > 0);
  const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0 });
  opt.update();
  opt.zeroGrad();
  const second = accumulatePolicyGradient(model, ref, [group], 1);
  assert.ok(second.kl < first.kl, `KL ${first.kl} → ${second.kl}`);
});

test('rollouts: a group sharing one prefill samples exactly what separately prefilled sequences would', () => {
  const tok = new ByteTokenizer();
  const e = example();
  const model = new VideoLM(TINY_MODEL, 6);
  const prompt = { tokens: e.tokens.slice(0, e.promptLen), frames: framesOf(e) };
  const other = { tokens: chatPrompt(tok, ['Another question?']) };
  const opts = { maxTokens: 12, temperature: 1, eos: tok.eos };
  const rngs = () => [11, 12, 13, 14].map((s) => new Rng(s));
  const run = (grouped: boolean) => {
    const dec = new Decoder(model);
    const lone = dec.add(other, opts, new Rng(99));
    const seqs = grouped ? dec.addGroup(prompt, opts, rngs()) : rngs().map((r) => dec.add(prompt, opts, r));
    while (dec.size) dec.step();
    return [lone, ...seqs].map((s) => [s.finish, ...s.out]);
  };
  const grouped = run(true);
  assert.deepEqual(grouped, run(false));
  assert.ok(new Set(grouped.slice(1).map((x) => x.join())).size > 1, 'the group members should differ');
});
