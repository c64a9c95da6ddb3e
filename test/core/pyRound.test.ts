import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pyFloat, pyRound } from '../../src/core/python.js';
import { hashObject, stableStringify } from '../../src/core/hash.js';
import { disciplineOf, subjectOfId } from '../../src/tasks/videommmu/subjects.js';

test('pyRound matches Python round() (values from CPython 3.11)', () => {
  const cases: [number, number, number][] = [
    [2.675, 2, 2.67], // binary value is 2.67499999…
    [0.125, 2, 0.12], // exact tie → even
    [0.375, 2, 0.38],
    [2.5, 0, 2],
    [3.5, 0, 4],
    [-2.5, 0, -2],
    [1.005, 2, 1.0],
    [123.456, -1, 120.0],
    [125, -1, 120],
    [1e-10, 2, 0],
    [3.14159, 2, 3.14],
  ];
  for (const [x, nd, want] of cases) assert.equal(pyRound(x, nd), want, `round(${x}, ${nd})`);
  assert.ok(Object.is(pyRound(-0.001, 2), -0), 'round(-0.001, 2) is -0.0');
  assert.equal(pyRound(Infinity, 2), Infinity);
  assert.ok(Number.isNaN(pyRound(NaN, 2)));
});

test('pyFloat accepts what Python float() accepts, and only that', () => {
  assert.equal(pyFloat(' 1_000.5 '), 1000.5);
  assert.equal(pyFloat('1e3'), 1000);
  assert.equal(pyFloat('.5'), 0.5);
  assert.equal(pyFloat('5.'), 5);
  assert.equal(pyFloat('-inf'), -Infinity);
  assert.ok(Number.isNaN(pyFloat('NaN')!));
  for (const bad of ['', '0x10', '1__0', '_1', '1e', 'abc', '1.2.3', '--1']) assert.equal(pyFloat(bad), null, bad);
});

test('stable hashing ignores key order; subjects map to disciplines', () => {
  assert.equal(stableStringify({ b: 1, a: [1, { d: 2, c: 3 }] }), '{"a":[1,{"c":3,"d":2}],"b":1}');
  assert.equal(hashObject({ x: 1, y: 2 }), hashObject({ y: 2, x: 1 }));
  assert.notEqual(hashObject({ x: 1 }), hashObject({ x: 2 }));
  assert.equal(subjectOfId('validation_Clinical_Medicine_12'), 'Clinical_Medicine');
  assert.equal(disciplineOf('Clinical_Medicine'), 'Medicine');
  assert.equal(disciplineOf('Manage'), 'Business');
  assert.equal(subjectOfId('nounderscores'), undefined);
});
