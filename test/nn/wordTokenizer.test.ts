import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { tokenizerFromJSON } from '../../src/nn/tokenizer.js';
import { splitPieces, WordTokenizer } from '../../src/nn/wordTokenizer.js';

// Three "videos": template words recur across them, each invented name lives in one.
const docs = [
  [
    'The lecture on the ZORBAK law. <think>Let me see: 12 + 3 = 15.</think>\n<answer>15</answer>',
    'the ZORBAK law again',
  ],
  ['The lecture on the MIPU law. <think>Let me see: 4 + 4 = 8.</think>\n<answer>8</answer>', 'the MIPU law'],
  ['The lecture on the TAKO law. <think>Let me see: 7 + 1 = 8.</think>\n<answer>C</answer>', 'the TAKO law, once more'],
];

test('pieces: concatenation is the text; numbers are spelled digit by digit; tags are whole', () => {
  const t = 'Say <think>x</think>\n<answer>1234</answer>!  Ünïcode →';
  assert.equal(splitPieces(t).join(''), t);
  assert.deepEqual(splitPieces(' 1234'), [' 1', '2', '3', '4']);
  assert.ok(
    splitPieces(t).includes(' <think>') && splitPieces(t).includes('</answer>') && splitPieces(t).includes('<answer>'),
  );
});

test('vocabulary: words shared by enough videos get a token; names unique to a video stay bytes', () => {
  const tok = WordTokenizer.train(docs, { minDocs: 3 });
  assert.ok(tok.pieces.includes(' lecture') && tok.pieces.includes(' law') && tok.pieces.includes('<think>'));
  assert.ok(!tok.pieces.some((p) => /ZORBAK|MIPU|TAKO/.test(p)));
  const ids = tok.encode(' ZORBAK');
  assert.equal(ids.length, 7);
  assert.ok(ids.every((i) => i < 256));
  // Template text is much shorter than its bytes.
  const s = docs[0]![0]!;
  assert.ok(tok.encode(s).length < Buffer.byteLength(s) / 2);
  // Learning is deterministic.
  assert.deepEqual(WordTokenizer.train(docs, { minDocs: 3 }).pieces, tok.pieces);
});

test('encode → decode is lossless for any text; the JSON form round-trips through the checkpoint loader', () => {
  const tok = WordTokenizer.train(docs, { minDocs: 2 });
  fc.assert(
    fc.property(
      fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom(...docs.flat())),
      (s) => tok.decode(tok.encode(s)) === s,
    ),
    { numRuns: 10_000 },
  );
  const back = tokenizerFromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
  assert.ok(back instanceof WordTokenizer);
  assert.deepEqual(back.encode(docs[1]![0]!), tok.encode(docs[1]![0]!));
  assert.equal(back.vocabSize, tok.vocabSize);
  // Specials decode to nothing; a tampered vocabulary size is refused.
  assert.equal(tok.decode([tok.bos, ...tok.encode('hi'), tok.eos, tok.pad]), 'hi');
  assert.throws(() => tokenizerFromJSON({ ...tok.toJSON(), vocabSize: 5 }), /disagree/);
});

test(
  "numbers: 'whole' makes a frequent number one token, rare ones stay bytes, and the choice " +
    'survives the checkpoint',
  () => {
    assert.deepEqual(splitPieces(' 1234 + 8', 'whole'), [' 1234', ' +', ' 8']);
    const tok = WordTokenizer.train(docs, { minDocs: 2, numbers: 'whole' });
    assert.ok(tok.pieces.includes(' 8') && !tok.pieces.includes(' 15'));
    const eight = tok.encode(' 8');
    assert.equal(eight.length, 1);
    assert.ok(eight[0]! >= 259);
    assert.equal(tok.encode(' 1234').length, 5);
    fc.assert(
      fc.property(fc.string(), (s) => tok.decode(tok.encode(s)) === s),
      { numRuns: 2000 },
    );
    const back = tokenizerFromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    assert.deepEqual(back.encode(' 8 and 8'), tok.encode(' 8 and 8'));
    // The default still spells numbers digit by digit, and old JSON (no field) loads as digits.
    const digits = WordTokenizer.train(docs, { minDocs: 2 });
    assert.deepEqual(digits.toJSON().numbers, undefined);
    assert.equal(digits.encode(' 12').length, 2);
  },
);
