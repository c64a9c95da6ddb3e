import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PROBLEM_TYPES,
  accuracyReward,
  evalReward,
  extractAnswer,
  extractAnswerOrText,
  formatReward,
  groupAdvantages,
  groupRewards,
  isPyWhitespace,
  lengthBonuses,
  meanRelativeAccuracy,
  normalizeProblemType,
  porterStem,
  pythonFloat,
  rougeMeanF,
  rougeScores,
  scoreResponse,
  temporalBonus,
  wordErrorRate,
} from '../../src/rewards/index.js';

const RUNS = { numRuns: 10000 };

/**
 * Pieces that exercise the parsers: tags (nested, duplicated), Python-only whitespace, numbers, stems, astral
 * characters.
 */
const FRAGMENTS = [
  '<answer>',
  '</answer>',
  '<think>',
  '</think>',
  '<answer><answer>x</answer></answer>',
  '<think></think><answer>',
  ' ',
  '\n',
  '\t',
  '\u3000',
  '\x1c',
  '\x85',
  '\ufeff',
  '\u00a0',
  'B',
  'b',
  '(C)',
  '1,000',
  '3.14',
  '-2.5e3',
  '.',
  ',',
  'nan',
  'inf',
  '1_0',
  '\u0663',
  'running',
  'the cats ran',
  'happiness',
  '\u{1F600}',
  '\u0130',
  '',
];
const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const text = fc.array(fragment, { maxLength: 24 }).map((xs) => xs.join(''));
const huge = fc.oneof(
  fc.string({ unit: 'binary', minLength: 10000, maxLength: 10000 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 10000, maxLength: 10000 }),
  fc.constantFrom(
    '<answer>'.repeat(1250),
    '</think>'.repeat(1250),
    `<think>${'a b '.repeat(2500)}</think><answer>x</answer>`,
  ),
);
/** Mostly short structured text, now and then 10k characters. */
const anyText = fc.oneof({ weight: 60, arbitrary: text }, { weight: 1, arbitrary: huge });
const problemType = fc.oneof(fc.constantFrom(...PROBLEM_TYPES), fc.constantFrom('', 'Multiple Choice', 'counting'));
const pyWs = fc.constantFrom(' ', '\n', '\t', '\r', '\v', '\f', '\x1c', '\x1f', '\x85', '\u00a0', '\u2003', '\u3000');
const ws = fc.array(pyWs, { maxLength: 3 }).map((xs) => xs.join(''));
const anyDouble = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1e-9, 1e-8, 1e39, -1e39, NaN, Infinity, -Infinity));
const unit = (x: number): boolean => x >= 0 && x <= 1;

test('extractAnswer / extractAnswerOrText never throw and return Python-stripped substrings', () => {
  fc.assert(
    fc.property(anyText, (s) => {
      const a = extractAnswer(s);
      assert.ok(
        a === '' || (s.includes(a) && !isPyWhitespace(a.charCodeAt(0)) && !isPyWhitespace(a.charCodeAt(a.length - 1))),
      );
      if (!s.includes('<answer>')) assert.equal(a, '');
      assert.equal(extractAnswerOrText(s), a === '' ? s : a);
    }),
    RUNS,
  );
});

test('formatReward is 0 or 1 and accepts exactly <think>A</think>WS<answer>B</answer>', () => {
  fc.assert(
    fc.property(anyText, text, ws, text, (s, a, w, b) => {
      const r = formatReward(s);
      assert.ok(r === 0 || r === 1);
      if (r === 1) assert.ok(s.startsWith('<think>') && s.endsWith('</answer>'));
      // Any A and B (tags included) with whitespace between: fullmatch succeeds.
      assert.equal(formatReward(`<think>${a}</think>${w}<answer>${b}</answer>`), 1);
      assert.equal(formatReward(`x<think>${a}</think>${w}<answer>${b}</answer>`), 0);
    }),
    RUNS,
  );
});

test('accuracyReward is in [0, 1] for every problem type, any response and any solution', () => {
  fc.assert(
    fc.property(anyText, text, problemType, (response, solution, type) => {
      assert.ok(unit(accuracyReward(response, solution, type)));
      assert.ok(unit(evalReward(response, solution, type)));
      const s = scoreResponse({ response, solution, problemType: type });
      assert.ok(unit(s.accuracy) && (s.format === 0 || s.format === 1));
    }),
    RUNS,
  );
});

test('accuracyReward gives 1 to a response repeating the solution (MC, OCR, numerical)', () => {
  fc.assert(
    fc.property(text, ws, (x, w) => {
      const response = `<think>r</think>${w}<answer>${w}${x}${w}</answer>`;
      const solution = `<answer>${x}</answer>`;
      assert.equal(accuracyReward(response, solution, 'multiple choice'), 1);
      assert.equal(accuracyReward(response, solution, 'OCR'), 1);
      const free = accuracyReward(response, solution, 'free-form');
      // 1, or 0 without any [a-z0-9] token, or (1 + 0 + 1) / 3 for a single token (no bigram).
      assert.ok([0, 1, (1 + 0 + 1) / 3].includes(free));
      const n = pythonFloat(extractAnswer(solution).replaceAll(',', ''));
      if (n !== null && !Number.isNaN(n)) assert.equal(accuracyReward(response, solution, 'numerical'), 1);
    }),
    RUNS,
  );
});

test('numeric answers: regression and numerical stay in [0, 1] for any doubles', () => {
  fc.assert(
    fc.property(anyDouble, anyDouble, (p, g) => {
      const response = `<answer>${p}</answer>`;
      const solution = `<answer>${g}</answer>`;
      for (const type of ['numerical', 'regression'] as const) {
        assert.ok(unit(accuracyReward(response, solution, type)));
        assert.ok(unit(evalReward(response, solution, type)));
      }
      // Any JS number's String() is a valid Python float literal with the same value (String(-0) is "0").
      assert.ok(Object.is(pythonFloat(String(p)), p === 0 ? 0 : p));
      const m = meanRelativeAccuracy(p, g);
      assert.ok(unit(m) && Number.isInteger(Math.round(m * 10)) && Math.abs(m * 10 - Math.round(m * 10)) < 1e-5);
    }),
    RUNS,
  );
});

test('pythonFloat and normalizeProblemType never throw on arbitrary strings', () => {
  fc.assert(
    fc.property(anyText, (s) => {
      const v = pythonFloat(s);
      assert.ok(v === null || typeof v === 'number');
      const t = normalizeProblemType(s);
      assert.ok(t === null || PROBLEM_TYPES.includes(t));
    }),
    RUNS,
  );
});

test('wordErrorRate is finite, >= 0, and 0 against itself', () => {
  fc.assert(
    fc.property(anyText, text, (a, b) => {
      const w = wordErrorRate(b, a);
      assert.ok(Number.isFinite(w) && w >= 0);
      assert.equal(wordErrorRate(a, a), 0);
    }),
    RUNS,
  );
});

test('ROUGE precision, recall and F are in [0, 1]; identical non-empty token lists score 1', () => {
  fc.assert(
    fc.property(anyText, text, (a, b) => {
      const s = rougeScores(b, a);
      for (const x of [s.rouge1, s.rouge2, s.rougeL])
        assert.ok(unit(x.precision) && unit(x.recall) && unit(x.fmeasure));
      assert.ok(unit(rougeMeanF(b, a)));
      assert.ok([0, 1].includes(rougeScores(b, b).rouge1.fmeasure));
    }),
    RUNS,
  );
});

test('porterStem never throws and maps lower-case ASCII words to lower-case ASCII', () => {
  fc.assert(
    fc.property(fc.oneof(fc.stringMatching(/^[a-z]{0,14}$/), fc.string({ unit: 'binary', maxLength: 12 })), (w) => {
      const s = porterStem(w);
      if (/^[a-z]*$/.test(w)) assert.match(s, /^[a-z]*$/);
    }),
    RUNS,
  );
});

const accuracies = fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.1, 1)), {
  maxLength: 16,
});

test('lengthBonuses and temporalBonus only ever give 0 or their bonus', () => {
  fc.assert(
    fc.property(accuracies, accuracies, fc.integer({ min: 0, max: 1024 }), (ordered, shuffled, len) => {
      const lengths = ordered.map((_, i) => (len + i * 37) % 1024);
      assert.ok(lengthBonuses(ordered, lengths).every((b) => b === 0 || b === 0.2));
      const t = temporalBonus(ordered, shuffled);
      assert.ok(t.bonuses.every((b) => b === 0 || b === 0.3));
      assert.equal(t.applied, t.p >= 0.8 * t.pShuffled!);
    }),
    RUNS,
  );
});

test('groupAdvantages are finite for finite rewards and sum to ~0', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 16 }), (rewards) => {
      const a = groupAdvantages(rewards);
      assert.equal(a.length, rewards.length);
      assert.ok(a.every(Number.isFinite));
      assert.ok(Math.abs(a.reduce((x, y) => x + y, 0)) < 1e-6 * Math.max(1, rewards.length));
    }),
    RUNS,
  );
});

test('groupRewards totals are the component sums and within [0, 2.5]', () => {
  fc.assert(
    fc.property(
      fc.array(text, { minLength: 1, maxLength: 8 }),
      fc.array(text, { maxLength: 4 }),
      text,
      problemType,
      (responses, shuffled, sol, type) => {
        const g = groupRewards({
          problemType: type,
          solution: sol,
          responses,
          shuffledResponses: shuffled,
          completionLengths: responses.map((r) => r.length * 20),
        });
        for (const r of g.responses) {
          assert.equal(r.total, r.accuracy + r.temporal + r.format + r.length);
          assert.ok(r.total >= 0 && r.total <= 2.5 && Number.isFinite(r.advantage));
        }
      },
    ),
    RUNS,
  );
});
