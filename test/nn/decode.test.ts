/**
 * The native decode step (one addon call per generation step: every layer, every sequence of the
 * batch, the KV caches) against the op-by-op KV-cache path of src/nn/generate.ts, on every native
 * kernel table this machine runs: greedy tokens identical, every step's logits within float
 * tolerance; prompts of different lengths, with and without frames, rope and previous-token
 * features, a prefill joining a running batch, and GRPO groups sharing a prefill.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernels, nativeStatus, runnableIsas, useBackend } from '../../src/nn/engine.js';
import { Decoder, generate, type Prompt } from '../../src/nn/generate.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { Rng } from '../../src/nn/random.js';

const CONFIG: ModelConfig = {
  vocabSize: 61,
  dModel: 32,
  nHeads: 4,
  nLayers: 2,
  dMlp: 64,
  maxLen: 160,
  encoder: { imageSize: 16, patchSize: 8, channels: 3, maxFrames: 4, nLayers: 1 },
};

function clip(seed: number, count: number): { data: Float32Array; count: number } {
  const r = new Rng(seed);
  return { data: Float32Array.from({ length: count * 3 * 16 * 16 }, () => r.next()), count };
}

/** A model with large random weights, so greedy paths vary and every logit matters. */
function model(extra: Partial<ModelConfig>, seed: number): VideoLM {
  const m = new VideoLM({ ...CONFIG, ...extra }, seed);
  const rng = new Rng(seed + 100);
  for (const p of m.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.3 * rng.normal();
  return m;
}

function tokens(seed: number, n: number): number[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => r.int(CONFIG.vocabSize));
}

const PROMPTS: Prompt[] = [
  { tokens: tokens(1, 3), frames: clip(4, 3) },
  { tokens: tokens(2, 70) }, // longer than one block of attention rows
  { tokens: tokens(3, 1) },
  { tokens: tokens(4, 9), frames: clip(5, 1) },
];

/** Tokens and every step's logits of greedy generation. */
function run(m: VideoLM, native: boolean, prompts: Prompt[], maxTokens: number) {
  const logits: Float32Array[][] = prompts.map(() => []);
  const out = prompts.map((p, i) => ({ p, i }));
  const dec = new Decoder(m, { native });
  const seqs = out.map(({ p, i }) =>
    dec.add(p, { maxTokens, onLogits: (l) => logits[i]!.push(l.slice()) }, new Rng(0)),
  );
  while (dec.size) dec.step();
  return { tokens: seqs.map((s) => s.out), logits };
}

function assertClose(a: Float32Array[][], b: Float32Array[][], what: string): void {
  a.forEach((steps, i) =>
    steps.forEach((l, t) => {
      const ref = b[i]![t]!;
      let worst = 0;
      for (let j = 0; j < l.length; j++) worst = Math.max(worst, Math.abs(l[j]! - ref[j]!) / (1 + Math.abs(ref[j]!)));
      assert.ok(worst < 2e-4, `${what}: sequence ${i} step ${t} logits differ by ${worst}`);
    }),
  );
}

const native = nativeStatus();

test('the native addon has the decode step', { skip: native.ok ? false : `native unusable: ${native.ok}` }, () => {
  useBackend('native');
  assert.equal(typeof kernels().decodeStep, 'function');
});

for (const isa of runnableIsas()) {
  test(`native decode step (${isa}) equals the op-by-op KV-cache path: tokens identical, logits close`, () => {
    useBackend('native', { isa });
    for (const [i, extra] of [{}, { rope: true }, { prevTokens: 2 }, { rope: true, prevTokens: 3 }].entries()) {
      const m = model(extra, 20 + i);
      const a = run(m, true, PROMPTS, 12);
      const b = run(m, false, PROMPTS, 12);
      assert.deepEqual(a.tokens, b.tokens, `${isa} ${JSON.stringify(extra)}`);
      assert.ok(a.tokens.every((t) => t.length === 12));
      assertClose(a.logits, b.logits, `${isa} ${JSON.stringify(extra)}`);
    }
  });

  test(`native decode step (${isa}): a prompt joining a running batch, and GRPO groups, as op by op`, () => {
    useBackend('native', { isa });
    const m = model({ rope: true, prevTokens: 1 }, 31);
    const go = (nat: boolean) => {
      const dec = new Decoder(m, { native: nat });
      const o = { maxTokens: 10, temperature: 0.8, topP: 0.9 };
      const first = dec.addGroup(PROMPTS[0]!, o, [new Rng(1), new Rng(2), new Rng(3)]);
      dec.step();
      dec.step();
      // Joins after two steps: prefilled in the same pass as the others' third token.
      const late = dec.add(PROMPTS[1]!, o, new Rng(4));
      const group = dec.addGroup(PROMPTS[3]!, o, [new Rng(5), new Rng(6)]);
      while (dec.size) dec.step();
      return [...first, late, ...group].map((s) => s.out);
    };
    assert.deepEqual(go(true), go(false));
  });
}

test('generate() with the JS kernels equals the native decode step (greedy, batched)', {
  skip: native.ok ? false : 'native unusable',
}, () => {
  const m = model({ rope: true, prevTokens: 2 }, 40);
  useBackend('js');
  const js = generate(m, PROMPTS, { maxTokens: 8 });
  useBackend('native');
  const nat = generate(m, PROMPTS, { maxTokens: 8 });
  assert.deepEqual(nat, js);
});

test('the decode step refuses arrays of the wrong size instead of reading past them', {
  skip: native.ok ? false : 'native unusable',
}, () => {
  useBackend('native');
  const step = kernels().decodeStep!;
  const c = { ...CONFIG, encoder: null };
  const m = new VideoLM(c, 1);
  const names = ['ln1.weight', 'ln1.bias', 'attn.qkv.weight', 'attn.qkv.bias', 'attn.proj.weight', 'attn.proj.bias'];
  const more = ['ln2.weight', 'ln2.bias', 'mlp.fc.weight', 'mlp.fc.bias', 'mlp.out.weight', 'mlp.out.bias'];
  // Matrices as the kernel takes them: transposed, rows padded to ceil(out/16)·16 + 16 floats.
  const prep = (name: string) => {
    const t = m.p(name);
    if (t.shape.length === 1) return t.data;
    const [O, I] = t.shape as [number, number];
    const ld = Math.ceil(O / 16) * 16 + 16;
    const out = new Float32Array(I * ld);
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) out[i * ld + o] = t.data[o * I + i]!;
    return out;
  };
  const weights: Float32Array[] = [];
  for (let l = 0; l < c.nLayers; l++) for (const n of [...names, ...more]) weights.push(prep(`blocks.${l}.${n}`));
  weights.push(prep('ln_f.weight'), prep('ln_f.bias'), prep('head.weight'));
  const dims = Int32Array.of(c.dModel, c.nHeads, c.nLayers, c.dMlp, c.vocabSize, 0);
  const r = new Rng(3);
  const x = Float32Array.from({ length: c.dModel }, () => r.normal());
  const one = Int32Array.of(1);
  const cap = 4;
  const cache = new Float32Array(c.nLayers * 2 * cap * c.dModel);
  const logits = new Float32Array(c.vocabSize);
  const call = (o: {
    w?: Float32Array[];
    len?: number;
    cache?: Float32Array;
    logits?: Float32Array;
    x?: Float32Array;
  }) =>
    step(
      o.w ?? weights,
      dims,
      o.x ?? x,
      one,
      Int32Array.of(o.len ?? 0),
      Int32Array.of(cap),
      [o.cache ?? cache],
      o.logits ?? logits,
    );
  call({});
  assert.ok(logits.some((v) => v !== 0));
  assert.throws(() => call({ w: weights.slice(1) }), /weights must be an array/);
  assert.throws(() => call({ w: [weights[2]!, ...weights.slice(1)] }), /weight 0 has the wrong size/);
  assert.throws(
    () => call({ w: [...weights.slice(0, 2), m.p('blocks.0.attn.qkv.weight').data, ...weights.slice(3)] }),
    /weight 2 has the wrong size/,
  );
  assert.throws(() => call({ len: cap }), /do not fit its cache/);
  assert.throws(() => call({ cache: cache.subarray(1) }), /cache 0 must hold/);
  assert.throws(() => call({ logits: logits.subarray(1) }), /logits must hold/);
  assert.throws(() => call({ x: new Float32Array(2 * c.dModel) }), /x must hold/);
});
