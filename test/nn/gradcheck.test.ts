/**
 * Every op's gradient against central finite differences, on each available backend. The loss is
 * L = Σ out·R for a fixed random R, evaluated in double precision from the float32 outputs, so the
 * finite-difference noise stays near 1e-4 and a 1% tolerance separates right from wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nativeStatus, runnableIsas, useBackend, type BackendName, type IsaName } from '../../src/nn/engine.js';
import * as ops from '../../src/nn/ops.js';
import { Rng } from '../../src/nn/random.js';
import { Tensor } from '../../src/nn/tensor.js';

// The JS kernels and every native kernel table this CPU runs (AVX-512, AVX2, NEON, generic).
const backends: { backend: BackendName; isa?: IsaName }[] = [
  { backend: 'js' },
  ...(nativeStatus().ok ? runnableIsas().map((isa) => ({ backend: 'native' as const, isa })) : []),
];

function rand(shape: number[], rng: Rng, scale = 1): Tensor {
  return Tensor.randn(shape, rng, scale, true);
}

function gradcheck(name: string, inputs: Tensor[], f: (xs: Tensor[]) => Tensor, eps = 3e-3): void {
  const rng = new Rng(99);
  const out = f(inputs);
  const R = Float32Array.from({ length: out.size }, () => rng.normal());
  const lossOf = () => {
    const o = f(inputs).data;
    let s = 0;
    for (let i = 0; i < o.length; i++) s += o[i]! * R[i]!;
    return s;
  };
  for (const x of inputs) x.grad = null;
  out.backward(R);
  inputs.forEach((x, k) => {
    if (!x.requiresGrad) return;
    const an = x.grad ?? new Float32Array(x.size);
    let maxErr = 0;
    let maxAbs = 0;
    for (let i = 0; i < x.size; i++) {
      const v = x.data[i]!;
      x.data[i] = v + eps;
      const up = lossOf();
      x.data[i] = v - eps;
      const down = lossOf();
      x.data[i] = v;
      const fd = (up - down) / (2 * eps);
      maxErr = Math.max(maxErr, Math.abs(fd - an[i]!));
      maxAbs = Math.max(maxAbs, Math.abs(fd));
    }
    assert.ok(
      maxErr <= 1e-2 * Math.max(1, maxAbs),
      `${name}: input ${k} max |fd − analytic| = ${maxErr} (scale ${maxAbs})`,
    );
  });
}

for (const { backend, isa } of backends) {
  test(`op gradients match finite differences (${backend}${isa ? ` ${isa}` : ''})`, () => {
    useBackend(backend, { isa });
    const rng = new Rng(1);
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const a = rand(ta ? [4, 3] : [3, 4], rng);
      const b = rand(tb ? [5, 4] : [4, 5], rng);
      gradcheck(`matmul ${ta} ${tb}`, [a, b], ([x, y]) => ops.matmul(x!, y!, { transA: ta, transB: tb }));
    }
    gradcheck('linear', [rand([2, 3, 4], rng), rand([5, 4], rng), rand([5], rng)], ([x, w, b]) =>
      ops.linear(x!, w!, b!),
    );
    gradcheck('linearGelu', [rand([2, 3, 4], rng), rand([5, 4], rng), rand([5], rng)], ([x, w, b]) =>
      ops.linearGelu(x!, w!, b!),
    );
    gradcheck('linear (no bias)', [rand([3, 4], rng), rand([2, 4], rng)], ([x, w]) => ops.linear(x!, w!));
    const ids = Int32Array.from([1, 3, 1, 0, 3, 3]);
    gradcheck('embedding (repeated ids)', [rand([4, 3], rng)], ([t]) => ops.embedding(t!, ids, [2, 3]));
    gradcheck('embedding (−1: zero row)', [rand([4, 3], rng)], ([t]) =>
      ops.embedding(t!, Int32Array.from([2, -1, 2, 0]), [4]),
    );
    gradcheck('rotary', [rand([2, 5, 24], rng)], ([q]) => ops.rotary(q!, 2));
    gradcheck('add (broadcast)', [rand([2, 3, 4], rng), rand([3, 4], rng)], ([a, b]) => ops.add(a!, b!));
    gradcheck('add (same shape, same tensor twice)', [rand([3, 4], rng)], ([a]) => ops.add(a!, a!));
    gradcheck('mul', [rand([3, 4], rng), rand([3, 4], rng)], ([a, b]) => ops.mul(a!, b!));
    gradcheck('reshape', [rand([2, 6], rng)], ([a]) => ops.mul(ops.reshape(a!, [3, 4]), ops.reshape(a!, [3, 4])));
    gradcheck('transpose', [rand([2, 3, 4], rng)], ([a]) => ops.transpose(a!));
    gradcheck('concat axis 1', [rand([2, 3, 4], rng), rand([2, 2, 4], rng)], ([a, b]) => ops.concat([a!, b!], 1));
    gradcheck('narrow', [rand([2, 5, 3], rng)], ([a]) => ops.narrow(a!, 1, 1, 3));
    gradcheck('layerNorm', [rand([3, 6], rng), rand([6], rng), rand([6], rng)], ([x, g, b]) =>
      ops.layerNorm(x!, g!, b!),
    );
    gradcheck('gelu', [rand([4, 5], rng, 2)], ([x]) => ops.gelu(x!));
    gradcheck('softmax', [rand([3, 5], rng)], ([x]) => ops.softmax(x!));
    for (const causal of [true, false])
      gradcheck(`attention causal=${causal}`, [rand([2, 5, 12], rng)], ([q]) => ops.attention(q!, 2, causal));
    // Longer than one of the causal kernel's row blocks (40–48 rows), so the block edges are checked too.
    gradcheck('attention causal, 53 positions', [rand([1, 53, 6], rng)], ([q]) => ops.attention(q!, 1, true));
    const targets = Int32Array.from([2, -1, 0, 4]);
    gradcheck('crossEntropy (with ignored rows)', [rand([4, 5], rng)], ([l]) => ops.crossEntropy(l!, targets));
    // Per-row weights of both signs (a policy-gradient loss), the ignored row's weight unused.
    const weights = Float32Array.from([0.7, 5, -1.3, 0.25]);
    gradcheck('weightedCrossEntropy', [rand([4, 5], rng)], ([l]) => ops.weightedCrossEntropy(l!, targets, weights));
  });
}

test('backward releases intermediate gradients and closures, keeps leaf gradients', () => {
  const rng = new Rng(2);
  const w = rand([3, 3], rng);
  const h = ops.gelu(ops.matmul(rand([2, 3], rng), w));
  const loss = ops.crossEntropy(h, Int32Array.from([0, 1]));
  loss.backward();
  assert.ok(w.grad);
  assert.equal(h.grad, null);
  assert.deepEqual(Tensor.parentsOf(h), []);
});
