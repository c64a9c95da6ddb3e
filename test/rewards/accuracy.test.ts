import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracyReward,
  evalReward,
  freeFormReward,
  meanRelativeAccuracy,
  multipleChoiceReward,
  normalizeNumber,
  normalizeProblemType,
  numericalReward,
  ocrReward,
  passesAccuracyMask,
  pythonFloat,
  regressionReward,
  scoreResponse,
} from '../../src/rewards/accuracy.js';

/** A Python float as recorded by repr() ("0.5", "nan", "inf"); null where Python raised. */
function py(s: string | null): number | null {
  if (s === null) return null;
  if (s === 'nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

const T = (a: string): string => `<think>reasoning</think><answer>${a}</answer>`;
const S = (a: string): string => `<answer>${a}</answer>`;

test('multiple choice by hand: equal after Python strip, nothing else', () => {
  assert.equal(multipleChoiceReward('B', 'B'), 1);
  assert.equal(multipleChoiceReward(' B\u3000', 'B'), 1); // U+3000 is Python whitespace
  assert.equal(multipleChoiceReward('\ufeffB', 'B'), 0); // U+FEFF is not (JS trim() would strip it)
  assert.equal(multipleChoiceReward('b', 'B'), 0);
  assert.equal(multipleChoiceReward('(B)', 'B'), 0);
});

test('numerical by hand', () => {
  // Both have a decimal mark; round(3.14159, 2) = 3.14 = round(3.14, 2).
  assert.equal(numericalReward('3.14159', '3.14'), 1);
  // round(2.675, 2) is 2.67 in Python (2.675 is 2.67499999... in binary), so it is not 2.68.
  assert.equal(numericalReward('2.675', '2.68'), 0);
  assert.equal(numericalReward('2.675', '2.67'), 1);
  // gt "1,000" has a ',' (counted as a decimal mark), pred "1000" has none -> 0 before parsing.
  assert.equal(numericalReward('1000', '1,000'), 0);
  // Both marked: commas removed -> 1000.5 vs 1000.5.
  assert.equal(numericalReward('1000.50', '1,000.5'), 1);
  // "42.0" vs "42": the marks differ -> 0 even though the values are equal.
  assert.equal(numericalReward('42.0', '42'), 0);
  // Unparsable -> 0; Python float() accepts '1_000', Arabic-Indic digits and 'inf'.
  assert.equal(numericalReward('12 apples', '12'), 0);
  assert.equal(numericalReward('1_000', '1000'), 1);
  assert.equal(numericalReward('\u0661\u0662', '12'), 1);
  assert.equal(numericalReward('inf', 'inf'), 1);
  assert.equal(numericalReward('nan', 'nan'), 0); // nan != nan
});

test('OCR by hand: 1 - WER, clipped to [0, 1]', () => {
  // gt 6 words, pred drops one 'the': distance 1 -> WER 1/6 -> 1 - 1/6.
  assert.equal(ocrReward('the cat sat on mat', 'the cat sat on the mat'), 1 - 1 / 6);
  // gt 2 words, pred 13 words all different: 2 substitutions + 11 insertions = 13 -> WER 6.5 -> clipped to 0.
  assert.equal(ocrReward('a b c d e f g h i j k l m', 'x y'), 0);
  // Case-sensitive: 'Hello World' vs 'hello world' is 2 substitutions of 2 words -> 0.
  assert.equal(ocrReward('Hello World', 'hello world'), 0);
  // Both empty: distance 0 / max(1, 0) = 0 -> 1.
  assert.equal(ocrReward('', ''), 1);
});

test('free-form by hand: mean ROUGE-1/2/L F, stemmed', () => {
  // See rouge.test.ts: F1 = FL = 4/7, F2 = 0 -> 8/21.
  const f1 = (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3);
  assert.equal(freeFormReward('The cats are running', 'A cat runs'), (f1 + 0 + f1) / 3);
  assert.equal(freeFormReward('identical answer', 'identical answer'), 1);
  assert.equal(freeFormReward('', ''), 0); // no tokens: every F is 0
});

test('regression by hand: 1 - clip((|p - g| + 1e-9) / (|g| + 1e-9))', () => {
  // |12 - 10| = 2 -> (2 + 1e-9) / (10 + 1e-9) ≈ 0.2 -> ≈ 0.8.
  assert.equal(regressionReward('12', '10'), 1 - (2 + 1e-9) / (10 + 1e-9));
  // Exact: (0 + 1e-9) / (10 + 1e-9) is tiny but not 0.
  assert.equal(regressionReward('10', '10'), 1 - 1e-9 / (10 + 1e-9));
  // gt 0: (1 + 1e-9) / 1e-9 is huge -> clipped to 1 -> 0; but pred 0 gives (1e-9 / 1e-9) = 1 -> 0 as well.
  assert.equal(regressionReward('1', '0'), 0);
  assert.equal(regressionReward('0', '0'), 0);
  // |25 - 10| / 10 = 1.5 -> clipped -> 0.
  assert.equal(regressionReward('25', '10'), 0);
  // Reference quirk: max(0.0, nan) is 0.0 in Python, so a NaN relative difference scores 1.
  assert.equal(regressionReward('nan', '10'), 1);
  assert.equal(regressionReward('5', 'inf'), 1); // |5 - inf| / inf = inf / inf = nan
  assert.equal(regressionReward('inf', '5'), 0); // inf / 5 = inf -> clipped to 1
  assert.equal(regressionReward('about 3', '3'), 0); // float() fails -> TypeError in the reference -> 0
});

test('meanRelativeAccuracy by hand (float32 like the reference tensors)', () => {
  // |12 - 10| / 10 -> float32(0.2) = 0.2000000030 < 1 - θ for θ = 0.50 .. 0.75; for θ = 0.80 the bound is
  // 1 - float32(0.8) = 0.1999999881 and it fails -> 6 of 10 -> float32(0.6).
  assert.equal(meanRelativeAccuracy(12, 10), Math.fround(0.6));
  assert.equal(meanRelativeAccuracy(10, 10), 1);
  // |11 - 10| / 10: rel = float32(0.1) = 0.10000000149; for θ = 0.90 the bound is 1 - float32(0.9)
  // = 0.10000002384, so 0.1 < 0.1 PASSES in float32 (9 of 10) where exact arithmetic gives 8.
  assert.equal(meanRelativeAccuracy(11, 10), Math.fround(0.9));
  // gt 0: |p| / 1e-8 -> exactly 0 only for p = 0.
  assert.equal(meanRelativeAccuracy(0, 0), 1);
  assert.equal(meanRelativeAccuracy(1, 0), 0);
  assert.equal(meanRelativeAccuracy(NaN, 10), 0);
  assert.equal(meanRelativeAccuracy(Infinity, Infinity), 0);
});

test('passesAccuracyMask is the float32 comparison acc > 0.1', () => {
  assert.equal(passesAccuracyMask(0.11), true);
  assert.equal(passesAccuracyMask(0.1), false);
  assert.equal(passesAccuracyMask(0.1000000001), false); // rounds to float32(0.1)
  assert.equal(passesAccuracyMask(1), true);
});

test('normalizeProblemType accepts the reference strings and their case / separator variants', () => {
  for (const t of ['multiple choice', 'numerical', 'OCR', 'free-form', 'regression'] as const)
    assert.equal(normalizeProblemType(t), t);
  assert.equal(normalizeProblemType('Multiple_Choice'), 'multiple choice');
  assert.equal(normalizeProblemType(' ocr '), 'OCR');
  assert.equal(normalizeProblemType('Free Form'), 'free-form');
  assert.equal(normalizeProblemType('counting'), null);
});

test('scoreResponse returns accuracy, format and the extracted answer', () => {
  assert.deepEqual(scoreResponse({ response: T(' B '), solution: S('B'), problemType: 'multiple choice' }), {
    accuracy: 1,
    format: 1,
    answer: 'B',
  });
  assert.deepEqual(scoreResponse({ response: 'B', solution: S('B'), problemType: 'multiple choice' }), {
    accuracy: 0,
    format: 0,
    answer: '',
  });
});

/*
 * [response, solution, problem_type, reward] rows produced by RUNNING `accuracy_reward` from
 * tulerfeng/Video-R1 src/r1-v/src/open_r1/grpo.py (HEAD 59d65c3, extracted verbatim with ast)
 * with rouge_score and NLTK porter from source, under CPython 3.11.7.
 */
const ACCURACY: Array<[string, string, string, string]> = [
  ['<think>reasoning</think><answer>B</answer>', '<answer>B</answer>', 'multiple choice', '1.0'],
  ['<think>reasoning</think><answer> B </answer>', '<answer>B</answer>', 'multiple choice', '1.0'],
  ['<think>reasoning</think><answer>b</answer>', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<think>reasoning</think><answer>(B)</answer>', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<think>reasoning</think><answer>B.</answer>', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['B', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<think>reasoning</think><answer>\u3000B\u001c</answer>', '<answer>B</answer>', 'multiple choice', '1.0'],
  ['<think>reasoning</think><answer>\ufeffB</answer>', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<answer><answer>B</answer></answer>', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<answer>A</answer><answer>B</answer>', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<think>reasoning</think><answer>B</answer>', 'B', 'multiple choice', '0.0'],
  ['no tags', 'no tags', 'multiple choice', '1.0'],
  ['<think>reasoning</think><answer>B</answer>', '<answer>B</answer>', 'Multiple Choice', '0.0'],
  ['<think>reasoning</think><answer>B</answer>', '<answer>B</answer>', 'mcq', '0.0'],
  ['<think>reasoning</think><answer>42</answer>', '<answer>42</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>42.0</answer>', '<answer>42</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>42.0</answer>', '<answer>42.00</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>1,000</answer>', '<answer>1000</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>1,000</answer>', '<answer>1,000.0</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>1000.0</answer>', '<answer>1,000</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>2.675</answer>', '<answer>2.67</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>2.675</answer>', '<answer>2.68</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>1.005</answer>', '<answer>1.0</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>0.125</answer>', '<answer>0.12</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>0.135</answer>', '<answer>0.14</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>3.14159</answer>', '<answer>3.14</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>3.145</answer>', '<answer>3.15</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>-0.0</answer>', '<answer>0.0</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>1e3</answer>', '<answer>1000</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>1.e3</answer>', '<answer>1000.0</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>nan</answer>', '<answer>nan</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>inf</answer>', '<answer>inf</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>Infinity</answer>', '<answer>inf</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>1_000</answer>', '<answer>1000</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>\u0661\u0662</answer>', '<answer>12</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>12 apples</answer>', '<answer>12</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer></answer>', '<answer></answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>5</answer>', '<answer></answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>.5</answer>', '<answer>0.5</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>5.</answer>', '<answer>5.0</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>1,5</answer>', '<answer>1.5</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>15</answer>', '<answer>1,5</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>\u001c7,</answer>', '<answer>7.</answer>', 'numerical', '1.0'],
  ['<think>reasoning</think><answer>7\u001c,</answer>', '<answer>7.</answer>', 'numerical', '0.0'],
  ['42', '<answer>42</answer>', 'numerical', '0.0'],
  ['<think>reasoning</think><answer>hello world</answer>', '<answer>hello world</answer>', 'OCR', '1.0'],
  ['<think>reasoning</think><answer>hello</answer>', '<answer>hello world</answer>', 'OCR', '0.5'],
  ['<think>reasoning</think><answer>hello there world</answer>', '<answer>hello world</answer>', 'OCR', '0.5'],
  ['<think>reasoning</think><answer>Hello World</answer>', '<answer>hello world</answer>', 'OCR', '0.0'],
  ['<think>reasoning</think><answer>a b c d e f g</answer>', '<answer>x</answer>', 'OCR', '0.0'],
  ['<think>reasoning</think><answer></answer>', '<answer></answer>', 'OCR', '1.0'],
  ['<think>reasoning</think><answer>x</answer>', '<answer></answer>', 'OCR', '0.0'],
  ['<think>reasoning</think><answer></answer>', '<answer>one two three</answer>', 'OCR', '0.0'],
  ['<think>reasoning</think><answer>one\ntwo\u3000three</answer>', '<answer>one two three</answer>', 'OCR', '1.0'],
  [
    '<think>reasoning</think><answer>the cat sat on mat</answer>',
    '<answer>the cat sat on the mat</answer>',
    'OCR',
    '0.8333333333333334',
  ],
  ['<think>reasoning</think><answer>STOP sign ahead</answer>', '<answer>STOP sign</answer>', 'OCR', '0.5'],
  [
    '<think>reasoning</think><answer>The cats are running</answer>',
    '<answer>A cat runs</answer>',
    'free-form',
    '0.380952380952381',
  ],
  [
    '<think>reasoning</think><answer>the man is cutting onions</answer>',
    '<answer>A man cuts an onion</answer>',
    'free-form',
    '0.39999999999999997',
  ],
  ['<think>reasoning</think><answer></answer>', '<answer>anything</answer>', 'free-form', '0.0'],
  ['<think>reasoning</think><answer>x</answer>', '<answer></answer>', 'free-form', '0.0'],
  ['<think>reasoning</think><answer></answer>', '<answer></answer>', 'free-form', '0.0'],
  [
    '<think>reasoning</think><answer>identical answer here</answer>',
    '<answer>identical answer here</answer>',
    'free-form',
    '1.0',
  ],
  [
    '<think>reasoning</think><answer>happiness generalization</answer>',
    '<answer>happy generalize</answer>',
    'free-form',
    '1.0',
  ],
  [
    '<think>reasoning</think><answer>The sky is blue</answer>',
    '<answer>skies are blue</answer>',
    'free-form',
    '0.380952380952381',
  ],
  ['<think>reasoning</think><answer>12</answer>', '<answer>10</answer>', 'regression', '0.79999999992'],
  ['<think>reasoning</think><answer>10</answer>', '<answer>10</answer>', 'regression', '0.9999999999'],
  ['<think>reasoning</think><answer>0</answer>', '<answer>0</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>1</answer>', '<answer>0</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>-5</answer>', '<answer>5</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>7.5</answer>', '<answer>10</answer>', 'regression', '0.749999999925'],
  ['<think>reasoning</think><answer>25</answer>', '<answer>10</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>1,234</answer>', '<answer>1234</answer>', 'regression', '0.9999999999991896'],
  ['<think>reasoning</think><answer>nan</answer>', '<answer>10</answer>', 'regression', '1.0'],
  ['<think>reasoning</think><answer>10</answer>', '<answer>nan</answer>', 'regression', '1.0'],
  ['<think>reasoning</think><answer>5</answer>', '<answer>inf</answer>', 'regression', '1.0'],
  ['<think>reasoning</think><answer>inf</answer>', '<answer>5</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>inf</answer>', '<answer>inf</answer>', 'regression', '1.0'],
  ['<think>reasoning</think><answer>about 3</answer>', '<answer>3</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>3</answer>', '<answer>three</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>1e308</answer>', '<answer>-1e308</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>0.3</answer>', '<answer>0.1</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>2.0</answer>', '<answer>2</answer>', 'regression', '0.9999999995'],
  ['12', '<answer>10</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>B</answer>', '<answer>B</answer>', 'counting', '0.0'],
  ['<think>reasoning</think><answer>B</answer>', '<answer>B</answer>', '', '0.0'],
];

test('accuracyReward matches grpo.py accuracy_reward on every Python-derived row', () => {
  for (const [response, solution, type, want] of ACCURACY) {
    assert.equal(accuracyReward(response, solution, type), py(want), JSON.stringify([response, solution, type]));
  }
});

/*
 * [model_output, solution, problem_type, reward] rows produced by RUNNING `reward_fn` (with its
 * extract_answer, normalize_number and mean_relative_accuracy) from Video-R1 src/eval_bench.py
 * (HEAD 59d65c3, extracted verbatim). torch is not installable here, so `torch.tensor`, `abs`,
 * `arange`, `mean` were provided by a numpy float32 shim with CPU torch's semantics (inputs cast
 * to float32, float32 elementwise ops, arange values float32(0.5 + k * 0.05)).
 */
const EVAL: Array<[string, string, string, string]> = [
  ['B', '<answer>B</answer>', 'multiple choice', '1.0'],
  ['The answer is B', '<answer>B</answer>', 'multiple choice', '0.0'],
  [' B \n', '<answer>B</answer>', 'multiple choice', '1.0'],
  ['<think>reasoning</think><answer>B</answer>', '<answer>B</answer>', 'multiple choice', '1.0'],
  ['<answer> </answer>', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<answer> </answer>B', '<answer>B</answer>', 'multiple choice', '0.0'],
  ['<answer></answer>', '<answer></answer>', 'multiple choice', '0.0'],
  ['B', 'B', 'multiple choice', '0.0'],
  ['42', '<answer>42</answer>', 'numerical', '1.0'],
  [' 42 \n', '<answer>42</answer>', 'numerical', '1.0'],
  ['<think>42</think>', '<answer>42</answer>', 'numerical', '0.0'],
  ['42.0', '<answer>42</answer>', 'numerical', '0.0'],
  ['42.001', '<answer>42.0</answer>', 'numerical', '1.0'],
  ['x', '<answer>1</answer>', 'numerical', '0.0'],
  ['12', '<answer>10</answer>', 'regression', '0.6000000238418579'],
  ['10', '<answer>10</answer>', 'regression', '1.0'],
  ['10.5', '<answer>10</answer>', 'regression', '1.0'],
  ['11', '<answer>10</answer>', 'regression', '0.8999999761581421'],
  ['13', '<answer>10</answer>', 'regression', '0.4000000059604645'],
  ['15', '<answer>10</answer>', 'regression', '0.0'],
  ['19', '<answer>10</answer>', 'regression', '0.0'],
  ['5', '<answer>10</answer>', 'regression', '0.0'],
  ['0', '<answer>0</answer>', 'regression', '1.0'],
  ['0.000000001', '<answer>0</answer>', 'regression', '0.8999999761581421'],
  ['1', '<answer>0</answer>', 'regression', '0.0'],
  ['nan', '<answer>10</answer>', 'regression', '0.0'],
  ['inf', '<answer>10</answer>', 'regression', '0.0'],
  ['10', '<answer>inf</answer>', 'regression', '0.0'],
  ['1e39', '<answer>1e39</answer>', 'regression', '0.0'],
  ['9.5', '<answer>10</answer>', 'regression', '1.0'],
  ['9.0', '<answer>10</answer>', 'regression', '0.8999999761581421'],
  ['1.55', '<answer>1.0</answer>', 'regression', '0.0'],
  ['1.45', '<answer>1.0</answer>', 'regression', '0.10000000149011612'],
  ['3,000', '<answer>2,500</answer>', 'regression', '0.6000000238418579'],
  ['about 10', '<answer>10</answer>', 'regression', '0.0'],
  ['<think>reasoning</think><answer>10</answer>', '<answer>10</answer>', 'regression', '1.0'],
  ['<think>reasoning</think><answer>hello world</answer>', '<answer>hello world</answer>', 'OCR', '0.0'],
  ['<think>reasoning</think><answer>text</answer>', '<answer>text</answer>', 'free-form', '0.0'],
  ['<think>reasoning</think><answer>B</answer>', '<answer>B</answer>', 'counting', '0.0'],
];

test('evalReward matches eval_bench.py reward_fn on every Python-derived row', () => {
  for (const [response, solution, type, want] of EVAL) {
    assert.equal(evalReward(response, solution, type), py(want), JSON.stringify([response, solution, type]));
  }
});

/* [string, float(string)] rows from CPython 3.11.7's float(); null where it raised ValueError. */
const FLOATS: Array<[string, string | null]> = [
  ['1', '1.0'],
  [' 1 ', '1.0'],
  ['\t1\n', '1.0'],
  ['\u001c1', null],
  ['1\u001c', null],
  ['\u30001\u3000', '1.0'],
  ['\u00851', '1.0'],
  ['\ufeff1', null],
  ['1_000', '1000.0'],
  ['1__000', null],
  ['_1', null],
  ['1_', null],
  ['1_.5', null],
  ['1._5', null],
  ['1e1_0', '10000000000.0'],
  ['\u0661\u0662\u0663', '123.0'],
  ['\u0661_\u0662', '12.0'],
  ['\ud835\udfd9\ud835\udfda', '12.0'],
  ['1.5', '1.5'],
  ['.5', '0.5'],
  ['5.', '5.0'],
  ['.', null],
  ['-.5', '-0.5'],
  ['+1', '1.0'],
  ['--1', null],
  ['1e5', '100000.0'],
  ['1E5', '100000.0'],
  ['1e', null],
  ['1e+', null],
  ['1e-5', '1e-05'],
  ['1e400', 'inf'],
  ['-1e400', '-inf'],
  ['1e-400', '0.0'],
  ['-0', '-0.0'],
  ['inf', 'inf'],
  ['-inf', '-inf'],
  ['+inf', 'inf'],
  ['Infinity', 'inf'],
  ['INFINITY', 'inf'],
  ['infinit', null],
  ['nan', 'nan'],
  ['-nan', 'nan'],
  ['NaN', 'nan'],
  ['nan1', null],
  ['0x10', null],
  ['1,000', null],
  ['', null],
  [' ', null],
  ['1 2', null],
  ['1\u0000', null],
  ['\u00bd', null],
  ['\u00b2', null],
  ['0.1', '0.1'],
  ['123456789012345678901234567890', '1.2345678901234568e+29'],
  ['2.675', '2.675'],
  ['1_2.3_4e1_0', '123400000000.0'],
];

test('pythonFloat matches CPython float() on every row', () => {
  for (const [s, want] of FLOATS) {
    const got = pythonFloat(s);
    const w = py(want);
    assert.ok(
      w === null ? got === null : got !== null && Object.is(got, w),
      `${JSON.stringify(s)}: want ${want}, got ${got}`,
    );
  }
  assert.equal(normalizeNumber('1,234,567.5'), 1234567.5);
});
