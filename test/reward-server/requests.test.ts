/**
 * The request validators take any JSON value and return a typed result, never throwing; a request
 * they accept always scores to finite numbers. Fuzzed directly (no HTTP), 10,000 runs each.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  formatPath,
  validateGetReward,
  validateScore,
  validateTemporal,
  type Validation,
} from '../../src/rewards/requests.js';
import { DEFAULT_SCORING, getRewards, scoreItems, temporalRewards } from '../../src/rewards/server.js';

const RUNS = { numRuns: 10_000 };

/** Strings near the label grammar: JSON-looking, tagged, type names, plus anything. */
const labelish = fc.oneof(
  fc.constantFrom(
    'B',
    '<answer>B</answer>',
    '',
    ' ',
    '{',
    '{}',
    '{"solution": "A"}',
    '{"problem_type": "OCR", "solution": ""}',
    '{"problem_type": 3}',
    '<answer></answer>',
    '[1]',
    'null',
  ),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc
    .record(
      {
        problem_type: fc.oneof(fc.constantFrom('numerical', 'OCR', 'free form', 'REGRESSION', 'essay'), fc.jsonValue()),
        solution: fc.oneof(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const TYPES = ['multiple choice', 'numerical', 'OCR', 'free-form', 'regression', 'Free_Form', 'ocr'];
/** Mostly valid labels, so the happy path is exercised too. */
const goodLabel = fc.oneof(
  fc.constantFrom('B', '<answer>B</answer>', ' C '),
  fc
    .record({ problem_type: fc.constantFrom(...TYPES), solution: fc.string({ minLength: 1, maxLength: 12 }) })
    .map((o) => (o.solution.trim() ? o : { ...o, solution: 'x' })),
);
const label = fc.oneof(
  goodLabel,
  goodLabel.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))),
  labelish,
  fc.jsonValue(),
  fc.record({ problem_type: fc.jsonValue(), solution: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }),
);
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('<think>a</think><answer>B</answer>', '<answer>1.5</answer><|im_end|>', ''),
);
const arrayOr = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.array(a, { maxLength: 6 }), fc.jsonValue());

const getRewardBody = fc.oneof(
  fc.jsonValue(),
  fc.record({ query: arrayOr(text), prompts: arrayOr(text), labels: arrayOr(label) }, { requiredKeys: [] }),
  // Aligned arrays: what OpenRLHF sends, with any labels.
  fc
    .array(fc.tuple(text, text, label), { maxLength: 6 })
    .map((rows) => ({ query: rows.map((r) => r[0]), prompts: rows.map((r) => r[1]), labels: rows.map((r) => r[2]) })),
);
const scoreItem = fc.record(
  {
    solution_str: fc.oneof(text, fc.jsonValue()),
    ground_truth: label,
    data_source: fc.jsonValue(),
    extra_info: fc.oneof(
      fc.jsonValue(),
      fc.record(
        { problem_type: fc.oneof(fc.constantFrom('numerical', 'ocr', 'nope'), fc.jsonValue()) },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const scoreBody = fc.oneof(fc.jsonValue(), scoreItem, fc.record({ items: arrayOr(scoreItem) }, { requiredKeys: [] }));
const num = fc.oneof(fc.double(), fc.nat(600), fc.jsonValue());
const temporalBody = fc.oneof(
  fc.jsonValue(),
  // Well-typed groups with arbitrary responses, lengths and mu / alpha.
  fc.array(fc.tuple(text, fc.nat(600)), { minLength: 1, maxLength: 8 }).chain((rows) =>
    fc.record({
      problem_type: fc.constantFrom(...TYPES),
      solution: fc.constantFrom('B', '<answer>12.5</answer>', 'a cat sat'),
      ordered: fc.constant(rows.map((r) => r[0])),
      shuffled: fc.array(text, { maxLength: 4 }),
      lengths: fc.constant(rows.map((r) => r[1])),
      mu: fc.double({ noNaN: true, noDefaultInfinity: true }),
      alpha: fc.double({ min: -10, max: 10, noNaN: true }),
    }),
  ),
  fc.record(
    {
      problem_type: fc.oneof(
        fc.constantFrom('multiple choice', 'numerical', 'OCR', 'free-form', 'regression'),
        fc.jsonValue(),
      ),
      solution: fc.oneof(labelish, fc.jsonValue()),
      ordered: arrayOr(text),
      shuffled: arrayOr(text),
      lengths: arrayOr(num),
      mu: num,
      alpha: num,
    },
    { requiredKeys: [] },
  ),
);

/** A failed validation names a field that exists in the path grammar and carries a message. */
function checkShape<T>(v: Validation<T>): void {
  assert.equal(typeof v.ok, 'boolean');
  if (!v.ok) {
    assert.equal(typeof v.error.message, 'string');
    assert.ok(v.error.message.length > 0);
    assert.ok(
      v.error.field === null || /^[A-Za-z_]\w*(\[\d+\]|\.[A-Za-z_]\w*)*$/.test(v.error.field),
      `field ${v.error.field}`,
    );
  }
}

const finite = (xs: readonly number[]) => xs.every(Number.isFinite);

test('validateGetReward: any JSON body → typed result; accepted bodies score to finite rewards', () => {
  let accepted = 0;
  fc.assert(
    fc.property(getRewardBody, (body) => {
      const v = validateGetReward(body);
      checkShape(v);
      if (v.ok) {
        accepted++;
        const r = getRewards(v.value, DEFAULT_SCORING);
        assert.equal(r.rewards.length, v.value.query.length);
        assert.ok(finite(r.rewards) && finite(r.scores));
      }
    }),
    RUNS,
  );
  assert.ok(accepted > 100, `only ${accepted} bodies were valid: the generator misses the happy path`);
});

test('validateScore: any JSON body → typed result; accepted bodies score to finite numbers', () => {
  let accepted = 0;
  fc.assert(
    fc.property(scoreBody, (body) => {
      const v = validateScore(body);
      checkShape(v);
      if (v.ok) {
        accepted++;
        const items = v.value.batch ? v.value.items : [v.value.item];
        assert.ok(scoreItems(items, DEFAULT_SCORING).every((s) => Number.isFinite(s.score)));
      }
    }),
    RUNS,
  );
  assert.ok(accepted > 100, `only ${accepted} bodies were valid`);
});

test('validateTemporal: any JSON body → typed result; accepted bodies give finite totals and advantages', () => {
  let accepted = 0;
  fc.assert(
    fc.property(temporalBody, (body) => {
      const v = validateTemporal(body);
      checkShape(v);
      if (v.ok) {
        accepted++;
        const r = temporalRewards(v.value, DEFAULT_SCORING);
        assert.equal(r.responses.length, v.value.ordered.length);
        assert.ok(r.responses.every((x) => Number.isFinite(x.total) && Number.isFinite(x.advantage)));
      }
    }),
    RUNS,
  );
  assert.ok(accepted > 20, `only ${accepted} bodies were valid`);
});

test('label forms: object, JSON string, plain multiple-choice string; bare solutions are wrapped', () => {
  const v = validateGetReward({
    query: ['a', 'b', 'c', 'd'],
    prompts: ['', '', '', ''],
    labels: [
      { problem_type: 'Free_Form', solution: 'a cat' },
      ' {"problem_type": "numerical", "solution": "<answer>3</answer>"}',
      'B',
      '<answer>C</answer>',
    ],
  });
  assert.ok(v.ok);
  assert.deepEqual(v.value.labels, [
    { problemType: 'free-form', solution: '<answer>a cat</answer>' },
    { problemType: 'numerical', solution: '<answer>3</answer>' },
    { problemType: 'multiple choice', solution: '<answer>B</answer>' },
    { problemType: 'multiple choice', solution: '<answer>C</answer>' },
  ]);
  for (const [bad, field] of [
    ['', 'labels[0]'],
    ['<answer> </answer>', 'labels[0]'],
    ['{"solution": "<answer></answer>"}', 'labels[0].solution'],
    [42, 'labels[0]'],
    [{ problem_type: 'numerical', solution: 12.5 }, 'labels[0].solution'],
  ] as const) {
    const r = validateGetReward({ query: ['a'], prompts: ['a'], labels: [bad] });
    assert.ok(!r.ok && r.error.field === field, `${JSON.stringify(bad)} → ${JSON.stringify(r)}`);
  }
});

test('formatPath', () => {
  assert.equal(formatPath(['labels', 3, 'solution']), 'labels[3].solution');
  assert.equal(formatPath(['items', 0, 'extra_info', 'problem_type']), 'items[0].extra_info.problem_type');
  assert.equal(formatPath([]), null);
});
