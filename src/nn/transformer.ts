/**
 * The pre-LayerNorm transformer block (GPT-2 layout) shared by the frame encoder and the decoder:
 *   x = x + proj(attention(qkv(ln1(x))))
 *   x = x + out(gelu(fc(ln2(x))))
 * Parameters live in a flat, ordered name → Tensor map whose names follow PyTorch's state_dict
 * convention, so a checkpoint loads into the reference implementation (bench/engine/torch_model.py).
 */
import { add, attention, layerNorm, linear, linearGelu, rotary } from './ops.js';
import type { Rng } from './random.js';
import { Tensor } from './tensor.js';

export type Params = Map<string, Tensor>;

export interface BlockDims {
  dModel: number;
  nHeads: number;
  dMlp: number;
}

export function param(params: Params, name: string): Tensor {
  const p = params.get(name);
  if (!p) throw new Error(`missing parameter ${name}`);
  return p;
}

/** GPT-2 initialisation: N(0, 0.02) matrices, the residual projections scaled by 1/√(2·layers). */
export function addBlockParams(params: Params, prefix: string, d: BlockDims, nLayers: number, rng: Rng): void {
  const D = d.dModel;
  const resid = 0.02 / Math.sqrt(2 * nLayers);
  const set = (n: string, t: Tensor) => params.set(`${prefix}.${n}`, t);
  set('ln1.weight', Tensor.fill([D], 1, true));
  set('ln1.bias', Tensor.zeros([D], true));
  set('attn.qkv.weight', Tensor.randn([3 * D, D], rng, 0.02, true));
  set('attn.qkv.bias', Tensor.zeros([3 * D], true));
  set('attn.proj.weight', Tensor.randn([D, D], rng, resid, true));
  set('attn.proj.bias', Tensor.zeros([D], true));
  set('ln2.weight', Tensor.fill([D], 1, true));
  set('ln2.bias', Tensor.zeros([D], true));
  set('mlp.fc.weight', Tensor.randn([d.dMlp, D], rng, 0.02, true));
  set('mlp.fc.bias', Tensor.zeros([d.dMlp], true));
  set('mlp.out.weight', Tensor.randn([D, d.dMlp], rng, resid, true));
  set('mlp.out.bias', Tensor.zeros([D], true));
}

/** A block's self-attention: qkv [rows, 3·D] (queries, keys, values) → [rows, D]. */
export type Attend = (qkv: Tensor) => Tensor;

/**
 * One block over x (rows of D features) with `attend` as its attention: the layer both the training
 * forward (`block`) and the KV-cache decoder (src/nn/generate.ts) run.
 */
export function blockWith(x: Tensor, params: Params, prefix: string, attend: Attend): Tensor {
  const p = (n: string) => param(params, `${prefix}.${n}`);
  const h = layerNorm(x, p('ln1.weight'), p('ln1.bias'));
  const qkv = linear(h, p('attn.qkv.weight'), p('attn.qkv.bias'));
  x = add(x, linear(attend(qkv), p('attn.proj.weight'), p('attn.proj.bias')));
  const m = linearGelu(layerNorm(x, p('ln2.weight'), p('ln2.bias')), p('mlp.fc.weight'), p('mlp.fc.bias'));
  return add(x, linear(m, p('mlp.out.weight'), p('mlp.out.bias')));
}

/**
 * One block over x [B, T, D]; `causal` masks attention to earlier positions (decoder); `rope`
 * rotates queries and keys by position (src/nn/rotary.ts).
 */
export function block(
  x: Tensor,
  params: Params,
  prefix: string,
  nHeads: number,
  causal: boolean,
  rope = false,
): Tensor {
  return blockWith(x, params, prefix, (qkv) => attention(rope ? rotary(qkv, nHeads) : qkv, nHeads, causal));
}
