/**
 * Batched generation with a KV cache. Each sequence keeps its own cache (keys and values of every
 * position so far, per layer) and its own length, so prompts of different lengths (and with or
 * without frames) share each step's matmuls without padding: rows of all sequences are stacked for
 * the linear layers, and only attention runs per sequence against that sequence's cache.
 */
import { kernels } from './engine.js';
import { layerNorm, linear } from './ops.js';
import { previousIds, type Frames, type ModelConfig, type VideoLM } from './model.js';
import { scoped } from './pool.js';
import { Rng } from './random.js';
import { rotateQK } from './rotary.js';
import { noGrad, Tensor } from './tensor.js';
import { blockWith } from './transformer.js';

export interface GenerateOptions {
  maxTokens: number;
  /** 0 (default): greedy. */
  temperature?: number;
  /** Nucleus sampling: keep the smallest set of tokens whose probability reaches topP. */
  topP?: number;
  /** Stop a sequence when it emits this token (the token is not returned). */
  eos?: number;
  seed?: number;
  /** Called with the raw logits of each step and the token taken from them (not for the EOS that stops). */
  onLogits?: (logits: Float32Array, token: number) => void;
}

export interface Prompt {
  tokens: readonly number[];
  /** One clip: frames.count frames of [channels, size, size]. */
  frames?: Frames;
}

interface Seq {
  /** [layers, 2, cap, D]: each layer's keys, then its values, for positions 0..cap-1. */
  kv: Float32Array;
  cap: number;
  len: number;
}

/** Each layer's keys and values in a sequence's cache. */
function layerKV(s: Seq, l: number, D: number): { K: Float32Array; V: Float32Array } {
  const n = s.cap * D;
  return { K: s.kv.subarray(2 * l * n, (2 * l + 1) * n), V: s.kv.subarray((2 * l + 1) * n, (2 * l + 2) * n) };
}

const BLOCK_WEIGHTS = [
  'ln1.weight',
  'ln1.bias',
  'attn.qkv.weight',
  'attn.qkv.bias',
  'attn.proj.weight',
  'attn.proj.bias',
  'ln2.weight',
  'ln2.bias',
  'mlp.fc.weight',
  'mlp.fc.bias',
  'mlp.out.weight',
  'mlp.out.bias',
];
/** Weights the native step takes transposed ([in, out]: each input feature's row of outputs is contiguous). */
const TRANSPOSED = new Set(['attn.qkv.weight', 'attn.proj.weight', 'mlp.fc.weight', 'mlp.out.weight', 'head.weight']);

/** Row stride of a transposed weight with n outputs (native/isa.h vr_decode_ld: padded against cache-set conflicts). */
function transposedLd(n: number): number {
  return Math.ceil(n / 16) * 16 + 16;
}

/**
 * The decoder's weights in the order of Kernels.decodeStep, matrices transposed: a snapshot, taken
 * when a Decoder first steps (a Decoder decodes with the weights the model had then).
 */
function decoderWeights(model: VideoLM): Float32Array[] {
  const names: string[] = [];
  for (let l = 0; l < model.config.nLayers; l++) for (const n of BLOCK_WEIGHTS) names.push(`blocks.${l}.${n}`);
  names.push('ln_f.weight', 'ln_f.bias', 'head.weight');
  return names.map((name) => {
    const t = model.p(name);
    if (!TRANSPOSED.has(name.replace(/^blocks\.\d+\./, ''))) return t.data;
    const [O, I] = t.shape as [number, number];
    const ld = transposedLd(O);
    const out = new Float32Array(I * ld);
    const w = t.data;
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) out[i * ld + o] = w[o * I + i]!;
    return out;
  });
}

/**
 * Run `counts[s]` new embeddings per sequence through the decoder, appending to the caches;
 * last-row logits per sequence. `native`: the whole step in one addon call when the kernels have it.
 */
function decodeStep(
  model: VideoLM,
  x: Float32Array,
  seqs: Seq[],
  counts: number[],
  weights: (() => Float32Array[]) | null,
): Float32Array[] {
  const c = model.config;
  const k = kernels();
  if (weights && k.decodeStep) {
    const logits = new Float32Array(seqs.length * c.vocabSize);
    k.decodeStep(
      weights(),
      Int32Array.of(c.dModel, c.nHeads, c.nLayers, c.dMlp, c.vocabSize, c.rope ? 1 : 0),
      x,
      Int32Array.from(counts),
      Int32Array.from(seqs, (s) => s.len),
      Int32Array.from(seqs, (s) => s.cap),
      seqs.map((s) => s.kv),
      logits,
    );
    seqs.forEach((s, si) => (s.len += counts[si]!));
    return seqs.map((_, i) => logits.subarray(i * c.vocabSize, (i + 1) * c.vocabSize));
  }
  return decodeStepOps(model, x, seqs, counts);
}

/** The same step op by op (the JS kernels' path, and the reference the native step is tested against). */
function decodeStepOps(model: VideoLM, x: Float32Array, seqs: Seq[], counts: number[]): Float32Array[] {
  const c = model.config;
  const D = c.dModel;
  const total = counts.reduce((a, b) => a + b, 0);
  let h = new Tensor(x, [total, D]);
  for (let l = 0; l < c.nLayers; l++)
    h = blockWith(h, model.params, `blocks.${l}`, (qkv) => cachedAttention(c, l, qkv.data, seqs, counts));
  // Only each sequence's last row is needed for the next token.
  const last = new Float32Array(seqs.length * D);
  let row = 0;
  counts.forEach((n, si) => {
    row += n;
    last.set(h.data.subarray((row - 1) * D, row * D), si * D);
  });
  seqs.forEach((s, si) => (s.len += counts[si]!));
  const logits = linear(
    layerNorm(new Tensor(last, [seqs.length, D]), model.p('ln_f.weight'), model.p('ln_f.bias')),
    model.p('head.weight'),
  ).data;
  return seqs.map((_, i) => logits.subarray(i * c.vocabSize, (i + 1) * c.vocabSize));
}

/**
 * Layer `l`'s causal attention of the new rows (`counts[s]` per sequence, stacked in `qkv`) against
 * each sequence's cache, which takes their keys and values at positions len, len+1, ….
 */
function cachedAttention(c: ModelConfig, l: number, qkv: Float32Array, seqs: Seq[], counts: number[]): Tensor {
  const D = c.dModel;
  const H = c.nHeads;
  const hd = D / H;
  const k = kernels();
  const total = counts.reduce((a, b) => a + b, 0);
  const att = new Float32Array(total * D);
  let row = 0;
  seqs.forEach((s, si) => {
    const n = counts[si]!;
    // New row i sits at position len+i: rotate its query and key there before caching the key.
    if (c.rope) rotateQK(qkv, n, D, H, (i) => s.len + i, 1, row * 3 * D);
    const { K, V } = layerKV(s, l, D);
    for (let i = 0; i < n; i++) {
      K.set(qkv.subarray((row + i) * 3 * D + D, (row + i) * 3 * D + 2 * D), (s.len + i) * D);
      V.set(qkv.subarray((row + i) * 3 * D + 2 * D, (row + i + 1) * 3 * D), (s.len + i) * D);
    }
    const L = s.len + n;
    const scores = new Float32Array(n * L);
    for (let hh = 0; hh < H; hh++) {
      k.gemm(
        false,
        true,
        n,
        L,
        hd,
        1 / Math.sqrt(hd),
        qkv,
        row * 3 * D + hh * hd,
        3 * D,
        K,
        hh * hd,
        D,
        0,
        scores,
        0,
        L,
      );
      // New row i sits at position len+i and may attend to positions 0..len+i.
      for (let i = 0; i < n; i++) {
        const o = i * L;
        const valid = s.len + i + 1;
        let mx = -Infinity;
        for (let j = 0; j < valid; j++) mx = Math.max(mx, scores[o + j]!);
        let sum = 0;
        for (let j = 0; j < valid; j++) sum += scores[o + j] = Math.exp(scores[o + j]! - mx);
        for (let j = 0; j < valid; j++) scores[o + j] = scores[o + j]! / sum;
        scores.fill(0, o + valid, o + L);
      }
      k.gemm(false, false, n, hd, L, 1, scores, 0, L, V, hh * hd, D, 0, att, row * D + hh * hd, D);
    }
    row += n;
  });
  return new Tensor(att, [total, D]);
}

/**
 * Decoder input embeddings (frame tokens, then token embeddings, plus positions from `start`);
 * `before`: the text tokens that precede `tokens` (for previous-token embeddings).
 */
function embed(
  model: VideoLM,
  tokens: readonly number[],
  start: number,
  frames?: Frames,
  before: readonly number[] = [],
  encoded?: Float32Array,
): Float32Array {
  const D = model.config.dModel;
  const enc = encoded ?? (frames && frames.count > 0 ? model.encodeFrames(frames, 1).data : new Float32Array(0));
  const F = enc.length / D;
  if (start + F + tokens.length > model.config.maxLen)
    throw new Error(`sequence would exceed maxLen ${model.config.maxLen}`);
  const out = new Float32Array((F + tokens.length) * D);
  const pos = model.p('pos_emb.weight').data;
  for (let i = 0; i < enc.length; i++) out[i] = enc[i]! + pos[start * D + i]!;
  // Previous-token features, as VideoLM.forward adds them: the k-th earlier token's embedding through prev{k}.
  const K = model.config.prevTokens ?? 0;
  const earlier = Array.from({ length: K }, (_, k) => previousIds(tokens, 1, k + 1, before));
  const prev = tokens.map((_, i) => earlier.map((ids) => ids[i]!));
  const positions = tokens.map((_, i) => start + F + i);
  out.set(embedTokens(model, tokens, positions, prev), enc.length);
  return out;
}

/**
 * Decoder input rows of single tokens (one decode row per sequence): token embedding, the
 * previous-token features (`prev[i][k-1]`: the id k places before row i's token, −1 for none)
 * and the position embedding. One linear per previous-token map for all rows.
 */
function embedTokens(
  model: VideoLM,
  ids: readonly number[],
  positions: readonly number[],
  prev: number[][],
): Float32Array {
  const D = model.config.dModel;
  const n = ids.length;
  const out = new Float32Array(n * D);
  const tok = model.p('tok_emb.weight').data;
  ids.forEach((t, i) => out.set(tok.subarray(t * D, (t + 1) * D), i * D));
  for (let k = 1; k <= (model.config.prevTokens ?? 0); k++) {
    const rows = new Float32Array(n * D);
    prev.forEach((p, i) => {
      const t = p[k - 1] ?? -1;
      if (t >= 0) rows.set(tok.subarray(t * D, (t + 1) * D), i * D);
    });
    const mapped = linear(new Tensor(rows, [n, D]), model.p(`prev${k}.weight`)).data;
    for (let i = 0; i < mapped.length; i++) out[i] = out[i]! + mapped[i]!;
  }
  const pos = model.p('pos_emb.weight').data;
  for (let i = 0; i < n; i++) {
    const p = positions[i]!;
    if (p >= model.config.maxLen) throw new Error(`sequence would exceed maxLen ${model.config.maxLen}`);
    for (let j = 0; j < D; j++) out[i * D + j] = out[i * D + j]! + pos[p * D + j]!;
  }
  return out;
}

/** Scratch weights of `sampleToken` (one vocabulary's worth, reused). */
let weights = new Float64Array(0);
function scratchWeights(n: number): Float64Array {
  if (weights.length < n) weights = new Float64Array(n);
  return weights.subarray(0, n);
}

/** Pick the next token from logits: greedy at temperature 0, else temperature + top-p sampling. */
export function sampleToken(logits: Float32Array, temperature: number, topP: number, rng: Rng): number {
  if (temperature <= 0) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  let mx = -Infinity;
  for (const l of logits) mx = Math.max(mx, l);
  if (topP >= 1) {
    // The whole distribution: one pass for the weights, one walk to the sampled token (no sort).
    const w = scratchWeights(logits.length);
    let z = 0;
    for (let i = 0; i < logits.length; i++) z += w[i] = Math.exp((logits[i]! - mx) / temperature);
    let u = rng.next() * z;
    for (let i = 0; i < w.length; i++) if ((u -= w[i]!) <= 0) return i;
    return w.length - 1;
  }
  // The nucleus: tokens by falling probability (ties by index) until their mass reaches topP. A
  // small nucleus (Video-R1's top_p 0.001 keeps one token) is picked by repeated maxima, a large
  // one by sorting what is left; either way the same tokens in the same order.
  const w = scratchWeights(logits.length);
  let z = 0;
  for (let i = 0; i < logits.length; i++) z += w[i] = Math.exp((logits[i]! - mx) / temperature);
  const kept: { i: number; p: number }[] = [];
  let mass = 0;
  while (mass < topP && kept.length < Math.min(16, w.length)) {
    let best = -1;
    for (let i = 0; i < w.length; i++) if (w[i]! >= 0 && (best < 0 || w[i]! > w[best]!)) best = i;
    kept.push({ i: best, p: w[best]! });
    mass += w[best]! / z;
    w[best] = -1;
  }
  if (mass < topP) {
    const rest: { i: number; p: number }[] = [];
    for (let i = 0; i < w.length; i++) if (w[i]! >= 0) rest.push({ i, p: w[i]! });
    rest.sort((a, b) => b.p - a.p);
    for (const e of rest) {
      kept.push(e);
      mass += e.p / z;
      if (mass >= topP) break;
    }
  }
  let u = rng.next() * kept.reduce((s, e) => s + e.p, 0);
  for (const e of kept) if ((u -= e.p) <= 0) return e.i;
  return kept[kept.length - 1]!.i;
}

export type FinishReason = 'stop' | 'length';

/** One sequence being decoded: its sampling settings, cache and output so far. */
export class Sequence {
  readonly out: number[] = [];
  finish: FinishReason | null = null;
  /** null until the prompt has been run through the decoder (prefill). */
  private cache: Seq | null = null;

  constructor(
    readonly prompt: Prompt,
    readonly options: Omit<GenerateOptions, 'seed'>,
    readonly rng: Rng,
    /** A sequence with the same prompt whose prefill this one copies instead of computing its own. */
    readonly leader: Sequence | null = null,
  ) {}

  get done(): boolean {
    return this.finish !== null;
  }

  /** A follower whose leader has not been prefilled with it yet: it feeds nothing this step. */
  get awaitsPrefill(): boolean {
    return this.leader !== null && this.cache === null;
  }

  /** Take a copy of the leader's cache right after the leader's prefill. */
  adoptPrefill(): void {
    const src = this.leader!.cache!;
    this.cache = { kv: src.kv.slice(), cap: src.cap, len: src.len };
  }

  /**
   * Decoder rows this sequence feeds into the next step: the whole prompt first, then its last token.
   * `encoded`: the prompt's frame tokens when already computed (several prompts' frames encoded together).
   */
  input(model: VideoLM, encoded?: Float32Array): Float32Array {
    if (!this.cache) {
      const x = embed(model, this.prompt.tokens, 0, this.prompt.frames, [], encoded);
      // Size the cache for what this sequence can reach, not maxLen: many sequences share memory.
      const cap = Math.min(model.config.maxLen, x.length / model.config.dModel + this.options.maxTokens);
      const c = model.config;
      this.cache = { kv: new Float32Array(c.nLayers * 2 * cap * c.dModel), cap, len: 0 };
      return x;
    }
    const n = model.config.prevTokens ?? 0;
    const before = n ? [...this.prompt.tokens.slice(-n), ...this.out].slice(-n - 1, -1) : [];
    return embed(model, [this.out.at(-1)!], this.cache.len, undefined, before);
  }

  kv(): Seq {
    return this.cache!;
  }

  /** Whether the prompt has been prefilled (the next input is one decode row). */
  get prefilled(): boolean {
    return this.cache !== null;
  }

  /** The next decode row's token, position and previous tokens (nearest first), for batched embedding. */
  decodeRow(prevTokens: number): { token: number; position: number; prev: number[] } {
    const p = this.prompt.tokens;
    const idx = p.length + this.out.length - 1;
    const at = (i: number) => (i < 0 ? -1 : i < p.length ? p[i]! : this.out[i - p.length]!);
    const prev = Array.from({ length: prevTokens }, (_, k) => at(idx - k - 1));
    return { token: this.out.at(-1)!, position: this.cache!.len, prev };
  }

  /** Take the next token from this sequence's logits; returns it, or null when the sequence stopped on EOS. */
  accept(logits: Float32Array, dModel: number): number | null {
    const o = this.options;
    const tok = sampleToken(logits, o.temperature ?? 0, o.topP ?? 1, this.rng);
    if (tok === o.eos) {
      this.finish = 'stop';
      return null;
    }
    o.onLogits?.(logits, tok);
    this.out.push(tok);
    // The next token would sit at position len: it must fit in the cache (and so in maxLen).
    const cache = this.cache!;
    if (this.out.length >= o.maxTokens || cache.len >= cache.cap) this.finish = 'length';
    return tok;
  }
}

/**
 * Iteration-level batching: every step() advances all live sequences by one token in one pass
 * through the decoder. A sequence added between steps is prefilled in the same pass as the others'
 * next token, so a server can let new requests join a running batch instead of waiting for it.
 */
export interface DecoderOptions {
  /**
   * Run each step as one native call (Kernels.decodeStep) when the engine has it (default: true
   * unless VREASON_DECODE=ops); false: op by op, as with the JS kernels. The native step reads a copy of the weights
   * taken at the Decoder's first step: make a new Decoder after changing the model.
   */
  native?: boolean;
}

export class Decoder {
  private live: Sequence[] = [];
  private readonly native: boolean;
  private weights: Float32Array[] | null = null;

  constructor(
    readonly model: VideoLM,
    options: DecoderOptions = {},
  ) {
    const env = process.env.VREASON_DECODE?.trim().toLowerCase();
    if (env && env !== 'ops' && env !== 'native')
      throw new Error(`VREASON_DECODE must be "native" or "ops", not "${env}"`);
    this.native = options.native ?? env !== 'ops';
  }

  add(prompt: Prompt, options: Omit<GenerateOptions, 'seed'>, rng: Rng): Sequence {
    const s = new Sequence(prompt, options, rng);
    if (options.maxTokens <= 0) s.finish = 'length';
    else this.live.push(s);
    return s;
  }

  /**
   * Several sequences with one prompt (a GRPO group): the prompt is prefilled once and every
   * sequence starts from a copy of that cache and the same first logits, then samples with its own
   * generator. The outputs are those of adding each with `add`, for a fraction of the prefill.
   */
  addGroup(prompt: Prompt, options: Omit<GenerateOptions, 'seed'>, rngs: readonly Rng[]): Sequence[] {
    const first = rngs[0];
    if (!first) return [];
    const leader = this.add(prompt, options, first);
    const followers = rngs.slice(1).map((rng) => new Sequence(prompt, options, rng, leader));
    for (const f of followers) {
      if (options.maxTokens <= 0) f.finish = 'length';
      else this.live.push(f);
    }
    return [leader, ...followers];
  }

  get size(): number {
    return this.live.length;
  }

  /** Drop every sequence (after a failed step their caches cannot be trusted). */
  clear(): void {
    this.live = [];
  }

  /**
   * Advance every live sequence by one token; returns the sequences stepped. Finished ones drop
   * out; a caller may finish one early (set its `finish`) and it is skipped from then on.
   */
  step(): Sequence[] {
    const stepped = this.live.filter((s) => !s.done);
    if (!stepped.length) return stepped;
    noGrad(() => {
      const D = this.model.config.dModel;
      const feeding = stepped.filter((s) => !s.awaitsPrefill);
      // Decode rows (one token each) are embedded together; prompts (frames, text) one by one.
      const decoding = feeding.filter((s) => s.prefilled);
      const rows = decoding.map((s) => s.decodeRow(this.model.config.prevTokens ?? 0));
      const batched = rows.length
        ? embedTokens(
            this.model,
            rows.map((r) => r.token),
            rows.map((r) => r.position),
            rows.map((r) => r.prev),
          )
        : new Float32Array(0);
      const rowOf = new Map(decoding.map((s, i) => [s, i]));
      const encoded = encodeTogether(
        this.model,
        feeding.filter((s) => !s.prefilled),
      );
      const inputs = feeding.map((s) => {
        const i = rowOf.get(s);
        return i === undefined ? s.input(this.model, encoded.get(s)) : batched.subarray(i * D, (i + 1) * D);
      });
      const logits = decodeStep(
        this.model,
        concatAll(inputs),
        feeding.map((s) => s.kv()),
        inputs.map((x) => x.length / D),
        this.native ? () => (this.weights ??= decoderWeights(this.model)) : null,
      );
      const byLeader = new Map(feeding.map((s, i) => [s, logits[i]!]));
      feeding.forEach((s, i) => s.accept(logits[i]!, D));
      for (const s of stepped) {
        if (!s.awaitsPrefill) continue;
        s.adoptPrefill();
        s.accept(byLeader.get(s.leader!)!, D);
      }
    });
    this.live = stepped.filter((s) => !s.done);
    return stepped;
  }
}

/** Generate up to maxTokens for each prompt (batched); returns the new tokens of each. */
export function generate(
  model: VideoLM,
  prompts: readonly Prompt[],
  o: GenerateOptions,
  decoder: DecoderOptions = {},
): number[][] {
  const rng = new Rng(o.seed ?? 0);
  const dec = new Decoder(model, decoder);
  const seqs = prompts.map((p) => dec.add(p, o, rng));
  while (dec.size) dec.step();
  return seqs.map((s) => s.out);
}

/** The frame tokens of prompts about to be prefilled, those with the same number of frames in one encoder pass. */
function encodeTogether(model: VideoLM, seqs: Sequence[]): Map<Sequence, Float32Array> {
  const out = new Map<Sequence, Float32Array>();
  const byCount = new Map<number, Sequence[]>();
  for (const s of seqs) {
    const f = s.prompt.frames;
    if (!f || f.count === 0) continue;
    byCount.set(f.count, [...(byCount.get(f.count) ?? []), s]);
  }
  for (const [count, group] of byCount) {
    // The encoder's intermediates die here (no graph is recorded): back to the pool, all but the result.
    const enc = scoped(
      () => model.encodeFrames({ data: concatAll(group.map((s) => s.prompt.frames!.data)), count }, group.length),
      (t) => [t.data],
    ).data;
    const per = enc.length / group.length;
    group.forEach((s, i) => out.set(s, enc.subarray(i * per, (i + 1) * per)));
  }
  return out;
}

function concatAll(xs: Float32Array[]): Float32Array {
  const out = new Float32Array(xs.reduce((s, x) => s + x.length, 0));
  let at = 0;
  for (const x of xs) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}
