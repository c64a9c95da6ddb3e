/**
 * The small video-language model: a frame encoder (patchify → linear → spatial + temporal position
 * embeddings → bidirectional transformer blocks) whose outputs prefix a causal transformer decoder
 * over [frame tokens; prompt tokens; answer tokens]. The temporal embedding is what makes frame
 * order visible: without it, shuffled frames would give the same tokens in a different order,
 * which attention alone cannot tell apart.
 */
import { add, concat, crossEntropy, embedding, layerNorm, linear, narrow, reshape } from './ops.js';
import { Rng } from './random.js';
import { Tensor } from './tensor.js';
import { addBlockParams, block, param, type Params } from './transformer.js';

export interface FrameEncoderConfig {
  /** Frames are RGB images (values in [0, 1]) this many pixels wide… */
  imageSize: number;
  /** …and this many high (default imageSize: square). Lecture video is 4:3, so a square frame would squash it. */
  imageHeight?: number;
  patchSize: number;
  channels: number;
  maxFrames: number;
  nLayers: number;
  /**
   * 'frame': standardise each frame's channels (zero mean, unit variance) before the patch
   * projection. Raw slide pixels are mostly paper, so every patch vector is dominated by the same
   * bright constant and the ink that carries the content is a few percent of it; trained that way
   * the encoder collapsed to one output for every frame (experiments/curriculum/notes.md). Absent: raw [0, 1] pixels
   * (checkpoints made before the option).
   */
  normalize?: 'frame';
}

export interface ModelConfig {
  vocabSize: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
  dMlp: number;
  /** Longest decoder sequence: frame tokens + text tokens. */
  maxLen: number;
  /** null: a text-only decoder (what the engine benchmark trains). */
  encoder: FrameEncoderConfig | null;
  /**
   * Rotary position embedding in the decoder's attention (src/nn/rotary.ts), on top of the learned
   * absolute positions. Absent: none (checkpoints made before the option).
   */
  rope?: boolean;
  /**
   * Previous-token features: each text token's input also adds the embeddings of the 1…n tokens
   * before it, each through a learned linear map of its own (`prev{k}.weight`, [D, D]); nothing
   * before the first token. Absent or 0: none.
   *
   * Why: copying from the prompt ("D. 48" in the options → "48 is option D") needs a key that
   * knows the token before it. A transformer builds that with a previous-token head feeding an
   * induction head, a two-layer circuit that took thousands of steps to form in a toy of the
   * options walk (experiments/curriculum/notes.md); with the neighbours in the input, one attention layer can copy.
   * A lighter cousin of the "canon layers" (local token mixing) of Allen-Zhu's Physics of
   * Language Models, part 4.1. A linear map of the shared token embedding rather than a table of
   * its own, so matching "the token before" against "this token" can be one linear relation for
   * every value at once instead of one learned pair per value.
   */
  prevTokens?: number;
}

/**
 * Ids of the token `k` places before each of `tokens` ([B, L] rows; `before` precedes them), −1 where there is none.
 */
export function previousIds(
  tokens: ArrayLike<number>,
  B: number,
  k: number,
  before: readonly number[] = [],
): Int32Array {
  const L = tokens.length / B;
  const out = new Int32Array(tokens.length);
  for (let b = 0; b < B; b++)
    for (let j = 0; j < L; j++) {
      const i = j - k;
      out[b * L + j] = i >= 0 ? tokens[b * L + i]! : (before[before.length + i] ?? -1);
    }
  return out;
}

/** A batch of B clips of F frames, each [channels, imageHeight, imageSize], flattened. */
export interface Frames {
  data: Float32Array;
  count: number;
}

export function frameHeight(e: FrameEncoderConfig): number {
  return e.imageHeight ?? e.imageSize;
}

export function patchesPerFrame(e: FrameEncoderConfig): number {
  return (e.imageSize / e.patchSize) * (frameHeight(e) / e.patchSize);
}

export class VideoLM {
  readonly params: Params = new Map();

  constructor(
    readonly config: ModelConfig,
    seed = 0,
  ) {
    const c = config;
    if (c.dModel % c.nHeads !== 0) throw new Error('dModel must be divisible by nHeads');
    const rng = new Rng(seed);
    const dims = { dModel: c.dModel, nHeads: c.nHeads, dMlp: c.dMlp };
    const D = c.dModel;
    this.params.set('tok_emb.weight', Tensor.randn([c.vocabSize, D], rng, 0.02, true));
    this.params.set('pos_emb.weight', Tensor.randn([c.maxLen, D], rng, 0.02, true));
    // A random map that roughly keeps norms: the neighbours' features start as large as the token's own.
    for (let k = 1; k <= (c.prevTokens ?? 0); k++)
      this.params.set(`prev${k}.weight`, Tensor.randn([D, D], rng, 1 / Math.sqrt(D), true));
    if (c.encoder) {
      const e = c.encoder;
      if (e.imageSize % e.patchSize !== 0 || frameHeight(e) % e.patchSize !== 0)
        throw new Error('imageSize and imageHeight must be multiples of patchSize');
      this.params.set('enc.patch.weight', Tensor.randn([D, e.channels * e.patchSize ** 2], rng, 0.02, true));
      this.params.set('enc.patch.bias', Tensor.zeros([D], true));
      this.params.set('enc.spatial.weight', Tensor.randn([patchesPerFrame(e), D], rng, 0.02, true));
      this.params.set('enc.temporal.weight', Tensor.randn([e.maxFrames, D], rng, 0.02, true));
      for (let i = 0; i < e.nLayers; i++) addBlockParams(this.params, `enc.blocks.${i}`, dims, e.nLayers, rng);
      this.params.set('enc.ln.weight', Tensor.fill([D], 1, true));
      this.params.set('enc.ln.bias', Tensor.zeros([D], true));
    }
    for (let i = 0; i < c.nLayers; i++) addBlockParams(this.params, `blocks.${i}`, dims, c.nLayers, rng);
    this.params.set('ln_f.weight', Tensor.fill([D], 1, true));
    this.params.set('ln_f.bias', Tensor.zeros([D], true));
    this.params.set('head.weight', Tensor.randn([c.vocabSize, D], rng, 0.02, true));
  }

  parameters(): Tensor[] {
    return [...this.params.values()];
  }

  numParams(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }

  p(name: string): Tensor {
    return param(this.params, name);
  }

  /** Frame tokens [B, F·P, D] for `frames` (B clips of `frames.count` frames). */
  encodeFrames(frames: Frames, B: number): Tensor {
    const e = this.config.encoder;
    if (!e) throw new Error('this model has no frame encoder');
    const F = frames.count;
    if (F > e.maxFrames) throw new Error(`${F} frames, the model takes at most ${e.maxFrames}`);
    const P = patchesPerFrame(e);
    const pixels = patchify(frames.data, B * F, e, e.normalize === 'frame');
    const patches = new Tensor(pixels, [B, F * P, e.channels * e.patchSize ** 2]);
    // Position of every frame token: which frame (temporal) and where in it (spatial).
    const frameIdx = Int32Array.from({ length: F * P }, (_, i) => Math.floor(i / P));
    const patchIdx = Int32Array.from({ length: F * P }, (_, i) => i % P);
    const pos = add(
      embedding(this.p('enc.temporal.weight'), frameIdx, [F * P]),
      embedding(this.p('enc.spatial.weight'), patchIdx, [F * P]),
    );
    let x = add(linear(patches, this.p('enc.patch.weight'), this.p('enc.patch.bias')), pos);
    for (let i = 0; i < e.nLayers; i++) x = block(x, this.params, `enc.blocks.${i}`, this.config.nHeads, false);
    return layerNorm(x, this.p('enc.ln.weight'), this.p('enc.ln.bias'));
  }

  /** Logits [B, N, V] over the decoder sequence [frame tokens; tokens] (N = F·P + L). */
  forward(tokens: Int32Array, B: number, frames?: Frames): Tensor {
    const c = this.config;
    const L = tokens.length / B;
    let x = embedding(this.p('tok_emb.weight'), tokens, [B, L]);
    for (let k = 1; k <= (c.prevTokens ?? 0); k++)
      x = add(
        x,
        linear(embedding(this.p('tok_emb.weight'), previousIds(tokens, B, k), [B, L]), this.p(`prev${k}.weight`)),
      );
    if (frames && frames.count > 0) x = concat([this.encodeFrames(frames, B), x], 1);
    const N = x.shape[1]!;
    if (N > c.maxLen) throw new Error(`sequence of ${N} tokens exceeds maxLen ${c.maxLen}`);
    x = add(x, narrow(this.p('pos_emb.weight'), 0, 0, N));
    for (let i = 0; i < c.nLayers; i++) x = block(x, this.params, `blocks.${i}`, c.nHeads, true, c.rope ?? false);
    x = layerNorm(x, this.p('ln_f.weight'), this.p('ln_f.bias'));
    return linear(x, this.p('head.weight'));
  }

  /** Mean next-token loss; `targets` [B, N] aligned with the logits, −1 where nothing is predicted. */
  loss(tokens: Int32Array, targets: Int32Array, B: number, frames?: Frames): Tensor {
    const logits = this.forward(tokens, B, frames);
    return crossEntropy(reshape(logits, [logits.rows, logits.cols]), targets);
  }
}

/** Each of the n·C planes of [n, C, H, W] images shifted and scaled to mean 0, variance 1 (a flat plane becomes 0). */
export function standardiseFrames(data: Float32Array, n: number, channels: number): Float32Array {
  const { mean, inv } = planeStats(data, n * channels);
  const out = new Float32Array(data.length);
  const plane = data.length / (n * channels);
  for (let k = 0; k < n * channels; k++)
    for (let i = k * plane; i < (k + 1) * plane; i++) out[i] = (data[i]! - mean[k]!) * inv[k]!;
  return out;
}

/** Per plane of `planes` equal planes: the mean and 1/std (std with 1e-4 added to the variance). */
function planeStats(data: Float32Array, planes: number): { mean: Float64Array; inv: Float64Array } {
  const plane = data.length / planes;
  const mean = new Float64Array(planes);
  const inv = new Float64Array(planes);
  for (let k = 0; k < planes; k++) {
    const src = data.subarray(k * plane, (k + 1) * plane);
    let m = 0;
    for (let i = 0; i < plane; i++) m += src[i]!;
    m /= plane;
    let v = 0;
    for (let i = 0; i < plane; i++) {
      const d = src[i]! - m;
      v += d * d;
    }
    mean[k] = m;
    inv[k] = 1 / Math.sqrt(v / plane + 1e-4);
  }
  return { mean, inv };
}

/**
 * [n, C, H, W] images → [n, P, C·p·p] patch vectors (row-major patches, channel-major inside);
 * with `standardise`, each plane as `standardiseFrames` leaves it (one pass instead of two).
 */
export function patchify(data: Float32Array, n: number, e: FrameEncoderConfig, standardise = false): Float32Array {
  const { imageSize: W, patchSize: p, channels: C } = e;
  const H = frameHeight(e);
  if (data.length !== n * C * H * W) throw new Error(`frames hold ${data.length} values, expected ${n}×${C}×${H}×${W}`);
  const stats = standardise ? planeStats(data, n * C) : null;
  const out = new Float32Array(data.length);
  let o = 0;
  for (let f = 0; f < n; f++)
    for (let py = 0; py < H / p; py++)
      for (let px = 0; px < W / p; px++)
        for (let c = 0; c < C; c++) {
          const m = stats ? stats.mean[f * C + c]! : 0;
          const s = stats ? stats.inv[f * C + c]! : 1;
          for (let y = 0; y < p; y++) {
            const src = ((f * C + c) * H + py * p + y) * W + px * p;
            if (stats) for (let x = 0; x < p; x++) out[o++] = (data[src + x]! - m) * s;
            else for (let x = 0; x < p; x++) out[o++] = data[src + x]!;
          }
        }
  return out;
}
