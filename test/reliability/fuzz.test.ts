import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseMultiChoice, parseOpen, scoreVideoMMMU } from '../../src/tasks/videommmu/parse.js';
import { scoreVideoR1Facts } from '../../src/tasks/videor1/task.js';
import { VideoMMMURowSchema } from '../../src/tasks/videommmu/schema.js';

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constantFrom('', ' ', '(A)', 'The answer is C.', '<answer>B</answer>', 'A. B. C.', '1,234.5', '-inf', 'nan'),
);
const options = fc.array(fc.string({ maxLength: 30 }), { minLength: 0, maxLength: 10 });

test('Video-MMMU parsers: any response, any options — no throw, a verdict always', () => {
  fc.assert(
    fc.property(
      text,
      options,
      fc.constantFrom<'multiple-choice' | 'open'>('multiple-choice', 'open'),
      fc.oneof(fc.constantFrom('A', 'B', 'C'), fc.string({ maxLength: 10 })),
      (resp, opts, qt, gold) => {
        const mc = parseMultiChoice(resp, opts);
        assert.ok(mc.pred === null || /^[A-Z]$/.test(mc.pred));
        const open = parseOpen(resp);
        assert.ok(open.preds === null || Array.isArray(open.preds));
        const s = scoreVideoMMMU(qt, resp, opts, gold);
        assert.equal(typeof s.correct, 'boolean');
        assert.equal(typeof s.unparsed, 'boolean');
      },
    ),
    { numRuns: 10_000 },
  );
});

test('Video-R1 suite scoring: any response — score in [0, 1]', () => {
  const types = fc.constantFrom('multiple choice', 'numerical', 'OCR', 'free-form', 'regression');
  fc.assert(
    fc.property(text, types, text, (resp, problemType, sol) => {
      const s = scoreVideoR1Facts(
        {
          benchmark: 'x',
          problem_type: problemType,
          data_type: 'video',
          solution: `<answer>${sol}</answer>`,
          data_source: null,
        },
        resp,
      );
      assert.ok(s.score >= 0 && s.score <= 1 && Number.isFinite(s.score), String(s.score));
    }),
    { numRuns: 10_000 },
  );
});

test('dataset row validator: any JSON value — a typed result, never a throw', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.jsonValue(),
        fc.record(
          {
            id: fc.string(),
            question: fc.string(),
            options: fc.anything(),
            answer: fc.anything(),
            image: fc.anything(),
          },
          { requiredKeys: [] },
        ),
      ),
      (v) => {
        const r = VideoMMMURowSchema.safeParse(v);
        assert.equal(typeof r.success, 'boolean');
      },
    ),
    { numRuns: 10_000 },
  );
});
