import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCheckpoint, saveCheckpoint } from '../../src/nn/checkpoint.js';
import { generate, sampleToken } from '../../src/nn/generate.js';
import { patchify, previousIds, standardiseFrames, VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { rotateQK } from '../../src/nn/rotary.js';
import { AdamW, clipGradNorm } from '../../src/nn/optim.js';
import { Rng } from '../../src/nn/random.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/nn/safetensors.js';
import { noGrad } from '../../src/nn/tensor.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';

const tok = new ByteTokenizer();
const CONFIG: ModelConfig = {
  vocabSize: tok.vocabSize,
  dModel: 32,
  nHeads: 4,
  nLayers: 2,
  dMlp: 64,
  maxLen: 64,
  encoder: { imageSize: 16, patchSize: 8, channels: 3, maxFrames: 4, nLayers: 1 },
};

function clip(seed: number, count = 3): { data: Float32Array; count: number } {
  const r = new Rng(seed);
  return { data: Float32Array.from({ length: count * 3 * 16 * 16 }, () => r.next()), count };
}

function withDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-nn-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('safetensors: round trip, 8-byte aligned header, metadata; bad files are rejected', () => {
  const buf = encodeSafetensors(
    {
      a: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) },
      ids: { shape: [2], data: Int32Array.from([7, -1]) },
    },
    { k: 'v' },
  );
  const n = Number(buf.readBigUInt64LE(0));
  assert.equal((8 + n) % 8, 0);
  const header = JSON.parse(buf.subarray(8, 8 + n).toString()) as Record<
    string,
    { dtype: string; data_offsets: number[] }
  >;
  assert.deepEqual(header.a, { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
  assert.equal(header.ids!.dtype, 'I32');
  const back = decodeSafetensors(buf);
  assert.deepEqual([...back.tensors.a!.data], [1, 2, 3, 4, 5, -6.5]);
  assert.deepEqual([...back.tensors.ids!.data], [7, -1]);
  assert.deepEqual(back.metadata, { k: 'v' });
  assert.throws(() => decodeSafetensors(buf.subarray(0, 20)), /header length/);
});

test('tokenizer: bytes round trip, specials are dropped on decode, JSON is validated', () => {
  const ids = tok.encode('héllo <answer>');
  assert.equal(tok.decode([tok.bos, ...ids, tok.eos]), 'héllo <answer>');
  assert.ok(ids.every((i) => i < 256));
  assert.throws(() => ByteTokenizer.fromJSON({ type: 'bpe' }), /unsupported tokenizer/);
});

test('checkpoint: save → load gives identical logits and the full training state', () => {
  withDir((dir) => {
    const model = new VideoLM(CONFIG, 5);
    const opt = new AdamW(model.parameters(), { lr: 1e-3 });
    const tokens = Int32Array.from(tok.encode('what colour?'));
    const loss = model.loss(
      tokens,
      Int32Array.from({ length: 12 + 12 }, (_, i) => (i < 12 ? -1 : tokens[i - 12]!)),
      1,
      clip(1),
    );
    loss.backward();
    opt.update();
    saveCheckpoint(dir, model, tok, { optimizer: opt, step: 1, rngState: 1234 });
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { model: ModelConfig };
    assert.deepEqual(cfg.model, CONFIG);
    const loaded = loadCheckpoint(dir);
    const a = noGrad(() => model.forward(tokens, 1, clip(1)).data);
    const b = noGrad(() => loaded.model.forward(tokens, 1, clip(1)).data);
    assert.deepEqual(b, a);
    assert.equal(loaded.train?.step, 1);
    assert.equal(loaded.train?.rngState, 1234);
    assert.equal(loaded.train?.optimizer.step, 1);
    assert.deepEqual(loaded.train?.optimizer.m[3], opt.m[3]);
    assert.deepEqual(loaded.train?.optimizer.v.at(-1), opt.v.at(-1));
  });
});

test('frame order is visible to the model (temporal position embeddings)', () => {
  const model = new VideoLM(CONFIG, 2);
  const frames = clip(3, 2);
  const per = 3 * 16 * 16;
  const swapped = new Float32Array(frames.data.length);
  swapped.set(frames.data.subarray(per), 0);
  swapped.set(frames.data.subarray(0, per), per);
  const tokens = Int32Array.from(tok.encode('first?'));
  const a = noGrad(() => model.forward(tokens, 1, frames).data);
  const b = noGrad(() => model.forward(tokens, 1, { data: swapped, count: 2 }).data);
  const last = a.length - tok.vocabSize;
  assert.ok(Math.abs(a[last]! - b[last]!) > 1e-6);
});

test(
  'KV-cache generation equals full recomputation (batched, different prompt lengths, with and ' + 'without frames)',
  () => {
    const model = new VideoLM(CONFIG, 7);
    const prompts = [
      { tokens: tok.encode('ab'), frames: clip(4) },
      { tokens: tok.encode('a longer prompt') },
      { tokens: tok.encode('xyz'), frames: clip(5, 1) },
    ];
    const cached = generate(model, prompts, { maxTokens: 6 });
    prompts.forEach((p, i) => {
      const seq = [...p.tokens];
      for (let t = 0; t < 6; t++) {
        const logits = noGrad(() => model.forward(Int32Array.from(seq), 1, p.frames).data);
        seq.push(sampleToken(logits.subarray(logits.length - tok.vocabSize), 0, 1, new Rng(0)));
      }
      assert.deepEqual(cached[i], seq.slice(p.tokens.length), `prompt ${i}`);
    });
  },
);

test('rope and previous-token features: KV-cache generation picks what full recomputation picks at every step', () => {
  for (const extra of [{ rope: true }, { prevTokens: 2 }, { rope: true, prevTokens: 3 }]) {
    const model = new VideoLM({ ...CONFIG, ...extra }, 11);
    // Large random weights, so the greedy path is not one repeated token and every logit matters.
    const rng = new Rng(4);
    for (const p of model.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.3 * rng.normal();
    const prompts = [{ tokens: tok.encode('ab'), frames: clip(4) }, { tokens: tok.encode('a longer prompt') }];
    const cached = generate(model, prompts, { maxTokens: 6 });
    prompts.forEach((p, i) => {
      const seq = [...p.tokens, ...cached[i]!];
      const logits = noGrad(() => model.forward(Int32Array.from(seq), 1, p.frames).data);
      const framePos = p.frames ? p.frames.count * 4 : 0;
      for (let t = 0; t < 6; t++) {
        const row = framePos + p.tokens.length - 1 + t;
        const best = sampleToken(logits.subarray(row * tok.vocabSize, (row + 1) * tok.vocabSize), 0, 1, new Rng(0));
        assert.equal(best, cached[i]![t], `${JSON.stringify(extra)} prompt ${i} token ${t}`);
      }
    });
  }
});

test(
  'rotary embedding: a query–key product depends on the distance only; previousIds looks back ' + 'across `before`',
  () => {
    const D = 8;
    const rng = new Rng(3);
    const q = Float32Array.from({ length: D }, () => rng.normal());
    const k = Float32Array.from({ length: D }, () => rng.normal());
    const dotAt = (pq: number, pk: number) => {
      const rows = new Float32Array(2 * 3 * D);
      rows.set(q, 0);
      rows.set(k, 3 * D + D);
      rotateQK(rows, 2, D, 2, (r) => (r === 0 ? pq : pk));
      let s = 0;
      for (let i = 0; i < D; i++) s += rows[i]! * rows[3 * D + D + i]!;
      return s;
    };
    assert.ok(Math.abs(dotAt(7, 3) - dotAt(104, 100)) < 1e-4);
    assert.ok(Math.abs(dotAt(7, 3) - dotAt(7, 5)) > 1e-3);
    assert.deepEqual([...previousIds([5, 6, 7, 8], 2, 1)], [-1, 5, -1, 7]);
    assert.deepEqual([...previousIds([7, 8], 1, 2, [4, 5, 6])], [5, 6]);
  },
);

/** Nucleus sampling written plainly: sort every token by probability, keep the nucleus, walk it. */
function referenceSample(logits: Float32Array, temperature: number, topP: number, rng: Rng): number {
  const mx = Math.max(...logits);
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

test('nucleus sampling picks exactly the tokens of the plain sort-everything version', () => {
  const r = new Rng(11);
  for (const [temperature, topP] of [
    [0.1, 0.001],
    [0.7, 0.5],
    [1, 0.9],
    [1, 0.999],
    [2, 0.95],
  ] as const) {
    const a = new Rng(5);
    const b = new Rng(5);
    for (let k = 0; k < 300; k++) {
      // Some rounded logits, so ties occur and must be broken the same way.
      const logits = Float32Array.from({ length: 613 }, () => Math.round(r.normal() * 8) / 4);
      assert.equal(sampleToken(logits, temperature, topP, a), referenceSample(logits, temperature, topP, b));
    }
  }
});

test('sampling: top-p keeps only the nucleus; EOS stops a sequence; max tokens is respected', () => {
  const logits = Float32Array.from([0, 5, 4.9, -3]);
  const rng = new Rng(1);
  const seen = new Set(Array.from({ length: 200 }, () => sampleToken(logits, 1, 0.5, rng)));
  assert.deepEqual([...seen], [1]);
  const all = new Set(Array.from({ length: 400 }, () => sampleToken(logits, 1, 1, rng)));
  assert.ok(all.has(2) && all.has(0));
  // Without a nucleus, tokens come at their softmax probabilities (at temperature 2 here).
  const l3 = Float32Array.from([0, 1, 2, -1]);
  const p3 = Array.from(l3, (l) => Math.exp(l / 2));
  const z = p3.reduce((a, b) => a + b, 0);
  const counts = [0, 0, 0, 0];
  const N = 40_000;
  for (let i = 0; i < N; i++) counts[sampleToken(l3, 2, 1, rng)]!++;
  counts.forEach((c, i) => assert.ok(Math.abs(c / N - p3[i]! / z) < 0.01, `token ${i}: ${c / N} vs ${p3[i]! / z}`));
  const model = new VideoLM(CONFIG, 7);
  const [greedy] = generate(model, [{ tokens: tok.encode('hi') }], { maxTokens: 5 });
  assert.equal(greedy!.length, 5);
  const [stopped] = generate(model, [{ tokens: tok.encode('hi') }], { maxTokens: 5, eos: greedy![2] });
  assert.deepEqual(stopped, greedy!.slice(0, greedy!.indexOf(greedy![2]!)));
});

test('a tiny model overfits a tiny batch and then generates the answer', () => {
  const model = new VideoLM({ ...CONFIG, nLayers: 1, encoder: { ...CONFIG.encoder!, nLayers: 1 } }, 11);
  const opt = new AdamW(model.parameters(), { lr: 3e-3, weightDecay: 0 });
  // Two clips, same prompt; the answer depends only on the frames.
  const prompt = tok.encode('Q?');
  const answers = ['red', 'blue'].map((a) => [...tok.encode(a), tok.eos]);
  const clips = [clip(21, 2), clip(22, 2)];
  const P = 2 * 4;
  const batch = answers.map((ans, i) => {
    const tokens = Int32Array.from([...prompt, ...ans.slice(0, -1)]);
    // Predict answer tokens only: position of prompt's last token predicts the first answer byte.
    const targets = new Int32Array(P + tokens.length).fill(-1);
    ans.forEach((a, j) => (targets[P + prompt.length - 1 + j] = a));
    return { tokens, targets, frames: clips[i]! };
  });
  let first = 0;
  let last = 0;
  for (let step = 0; step < 60; step++) {
    let total = 0;
    for (const b of batch) {
      const loss = model.loss(b.tokens, b.targets, 1, b.frames);
      loss.backward();
      total += loss.item();
    }
    clipGradNorm(model.parameters(), 1);
    opt.update();
    opt.zeroGrad();
    if (step === 0) first = total;
    last = total;
  }
  assert.ok(last < first * 0.1, `loss ${first} → ${last}`);
  const out = generate(
    model,
    batch.map((b) => ({ tokens: prompt, frames: b.frames })),
    { maxTokens: 8, eos: tok.eos },
  );
  assert.deepEqual(
    out.map((o) => tok.decode(o)),
    ['red', 'blue'],
  );
});

test('AdamW matches the reference update; decay only on matrices; clipping bounds the norm', () => {
  const model = new VideoLM({ ...CONFIG, nLayers: 1, encoder: null }, 1);
  const w = model.p('head.weight');
  const b = model.p('ln_f.bias');
  const w0 = w.data[0]!;
  const b0 = b.data[0]!;
  w.grad = new Float32Array(w.size).fill(0.5);
  b.grad = new Float32Array(b.size).fill(-2);
  const opt = new AdamW([w, b], { lr: 0.1, weightDecay: 0.5 });
  opt.update();
  // First step: m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps) = ±lr; decay scales w by 1 − lr·wd.
  assert.ok(Math.abs(w.data[0]! - (w0 * (1 - 0.05) - 0.1)) < 1e-6);
  assert.ok(Math.abs(b.data[0]! - (b0 + 0.1)) < 1e-6);
  const norm = clipGradNorm([w, b], 1);
  assert.ok(Math.abs(norm - Math.sqrt(w.size * 0.25 + b.size * 4)) < 1e-3);
  let sq = 0;
  for (const p of [w, b]) for (const g of p.grad!) sq += g * g;
  assert.ok(Math.abs(Math.sqrt(sq) - 1) < 1e-4);
});

test("normalize 'frame': each frame plane standardised, so the encoder sees ink, not paper brightness", () => {
  const x = clip(5, 2);
  const z = standardiseFrames(x.data, 2, 3);
  const plane = 16 * 16;
  for (let k = 0; k < 6; k++) {
    const p = z.subarray(k * plane, (k + 1) * plane);
    const mean = p.reduce((a, b) => a + b, 0) / plane;
    const variance = p.reduce((a, b) => a + (b - mean) ** 2, 0) / plane;
    assert.ok(Math.abs(mean) < 1e-5 && Math.abs(variance - 1) < 0.01, `plane ${k}: mean ${mean}, variance ${variance}`);
  }
  assert.ok(
    standardiseFrames(new Float32Array(3 * plane).fill(0.9), 1, 3).every((v) => v === 0),
    'a flat frame is all zeros',
  );
  // The encoder's one-pass version equals standardising, then cutting patches, bit for bit.
  const enc = CONFIG.encoder!;
  assert.deepEqual(patchify(x.data, 2, enc, true), patchify(z, 2, enc));
  // A brightness/contrast change (x → 0.5x + 0.4) leaves the encoding unchanged with normalisation, not without.
  const dim = { data: x.data.map((v) => 0.5 * v + 0.4), count: x.count };
  for (const normalize of ['frame', undefined] as const) {
    const m = new VideoLM({ ...CONFIG, encoder: { ...CONFIG.encoder!, normalize } }, 3);
    const [a, b] = noGrad(() => [m.encodeFrames(x, 1).data, m.encodeFrames(dim, 1).data]);
    const diff = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    if (normalize) assert.ok(diff < 1e-3, `normalised: max difference ${diff}`);
    else assert.ok(diff > 0.05, `raw: max difference ${diff}`);
  }
});
