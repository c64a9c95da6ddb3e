import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractAnswer, extractAnswerOrText, pySplit, pyStrip } from '../../src/rewards/answer.js';
import { formatReward } from '../../src/rewards/format.js';
import { wordErrorRate } from '../../src/rewards/wer.js';

/** A Python float as recorded by repr(). */
const py = (s: string): number => Number(s);

test('extractAnswer: first <answer> to the first </answer> after it, Python-stripped', () => {
  assert.equal(extractAnswer('<think>x</think><answer> B </answer>'), 'B');
  assert.equal(extractAnswer('<answer>\n multi\nline \n</answer>'), 'multi\nline');
  assert.equal(extractAnswer('<answer>A</answer><answer>B</answer>'), 'A');
  // Nested: the lazy group ends at the first </answer>, keeping the inner open tag.
  assert.equal(extractAnswer('<answer><answer>x</answer></answer>'), '<answer>x');
  // An unclosed first tag still pairs with a later </answer> (the group spans the second <answer>).
  assert.equal(extractAnswer('<answer>a <answer>b</answer>'), 'a <answer>b');
  assert.equal(extractAnswer('<answer>unclosed'), '');
  assert.equal(extractAnswer('</answer><answer>'), '');
  assert.equal(extractAnswer('no tags'), '');
  assert.equal(extractAnswer('<ANSWER>B</ANSWER>'), '');
  // Python whitespace: U+001C and U+0085 are stripped, U+FEFF is not.
  assert.equal(extractAnswer('<answer>\x1cB\x85</answer>'), 'B');
  assert.equal(extractAnswer('<answer>\ufeffB</answer>'), '\ufeffB');
});

test('extractAnswerOrText: the whole raw output when the extracted answer is ""', () => {
  assert.equal(extractAnswerOrText('<answer> B </answer>'), 'B');
  assert.equal(extractAnswerOrText(' B \n'), ' B \n');
  // eval_bench.py tests output_ans == '', so an empty tag falls back too.
  assert.equal(extractAnswerOrText('x <answer> </answer>'), 'x <answer> </answer>');
});

test('pyStrip / pySplit use Python whitespace', () => {
  assert.equal(pyStrip('\x1c\x1d\x1e\x1f a \x85\u3000'), 'a');
  assert.equal(pyStrip('\ufeffa'), '\ufeffa');
  assert.deepEqual(pySplit(' a\u2003b\x1cc\ufeffd  '), ['a', 'b', 'c\ufeffd']);
  assert.deepEqual(pySplit(''), []);
});

test('formatReward by hand: re.fullmatch semantics', () => {
  assert.equal(formatReward('<think>a</think><answer>b</answer>'), 1);
  assert.equal(formatReward('<think>a</think>\n \u3000<answer>b</answer>'), 1);
  assert.equal(formatReward('<think></think><answer></answer>'), 1);
  // fullmatch: nothing before <think> or after </answer>.
  assert.equal(formatReward(' <think>a</think><answer>b</answer>'), 0);
  assert.equal(formatReward('<think>a</think><answer>b</answer>\n'), 0);
  // Only whitespace between </think> and <answer>.
  assert.equal(formatReward('<think>a</think>x<answer>b</answer>'), 0);
  // Backtracking: a LATER </think> may be the one followed by <answer>.
  assert.equal(formatReward('<think>a</think>x</think><answer>b</answer>'), 1);
  // The .*? spans may contain tags.
  assert.equal(formatReward('<think>a</think><answer>b</answer><answer>c</answer>'), 1);
  assert.equal(formatReward('<answer>b</answer>'), 0);
  assert.equal(formatReward(''), 0);
});

/*
 * [response, format_reward] rows produced by RUNNING `format_reward` from Video-R1
 * src/r1-v/src/open_r1/grpo.py (HEAD 59d65c3, extracted verbatim) under CPython 3.11.7.
 */
const FORMAT: Array<[string, string]> = [
  ['<think>a</think><answer>b</answer>', '1.0'],
  ['<think>a</think> <answer>b</answer>', '1.0'],
  ['<think>a</think>\n\n<answer>b</answer>', '1.0'],
  ['<think></think><answer></answer>', '1.0'],
  ['<think>a</think><answer>b</answer>\n', '0.0'],
  [' <think>a</think><answer>b</answer>', '0.0'],
  ['<think>a</think>x<answer>b</answer>', '0.0'],
  ['<think>a</think>\u3000<answer>b</answer>', '1.0'],
  ['<think>a</think>\u001c<answer>b</answer>', '1.0'],
  ['<think>a</think>\u0085<answer>b</answer>', '1.0'],
  ['<think>a</think>\ufeff<answer>b</answer>', '0.0'],
  ['<think>a</think>\u200b<answer>b</answer>', '0.0'],
  ['<think>a\nb</think><answer>c\nd</answer>', '1.0'],
  ['<think>a</think><answer>b</answer><answer>c</answer>', '1.0'],
  ['<think>a</think>x</think><answer>b</answer>', '1.0'],
  ['<think>a</think><think>b</think><answer>c</answer>', '1.0'],
  ['<think><answer>a</answer></think><answer>b</answer>', '1.0'],
  ['<think>a</think><answer></answer></answer>', '1.0'],
  ['<think>a</think><answer>', '0.0'],
  ['<think>a</think></answer>', '0.0'],
  ['<answer>b</answer>', '0.0'],
  ['<think>a</think>', '0.0'],
  ['', '0.0'],
  ['<think>a</think><answer>b</answer> ', '0.0'],
  ['<THINK>a</THINK><answer>b</answer>', '0.0'],
  ['<think>a</think> x <answer>b</answer>', '0.0'],
  ['<think>a</think></think> <answer>b</answer>', '1.0'],
  ['<think></think></answer>', '0.0'],
  ['<think></think><answer></answer>x</answer>', '1.0'],
  ['<think>x</think>\r\n<answer>y</answer>', '1.0'],
  ['<think>a</think><answer>b</answer></think>', '0.0'],
  ['<think></think><answer>', '0.0'],
  ['<think>a</think> <answer> <answer>b</answer></answer>', '1.0'],
  [
    '<think>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' +
      'aaaaaaaaaaaaaaaaaaaaaaaa</think><answer>bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' +
      'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb</answer>',
    '1.0',
  ],
];

test('formatReward matches grpo.py format_reward on every Python-derived row', () => {
  for (const [response, want] of FORMAT) assert.equal(formatReward(response), py(want), JSON.stringify(response));
});

test('wordErrorRate by hand: word edit distance / max(1, #reference words)', () => {
  // One deletion out of 6 reference words.
  assert.equal(wordErrorRate('the cat sat on the mat', 'the cat sat on mat'), 1 / 6);
  // One substitution + one insertion over 3 words.
  assert.equal(wordErrorRate('a b c', 'a x c d'), 2 / 3);
  // Reference empty: the distance is the hypothesis length, divided by max(1, 0) = 1.
  assert.equal(wordErrorRate('', 'one two three'), 3);
  assert.equal(wordErrorRate('', ''), 0);
  // Hypothesis empty: every reference word deleted -> 1.
  assert.equal(wordErrorRate('one two', ''), 1);
  // Split on any Python whitespace, compare words exactly (case and punctuation count).
  assert.equal(wordErrorRate('one  two\nthree', 'one\u3000two three'), 0);
  assert.equal(wordErrorRate('Stop.', 'stop'), 1);
  // Transposition costs 2 (no swap operation): [a b] -> [b a].
  assert.equal(wordErrorRate('a b', 'b a'), 1);
  // Longer hypothesis: 'x y' vs 13 unrelated words = 2 substitutions + 11 insertions -> 13 / 2.
  assert.equal(wordErrorRate('x y', 'a b c d e f g h i j k l m'), 6.5);
});
