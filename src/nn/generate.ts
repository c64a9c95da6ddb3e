/**
 * Batched generation with a KV cache. Each sequence keeps its own cache (keys and values of every
 * position so far, per layer) and its own length, so prompts of different lengths (and with or
 * without frames) share each step's matmuls without padding: rows of all sequences are stacked for
 * the linear layers, and only attention runs per sequence against that sequence's cache.
 */
import { kernels } from './engine.js';
import { gelu, layerNorm, linear } from './ops.js';
import type { Frames, VideoLM } from './model.js';
import { Rng } from './random.js';
import { noGrad, Tensor } from './tensor.js';

export interface GenerateOptions {
  maxTokens: number;
  /** 0 (default): greedy. */
  temperature?: number;
  /** Nucleus sampling: keep the smallest set of tokens whose probability reaches topP. */
  topP?: number;
  /** Stop a sequence when it emits this token (the token is not returned). */
  eos?: number;
  seed?: number;
}

export interface Prompt {
  tokens: readonly number[];
  /** One clip: frames.count frames of [channels, size, size]. */
  frames?: Frames;
}

interface Seq {
  k: Float32Array[];
  v: Float32Array[];
  len: number;
}

/** Run `rows` new embeddings per sequence through the decoder, appending to the caches; last-row logits per sequence. */
function decodeStep(model: VideoLM, x: Float32Array, seqs: Seq[], counts: number[]): Float32Array[] {
  const c = model.config;
  const D = c.dModel;
  const H = c.nHeads;
  const hd = D / H;
  const k = kernels();
  const total = counts.reduce((a, b) => a + b, 0);
  let h = new Tensor(x, [total, D]);
  for (let l = 0; l < c.nLayers; l++) {
    const p = (n: string) => model.p(`blocks.${l}.${n}`);
    const qkv = linear(layerNorm(h, p('ln1.weight'), p('ln1.bias')), p('attn.qkv.weight'), p('attn.qkv.bias')).data;
    const att = new Float32Array(total * D);
    let row = 0;
    seqs.forEach((s, si) => {
      const n = counts[si]!;
      const K = s.k[l]!;
      const V = s.v[l]!;
      for (let i = 0; i < n; i++) {
        K.set(qkv.subarray((row + i) * 3 * D + D, (row + i) * 3 * D + 2 * D), (s.len + i) * D);
        V.set(qkv.subarray((row + i) * 3 * D + 2 * D, (row + i + 1) * 3 * D), (s.len + i) * D);
      }
      const L = s.len + n;
      const scores = new Float32Array(n * L);
      for (let hh = 0; hh < H; hh++) {
        k.gemm(false, true, n, L, hd, 1 / Math.sqrt(hd), qkv, row * 3 * D + hh * hd, 3 * D, K, hh * hd, D, 0, scores, 0, L);
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
    h = new Tensor(addInto(h.data, linear(new Tensor(att, [total, D]), p('attn.proj.weight'), p('attn.proj.bias')).data), [total, D]);
    const m = gelu(linear(layerNorm(h, p('ln2.weight'), p('ln2.bias')), p('mlp.fc.weight'), p('mlp.fc.bias')));
    h = new Tensor(addInto(h.data, linear(m, p('mlp.out.weight'), p('mlp.out.bias')).data), [total, D]);
  }
  // Only each sequence's last row is needed for the next token.
  const last = new Float32Array(seqs.length * D);
  let row = 0;
  counts.forEach((n, si) => {
    row += n;
    last.set(h.data.subarray((row - 1) * D, row * D), si * D);
  });
  seqs.forEach((s, si) => (s.len += counts[si]!));
  const logits = linear(layerNorm(new Tensor(last, [seqs.length, D]), model.p('ln_f.weight'), model.p('ln_f.bias')), model.p('head.weight')).data;
  return seqs.map((_, i) => logits.subarray(i * c.vocabSize, (i + 1) * c.vocabSize));
}

function addInto(a: Float32Array, b: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! + b[i]!;
  return a;
}

/** Decoder input embeddings (frame tokens, then token embeddings, plus positions from `start`). */
function embed(model: VideoLM, tokens: readonly number[], start: number, frames?: Frames): Float32Array {
  const D = model.config.dModel;
  const enc = frames && frames.count > 0 ? model.encodeFrames(frames, 1).data : new Float32Array(0);
  const n = enc.length / D + tokens.length;
  if (start + n > model.config.maxLen) throw new Error(`sequence would exceed maxLen ${model.config.maxLen}`);
  const out = new Float32Array(n * D);
  out.set(enc);
  const tok = model.p('tok_emb.weight').data;
  tokens.forEach((t, i) => out.set(tok.subarray(t * D, (t + 1) * D), enc.length + i * D));
  const pos = model.p('pos_emb.weight').data;
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) out[i * D + j] = out[i * D + j]! + pos[(start + i) * D + j]!;
  return out;
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
  const probs = Array.from(logits, (l, i) => ({ i, p: Math.exp((l - mx) / temperature) }));
  const z = probs.reduce((s, e) => s + e.p, 0);
  probs.sort((a, b) => b.p - a.p);
  const kept: typeof probs = [];
  let mass = 0;
  for (const e of probs) {
    kept.push(e);
    mass += e.p / z;
    if (mass >= topP) break;
  }
  let u = rng.next() * kept.reduce((s, e) => s + e.p, 0);
  for (const e of kept) if ((u -= e.p) <= 0) return e.i;
  return kept[kept.length - 1]!.i;
}

/** Generate up to maxTokens for each prompt (batched); returns the new tokens of each. */
export function generate(model: VideoLM, prompts: readonly Prompt[], o: GenerateOptions): number[][] {
  return noGrad(() => {
    const c = model.config;
    const rng = new Rng(o.seed ?? 0);
    const seqs: Seq[] = prompts.map(() => ({
      k: Array.from({ length: c.nLayers }, () => new Float32Array(c.maxLen * c.dModel)),
      v: Array.from({ length: c.nLayers }, () => new Float32Array(c.maxLen * c.dModel)),
      len: 0,
    }));
    const out: number[][] = prompts.map(() => []);
    // Prefill: every prompt's whole input in one step.
    const inputs = prompts.map((p) => embed(model, p.tokens, 0, p.frames));
    let active = prompts.map((_, i) => i);
    let logits = decodeStep(model, concatAll(inputs), seqs, inputs.map((x) => x.length / c.dModel));
    for (let t = 0; t < o.maxTokens && active.length; t++) {
      const next: number[] = [];
      active.forEach((si, j) => {
        const tok = sampleToken(logits[j]!, o.temperature ?? 0, o.topP ?? 1, rng);
        if (tok === o.eos) return;
        out[si]!.push(tok);
        if (out[si]!.length < o.maxTokens && seqs[si]!.len < c.maxLen) next.push(si);
      });
      active = next;
      if (!active.length) break;
      const rows = active.map((si) => embed(model, [out[si]!.at(-1)!], seqs[si]!.len));
      logits = decodeStep(model, concatAll(rows), active.map((si) => seqs[si]!), active.map(() => 1));
    }
    return out;
  });
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
