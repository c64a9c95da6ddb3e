import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedDifference } from '../../src/metrics/pairedDiff.js';

test('paired difference: B − A on shared items, seeded CI, verdict on zero', () => {
  const a = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
  const b = a.map(() => 1);
  const d = pairedDifference(a, b, { seed: 3 });
  assert.equal(d.n, 20);
  assert.equal(d.mean_a, 0.5);
  assert.equal(d.mean_b, 1);
  assert.equal(d.diff, 0.5);
  assert.ok(d.ci95 && d.ci95[0] > 0 && d.ci95[1] <= 1, `CI ${d.ci95}`);
  assert.equal(d.excludes_zero, true);
  assert.deepEqual(pairedDifference(a, b, { seed: 3 }), d, 'same seed, same CI');
});

test('paired difference: identical runs give a zero difference whose CI includes zero', () => {
  const a = [1, 0, 1, 0, 1, 1, 0, 0.5];
  const d = pairedDifference(a, a);
  assert.equal(d.diff, 0);
  assert.deepEqual(d.ci95, [0, 0]);
  assert.equal(d.excludes_zero, false);
});

test('paired difference: pairing beats independence — a constant per-item shift has a CI of width 0', () => {
  // Item difficulty varies wildly, but B is exactly 0.1 better on every item.
  const a = [0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6];
  const d = pairedDifference(
    a,
    a.map((x) => x + 0.1),
  );
  assert.ok(Math.abs((d.diff as number) - 0.1) < 1e-12);
  assert.ok(d.ci95 && Math.abs(d.ci95[0] - 0.1) < 1e-12 && Math.abs(d.ci95[1] - 0.1) < 1e-12);
  assert.equal(d.excludes_zero, true);
});

test('paired difference: no shared items, and mismatched lengths', () => {
  assert.deepEqual(pairedDifference([], []), {
    n: 0,
    mean_a: null,
    mean_b: null,
    diff: null,
    ci95: null,
    excludes_zero: false,
  });
  assert.throws(() => pairedDifference([1], [1, 0]), RangeError);
});
