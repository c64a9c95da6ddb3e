import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simdFromCpuinfo } from '../../src/cli/doctor.js';
import { nativeStatus, runnableIsas, selfCheck, useBackend, type IsaName } from '../../src/nn/engine.js';
import { jsKernels } from '../../src/nn/kernels/js.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { AdamW } from '../../src/nn/optim.js';
import { Rng } from '../../src/nn/random.js';

const ENGINE = fileURLToPath(new URL('../../src/nn/engine.js', import.meta.url));
const BUILD_SCRIPT = fileURLToPath(new URL('../../../scripts/build-native.mjs', import.meta.url));
const native = nativeStatus();

test('the JS kernels agree with themselves on the self-check (the reference is consistent)', () => {
  assert.equal(selfCheck(jsKernels), null);
});

/** Three training steps of a small video model; returns the losses and the final weights. */
function train(backend: 'js' | 'native', isa?: IsaName): { losses: number[]; weights: Float32Array } {
  useBackend(backend, { isa });
  const config: ModelConfig = {
    vocabSize: 30,
    dModel: 32,
    nHeads: 4,
    nLayers: 2,
    dMlp: 48,
    maxLen: 20,
    encoder: { imageSize: 16, patchSize: 8, channels: 3, maxFrames: 2, nLayers: 1 },
  };
  const model = new VideoLM(config, 1);
  const opt = new AdamW(model.parameters(), { lr: 1e-2 });
  const rng = new Rng(4);
  const B = 2;
  const tokens = Int32Array.from({ length: B * 8 }, () => rng.int(30));
  const targets = Int32Array.from({ length: B * 16 }, (_, i) => (i % 16 < 8 ? -1 : rng.int(30)));
  const frames = { data: Float32Array.from({ length: B * 2 * 3 * 16 * 16 }, () => rng.next()), count: 2 };
  const losses: number[] = [];
  for (let s = 0; s < 3; s++) {
    const loss = model.loss(tokens, targets, B, frames);
    loss.backward();
    opt.update();
    opt.zeroGrad();
    losses.push(loss.item());
  }
  return { losses, weights: model.p('blocks.1.mlp.fc.weight').data };
}

test('native and JS backends give the same training trajectory (or the fallback says why)', () => {
  if (!native.ok) {
    // Without a usable addon the engine must fall back with a reason (this is that environment).
    assert.ok(native.reason.length > 0);
    return;
  }
  const n = train('native');
  const j = train('js');
  n.losses.forEach((l, i) =>
    assert.ok(Math.abs(l - j.losses[i]!) < 1e-4 * Math.abs(l), `loss ${i}: ${l} vs ${j.losses[i]}`),
  );
  let maxDiff = 0;
  for (let i = 0; i < n.weights.length; i++) maxDiff = Math.max(maxDiff, Math.abs(n.weights[i]! - j.weights[i]!));
  assert.ok(maxDiff < 1e-4, `weights differ by ${maxDiff}`);
});

test('every native kernel table this CPU runs gives the JS training trajectory', (t) => {
  if (!native.ok) {
    assert.ok(native.reason.length > 0);
    return;
  }
  const isas = runnableIsas();
  assert.ok(isas.includes('generic'), `the generic table is always built and runnable: ${isas.join(', ')}`);
  const j = train('js');
  for (const isa of isas) {
    const n = train('native', isa);
    n.losses.forEach((l, i) =>
      assert.ok(Math.abs(l - j.losses[i]!) < 1e-4 * Math.abs(l), `${isa} loss ${i}: ${l} vs ${j.losses[i]}`),
    );
    let maxDiff = 0;
    for (let i = 0; i < n.weights.length; i++) maxDiff = Math.max(maxDiff, Math.abs(n.weights[i]! - j.weights[i]!));
    assert.ok(maxDiff < 1e-4, `${isa}: weights differ by ${maxDiff}`);
    t.diagnostic(`${isa}: max weight difference to JS ${maxDiff.toExponential(2)}`);
  }
});

function backendIn(env: Record<string, string>): { status: number | null; out: string; err: string } {
  const code = `import(${JSON.stringify(ENGINE)}).then((e) => console.log(JSON.stringify(e.engineInfo())))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test('VREASON_ENGINE=js forces the portable backend', () => {
  const r = backendIn({ VREASON_ENGINE: 'js' });
  assert.equal(r.status, 0, r.err);
  const info = JSON.parse(r.out) as { backend: string; reason: string };
  assert.equal(info.backend, 'js');
  assert.match(info.reason, /VREASON_ENGINE=js/);
});

test('without VREASON_ENGINE the native backend is picked exactly when it is usable', () => {
  const r = backendIn({ VREASON_ENGINE: '' });
  assert.equal(r.status, 0, r.err);
  const info = JSON.parse(r.out) as { backend: string; reason: string };
  assert.equal(info.backend, native.ok ? 'native' : 'js');
  if (!native.ok) assert.match(info.reason, /native unavailable/);
});

test('an unknown VREASON_ENGINE value is an error, not a silent default', () => {
  const r = backendIn({ VREASON_ENGINE: 'cuda' });
  assert.notEqual(r.status, 0);
  assert.match(r.err, /VREASON_ENGINE must be/);
});

test('VREASON_ISA forces each runnable kernel table; an unknown or unrunnable one is an error', () => {
  if (!native.ok) return;
  for (const isa of runnableIsas()) {
    const r = backendIn({ VREASON_ISA: isa });
    assert.equal(r.status, 0, r.err);
    const info = JSON.parse(r.out) as { backend: string; isa: string; reason: string };
    assert.equal(info.backend, 'native');
    assert.equal(info.isa, isa);
    assert.match(info.reason, new RegExp(`VREASON_ISA=${isa}`));
  }
  const bad = backendIn({ VREASON_ISA: 'sse9' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.err, /VREASON_ISA must be one of/);
  // On x86 the NEON table is never built (and on arm64 the AVX ones): forcing it names the reason.
  const absent = process.arch === 'arm64' ? 'avx2' : 'neon';
  const r = backendIn({ VREASON_ISA: absent });
  assert.notEqual(r.status, 0);
  assert.match(r.err, new RegExp(`VREASON_ISA=${absent}: the ${absent} kernels were not compiled`));
});

test(
  'the native build without a compiler ends in one line, exit 0, and writes no addon (the JS ' + 'kernels stay usable)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vreason-nocxx-'));
    try {
      const out = join(dir, 'engine.node');
      const env = { ...process.env, CXX: join(dir, 'no-such-compiler'), VREASON_NATIVE_OUT: out };
      const r = spawnSync(process.execPath, [BUILD_SCRIPT], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^vreason engine: no C\+\+ compiler .*the engine will use its JS kernels\n$/);
      assert.equal(existsSync(out), false);
      const skipped = spawnSync(process.execPath, [BUILD_SCRIPT], {
        env: { ...env, VREASON_SKIP_NATIVE: '1' },
        encoding: 'utf8',
      });
      assert.equal(skipped.status, 0);
      assert.match(skipped.stdout, /skipped/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('doctor reads the SIMD features from /proc/cpuinfo text (x86 flags, arm64 Features)', () => {
  const x86 = 'processor\t: 0\nflags\t\t: fpu sse2 sse4_1 sse4_2 avx avx2 fma bmi2\nbugs\t: x\n';
  assert.deepEqual(simdFromCpuinfo(x86), ['sse4.2', 'avx', 'avx2', 'fma']);
  assert.deepEqual(simdFromCpuinfo('Features\t: fp asimd evtstrm aes\n'), ['neon']);
  assert.deepEqual(simdFromCpuinfo('nothing here'), []);
});
