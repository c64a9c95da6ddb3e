import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/core/rng.js';
import {
  minDetectableDifference,
  normalQuantile,
  pairedSampleSize,
  sampleSd,
  sdDiffFromAccuracy,
} from '../../src/metrics/power.js';
import { runCli } from '../helpers/cli.js';

test('closed forms: normal quantiles, n = ((z_a + z_b) σ / δ)², and its inverse', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.8) - 0.8416212335729143) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306167813) < 1e-8);
  const z = 1.959963984540054 + 0.8416212335729143;
  assert.equal(pairedSampleSize(1, 0.1), Math.ceil((z * 10) ** 2));
  assert.ok(Math.abs(minDetectableDifference(0.5, 400) - (z * 0.5) / 20) < 1e-8);
  assert.ok(Math.abs(sdDiffFromAccuracy(0.5, 0.5) - 0.5) < 1e-15);
  assert.throws(() => pairedSampleSize(1, 0));
});

test('simulation: at the computed n, a paired z-test rejects about `power` of the time', (t) => {
  const rand = mulberry32(23);
  const aOnly = 0.1;
  const bOnly = 0.2;
  const delta = bOnly - aOnly;
  const sd = Math.sqrt(aOnly + bOnly - delta * delta);
  const n = pairedSampleSize(sd, delta, { power: 0.8 });
  const trials = 2000;
  let rejected = 0;
  for (let k = 0; k < trials; k++) {
    const d: number[] = [];
    for (let i = 0; i < n; i++) {
      const u = rand();
      d.push(u < aOnly ? -1 : u < aOnly + bOnly ? 1 : 0);
    }
    const mean = d.reduce((s, x) => s + x, 0) / n;
    if (Math.abs(mean / (sampleSd(d) / Math.sqrt(n))) > 1.959963984540054) rejected++;
  }
  t.diagnostic(`n=${n}: rejected ${rejected} of ${trials}`);
  assert.ok(Math.abs(rejected / trials - 0.8) < 0.04, `${rejected / trials}`);
});

test('vreason power: a usage error without runs, and flags checked', async () => {
  const r = await runCli(['power', '/nonexistent-run']);
  assert.equal(r.code, 2);
  const bad = await runCli(['power', '/nonexistent-run', '--power', '2']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--power expects a number in \(0, 1\)/);
});
