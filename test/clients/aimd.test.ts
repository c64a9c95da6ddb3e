import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AimdController, percentile } from '../../src/clients/aimd.js';

test('starts at the ceiling and stays there while nothing pushes back', () => {
  const a = new AimdController({ ceiling: 8 });
  assert.equal(a.window, 8);
  for (let t = 0; t < 100; t++) a.onSuccess(t, 10, t + 10);
  assert.equal(a.window, 8, 'never above the ceiling');
  assert.ok(a.canSend(7, 0));
  assert.ok(!a.canSend(8, 0));
});

test('overload halves the window once per burst: replies to requests sent before the cut are ignored', () => {
  const a = new AimdController({ ceiling: 16 });
  // Sixteen requests sent at t=0, all rate limited; the replies arrive at t=100..115.
  for (let i = 0; i < 16; i++) a.onOverload(0, 100 + i);
  assert.equal(a.window, 8);
  assert.equal(a.decreases.overload, 1);
  // A request sent after the cut that is still rejected cuts again.
  a.onOverload(120, 200);
  assert.equal(a.window, 4);
  // Each later cut needs a request sent after the previous one.
  for (let i = 1; i <= 5; i++) a.onOverload(1000 * i, 1000 * i + 10);
  assert.equal(a.window, 1, 'never below the floor');
  assert.equal(a.minWindow, 1);
});

test('additive increase: one more per window of answers, back up to the ceiling', () => {
  const a = new AimdController({ ceiling: 8, initial: 2 });
  assert.equal(a.window, 2);
  a.onSuccess(0, 5, 5);
  assert.equal(a.window, 2, 'half a step');
  a.onSuccess(0, 5, 6);
  assert.equal(a.window, 3, 'two answers at window 2 add one');
  for (let i = 0; i < 3; i++) a.onSuccess(10, 5, 20);
  assert.equal(a.window, 4);
  for (let i = 0; i < 200; i++) a.onSuccess(30, 5, 40);
  assert.equal(a.window, 8);
});

test('answers to requests sent before a cut do not grow the window', () => {
  const a = new AimdController({ ceiling: 8 });
  a.onOverload(0, 100);
  assert.equal(a.window, 4);
  for (let i = 0; i < 50; i++) a.onSuccess(50, 5, 101 + i);
  assert.equal(a.window, 4);
  a.onSuccess(100, 5, 160);
  assert.ok(a.window >= 4);
});

test('Retry-After holds the server even when the window was already cut for this burst', () => {
  const a = new AimdController({ ceiling: 4 });
  a.onOverload(0, 100, 1000);
  assert.equal(a.heldUntil(), 1100);
  assert.ok(!a.canSend(0, 1099));
  assert.ok(a.canSend(0, 1100));
  a.onOverload(0, 200, 2000); // an old request: no second cut, but the longer hold stands
  assert.equal(a.window, 2);
  assert.equal(a.heldUntil(), 2200);
});

test('p95 latency above the target cuts the window; below it the window grows', () => {
  const a = new AimdController({ ceiling: 10, initial: 6, latencyTargetMs: 100, sampleSize: 10 });
  for (let i = 0; i < 9; i++) a.onSuccess(0, 50, 10 + i);
  const grown = a.window;
  assert.ok(grown >= 6);
  // 9 fast + 1 slow: p95 of 10 samples is the slow one.
  a.onSuccess(0, 500, 30);
  assert.equal(a.decreases.latency, 1);
  assert.equal(a.window, Math.floor(grown / 2));
  // After a cut the samples start over: a few slow answers are not yet enough for a verdict.
  for (let i = 0; i < 9; i++) a.onSuccess(40, 500, 50 + i);
  assert.equal(a.decreases.latency, 1);
  a.onSuccess(40, 500, 60);
  assert.equal(a.decreases.latency, 2);
});

test('without a target, latency is no signal', () => {
  const a = new AimdController({ ceiling: 4 });
  for (let i = 0; i < 100; i++) a.onSuccess(0, 1e6, i);
  assert.equal(a.window, 4);
  assert.equal(a.decreases.latency, 0);
});

test('percentile: nearest rank', () => {
  assert.equal(percentile([5, 1, 3, 2, 4], 0.5), 3);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95), 10);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
  assert.ok(Number.isNaN(percentile([], 0.5)));
  assert.throws(() => new AimdController({ ceiling: 0 }), /ceiling/);
});
