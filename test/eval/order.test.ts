import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderUnits } from '../../src/eval/order.js';
import type { UnitSpec, VisualSpec } from '../../src/tasks/types.js';

const unit = (id: string, visual: VisualSpec, condition = 'after'): UnitSpec => ({
  itemId: id,
  condition,
  prompt: `question ${id}`,
  visual,
  facts: {},
  shardKey: id,
});
const video = (path: string, extra: Partial<Extract<VisualSpec, { kind: 'video' }>> = {}): VisualSpec => ({
  kind: 'video',
  path,
  ...extra,
});
const quiz = { path: '/data/quiz.png' };

test('video order: a video’s requests together, in the order videos first appear', () => {
  const units = [
    unit('a1', video('/v/a.mp4')),
    unit('b1', video('/v/b.mp4')),
    unit('t1', { kind: 'none', reason: 'before' }, 'before'),
    unit('a2', video('/v/a.mp4')),
    unit('b2', video('/v/b.mp4')),
    unit('a3', video('/v/a.mp4')),
  ];
  assert.deepEqual(
    orderUnits(units, 'video').map((u) => u.itemId),
    ['a1', 'a2', 'a3', 'b1', 'b2', 't1'],
  );
  assert.deepEqual(
    orderUnits(units, 'dataset').map((u) => u.itemId),
    units.map((u) => u.itemId),
  );
});

test('within a video: identical frames first (largest group first), then frames + image, then shuffled probes', () => {
  const units = [
    unit('shuf', video('/v/a.mp4', { shuffleSeed: 7 }), 'shuffled'),
    unit('quiz1', video('/v/a.mp4', { appendImage: quiz })),
    unit('plain1', video('/v/a.mp4')),
    unit('quiz2', video('/v/a.mp4', { appendImage: quiz })),
    unit('plain2', video('/v/a.mp4')),
    unit('quiz3', video('/v/a.mp4', { appendImage: quiz })),
    unit('shuf2', video('/v/a.mp4', { shuffleSeed: 9 }), 'shuffled'),
  ];
  assert.deepEqual(
    orderUnits(units).map((u) => u.itemId),
    ['plain1', 'plain2', 'quiz1', 'quiz2', 'quiz3', 'shuf', 'shuf2'],
  );
});

test('the same frames with different images form separate groups, the bigger first; order is stable', () => {
  const other = { path: '/data/other.png' };
  const units = [
    unit('x1', video('/v/a.mp4', { appendImage: other })),
    unit('q1', video('/v/a.mp4', { appendImage: quiz })),
    unit('q2', video('/v/a.mp4', { appendImage: quiz })),
  ];
  const once = orderUnits(units).map((u) => u.itemId);
  assert.deepEqual(once, ['q1', 'q2', 'x1']);
  assert.deepEqual(
    orderUnits(orderUnits(units)).map((u) => u.itemId),
    once,
    'ordering an ordered plan changes nothing',
  );
  assert.equal(orderUnits(units).length, units.length);
});

test('every unit appears exactly once, whatever the mix', () => {
  const units = Array.from({ length: 60 }, (_, i) =>
    unit(
      `u${i}`,
      i % 7 === 0
        ? { kind: 'none', reason: 'text' }
        : video(`/v/${i % 5}.mp4`, i % 3 === 0 ? { appendImage: quiz } : i % 11 === 0 ? { shuffleSeed: i } : {}),
    ),
  );
  const out = orderUnits(units);
  assert.equal(new Set(out).size, units.length);
  assert.equal(out.length, units.length);
  // Contiguous per video.
  const seen: string[] = [];
  for (const u of out) {
    const v = u.visual.kind === 'video' ? u.visual.path : 'none';
    if (seen[seen.length - 1] !== v) {
      assert.ok(!seen.includes(v), `${v} appears in two runs`);
      seen.push(v);
    }
  }
});
