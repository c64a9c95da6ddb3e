import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runnableIsas, useBackend, type BackendName } from '../../src/nn/engine.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { AdamW, clipGradNorm } from '../../src/nn/optim.js';
import {
  clearPool,
  giveBuffer,
  poolStats,
  scoped,
  setPoolEnabled,
  takeBuffer,
  takeScratch,
} from '../../src/nn/pool.js';
import { Rng } from '../../src/nn/random.js';

test('a buffer given back is handed out again, zeroed, as a view of the length asked for', () => {
  clearPool();
  const a = takeBuffer(5000);
  a.fill(7);
  giveBuffer(a);
  assert.ok(poolStats().freeBytes >= 5000 * 4);
  const b = takeBuffer(4990); // same size class
  assert.equal(b.buffer, a.buffer);
  assert.equal(b.length, 4990);
  assert.ok(b.every((v) => v === 0));
  assert.equal(poolStats().freeBytes, 0);
});

test('arrays the pool did not make, views into them, and a second give are ignored', () => {
  clearPool();
  giveBuffer(new Float32Array(10_000));
  assert.equal(poolStats().freeBytes, 0);
  const a = takeBuffer(10_000);
  giveBuffer(a.subarray(100));
  assert.equal(poolStats().freeBytes, 0);
  giveBuffer(a);
  giveBuffer(a);
  const b = takeBuffer(10_000);
  const c = takeBuffer(10_000);
  assert.notEqual(b.buffer, c.buffer, 'a buffer given twice must not be handed out twice');
});

test('scoped gives back what was taken inside it, except what the caller keeps, and nests', () => {
  clearPool();
  let inner: Float32Array | undefined;
  const kept = scoped(
    () => {
      takeScratch(3000);
      inner = scoped(
        () => takeScratch(5000),
        (r) => [r],
      );
      return takeScratch(7000);
    },
    (r) => [r],
  );
  // The 3000-float buffer came back; the kept 7000 one did not, nor the inner result (passed out and not kept).
  assert.equal(poolStats().freeBytes, sizeOfClass(3000) * 4 + sizeOfClass(5000) * 4);
  assert.equal(kept.length, 7000);
  assert.ok(inner && inner.length === 5000);
});

/** Bytes / 4 of the pool's size class of n floats (8 classes per power of two). */
function sizeOfClass(n: number): number {
  const step = 2 ** Math.max(0, Math.ceil(Math.log2(n)) - 4);
  return Math.ceil(n / step) * step;
}

const CONFIG: ModelConfig = {
  vocabSize: 300,
  dModel: 32,
  nHeads: 4,
  nLayers: 2,
  dMlp: 64,
  maxLen: 96,
  encoder: { imageSize: 16, patchSize: 8, channels: 3, maxFrames: 4, nLayers: 1 },
};

/** SFT-like steps with examples of varying length and frames; returns every parameter after. */
function train(pool: boolean, steps: number): { params: Float32Array[]; losses: number[] } {
  setPoolEnabled(pool);
  try {
    const model = new VideoLM(CONFIG, 1);
    const opt = new AdamW(model.parameters(), { lr: 1e-2, weightDecay: 0.01 });
    const r = new Rng(4);
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) {
      for (let e = 0; e < 3; e++) {
        const F = 1 + r.int(3);
        const L = 20 + r.int(40);
        const tokens = Int32Array.from({ length: L }, () => r.int(CONFIG.vocabSize));
        const targets = Int32Array.from({ length: F * 4 + L }, (_, i) => (i < F * 4 ? -1 : r.int(CONFIG.vocabSize)));
        const frames = { data: Float32Array.from({ length: F * 3 * 16 * 16 }, () => r.next()), count: F };
        const loss = model.loss(tokens, targets, 1, frames);
        losses.push(loss.item());
        loss.backward(new Float32Array([1 / 3]), { releaseActivations: true });
      }
      clipGradNorm(model.parameters(), 1);
      opt.update();
      opt.zeroGrad();
    }
    return { params: model.parameters().map((p) => p.data.slice()), losses };
  } finally {
    setPoolEnabled(true);
  }
}

// Recycled buffers hold the last step's values, so an op that read an output before writing it
// (or a buffer given back while still in use) would change the numbers: compare bit for bit.
const BACKENDS: [BackendName, number][] = runnableIsas().length
  ? [
      ['native', 10],
      ['js', 3],
    ]
  : [['js', 3]];
for (const [backend, steps] of BACKENDS) {
  test(`${backend}: training with recycled buffers gives bit-for-bit the losses and weights of fresh ones`, () => {
    const was = useBackend(backend).backend;
    try {
      const fresh = train(false, steps);
      clearPool();
      const pooled = train(true, steps);
      assert.ok(poolStats().freeBytes > 0, 'the pooled run recycled nothing: the test would not exercise the pool');
      assert.deepEqual(pooled.losses, fresh.losses);
      pooled.params.forEach((p, i) => assert.deepEqual(p, fresh.params[i], `parameter ${i} differs`));
    } finally {
      useBackend(was);
    }
  });
}
