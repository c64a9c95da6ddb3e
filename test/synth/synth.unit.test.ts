/** The synthetic world without ffmpeg: drawing, plan, balance, leakage, annotator and oracle. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { imageSize } from '../../src/media/image.js';
import { annotate } from '../../src/synth/annotator.js';
import { Canvas, INK, PAPER } from '../../src/synth/canvas.js';
import { FAMILIES, disciplineMap, familyOf } from '../../src/synth/families/index.js';
import { GLYPH_H, GLYPH_W, glyph, hasGlyph } from '../../src/synth/font.js';
import { leakage, openFrequentAccuracy } from '../../src/synth/guessers.js';
import { oracleLecture, oracleR1 } from '../../src/synth/oracle.js';
import { DEFAULT_CONFIG, SPLITS, planDataset, splitSizes, type DatasetPlan } from '../../src/synth/plan.js';
import { crc32, encodePng } from '../../src/synth/png.js';
import { streamRand } from '../../src/synth/random.js';
import { r1Entries } from '../../src/synth/records.js';
import { renderLecture, renderQuiz } from '../../src/synth/render.js';
import { DISCIPLINES } from '../../src/core/types.js';

const plan = (videos: number, seed = 0): DatasetPlan => planDataset({ ...DEFAULT_CONFIG, seed, videos });
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('text is drawn from the bitmap font: ink exactly on the glyph pixels, scaled', () => {
  const c = new Canvas(40, 20).fill(PAPER);
  c.text('7', 3, 2, 2, INK);
  const bits = glyph('7');
  for (let y = 0; y < GLYPH_H * 2; y++)
    for (let x = 0; x < GLYPH_W * 2; x++) {
      const on = bits[Math.floor(y / 2) * GLYPH_W + Math.floor(x / 2)];
      assert.deepEqual(c.get(3 + x, 2 + y), on ? INK : PAPER, `pixel ${x},${y}`);
    }
  assert.deepEqual(c.get(0, 0), PAPER);
  for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+−×=→?') assert.ok(hasGlyph(ch), ch);
  assert.notDeepEqual(glyph('0'), glyph('O'), 'zero and O differ');
});

test('PNG encoder: valid signature, size and chunk CRCs', () => {
  assert.equal(crc32(Buffer.from('IEND')), 0xae426082);
  const c = new Canvas(12, 6).fill(PAPER).rect(2, 2, 3, 3, INK);
  const png = encodePng(c);
  assert.deepEqual(imageSize(png), { width: 12, height: 6, format: 'png' });
  assert.equal(sha(png), sha(encodePng(c.clone())), 'same pixels, same bytes');
});

test('families map onto all six disciplines through real Video-MMMU subjects', () => {
  const m = disciplineMap();
  const covered = new Set(Object.values(m).flatMap((d) => Object.keys(d)));
  assert.deepEqual([...covered].sort(), [...DISCIPLINES].sort());
  assert.deepEqual(Object.keys(FAMILIES).sort(), ['colour', 'legend', 'motion', 'operator', 'units']);
});

test('the plan is a function of the seed; splits are by video and follow the ratios', () => {
  const a = plan(60, 7);
  assert.deepEqual(a, plan(60, 7));
  assert.notDeepEqual(
    a.units.map((u) => u.rule),
    plan(60, 8).units.map((u) => u.rule),
  );
  assert.deepEqual(splitSizes(200, [0.8, 0.1, 0.1]), [160, 20, 20]);
  assert.deepEqual(splitSizes(5, [0.8, 0.1, 0.1]), [3, 1, 1]);
  const ids = a.units.map((u) => u.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const u of a.units) assert.ok(u.id.startsWith(`${u.split}_${u.subject}_`));
  assert.deepEqual(
    SPLITS.map((s) => a.units.filter((u) => u.split === s).length),
    [48, 6, 6],
  );
  const names = a.units.map((u) => u.rule.name);
  assert.equal(new Set(names).size, names.length, 'concept names are unique, so question texts are too');
  const problemIds = a.units.flatMap((u) => r1Entries(u).map((e) => e.item.problemId));
  assert.equal(new Set(problemIds).size, problemIds.length);
});

test('multiple choice: 4–10 options, distinct, gold letters balanced', () => {
  const p = plan(1000);
  for (const track of ['Perception', 'Comprehension', 'Adaptation']) {
    const mc = p.units
      .flatMap((u) => u.questions)
      .filter((q) => q.track === track && q.questionType === 'multiple-choice');
    for (const q of mc) {
      assert.ok(q.options.length >= 4 && q.options.length <= 10, `${q.options.length} options`);
      assert.equal(new Set(q.options).size, q.options.length);
    }
    // Every question has options A–D, so those four letters must come up equally often.
    const counts = ['A', 'B', 'C', 'D'].map((l) => mc.filter((q) => q.answer === l).length);
    assert.ok(Math.max(...counts) / Math.min(...counts) < 1.2, `${track} letters ${counts}`);
  }
  const types = new Set(p.units.flatMap((u) => r1Entries(u).map((e) => `${e.dataType}:${e.item.type}`)));
  for (const t of ['multiple choice', 'numerical', 'OCR', 'free-form', 'regression'])
    assert.ok(types.has(`video:${t}`), t);
  assert.ok(types.has('image:numerical') && types.has('image:OCR') && types.has('image:multiple choice'));
});

test('Adaptation cannot be answered without the video: question and quiz image do not depend on the rule', () => {
  const p = plan(100, 3);
  for (const u of p.units) {
    const family = familyOf(u.family);
    const q = u.questions.find((x) => x.track === 'Adaptation')!;
    const quiz = sha(renderQuiz(u, p.config).data);
    const rand = streamRand(99, 0, u.index);
    const values = new Set<string>();
    for (let k = 0; k < 30; k++) {
      const other = { ...u, rule: family.redraw(u.rule, rand) };
      assert.equal(sha(renderQuiz(other, p.config).data), quiz, `${u.id}: the quiz image leaks the rule`);
      values.add(family.solve(other.rule, q.query).value);
    }
    assert.ok(values.size >= 3, `${u.id}: only ${values.size} possible answers without the video`);
  }
});

test('leakage: question-only guessers stay at chance on Adaptation; they do catch a planted leak', () => {
  const p = plan(3000, 1);
  const adapt = p.units.flatMap((u) => u.questions).filter((q) => q.track === 'Adaptation');
  const mc = adapt
    .filter((q) => q.questionType === 'multiple-choice')
    .map((q) => ({ question: q.question, options: q.options, answer: q.answer }));
  const r = leakage(mc);
  assert.ok(r.n > 2000);
  assert.ok(
    r.best.accuracy < r.chance + 0.03,
    `best guesser ${r.best.guesser} ${r.best.accuracy} vs chance ${r.chance}`,
  );
  assert.ok(openFrequentAccuracy(adapt.filter((q) => q.questionType === 'open').map((q) => q.answer)) < 0.1);
  // The same guessers on a leaky set: the gold is always the longest option.
  const leaky = mc.map((q) => ({
    ...q,
    options: q.options.map((o, i) => (`ABCDEFGHIJ`[i] === q.answer ? `${o} (the correct one)` : o)),
  }));
  assert.ok(leakage(leaky).accuracy['longest option']! > 0.95);
});

test('the oracle, reading only rules and scripts, agrees with every stored gold answer', () => {
  const p = plan(200, 5);
  for (const u of p.units) {
    for (const q of u.questions) assert.equal(oracleLecture(u, q), q.answer, `${u.id} ${q.track}`);
    for (const e of r1Entries(u))
      assert.equal(oracleR1(u, e.item.problemId), e.item.answer, `${u.id} problem ${e.item.problemId}`);
  }
});

test('annotator: chains of thought score 1 on both rewards; a wrong one is filtered out', () => {
  const p = plan(100, 2);
  const items = p.units.flatMap((u) => r1Entries(u).map((e) => e.item));
  for (const item of items) {
    const a = annotate(item, streamRand(0, 100, item.problemId));
    assert.ok(a.kept, `problem ${item.problemId} (${item.type}): accuracy ${a.accuracy} format ${a.format}`);
    assert.equal(a.format, 1);
    assert.match(a.response, /^<think>[\s\S]+<\/think>\n<answer>[\s\S]+<\/answer>$/);
  }
  const mc = items.find((i) => i.type === 'multiple choice')!;
  const wrong = annotate({ ...mc, value: 'NOT AN OPTION' }, streamRand(0, 0, 0));
  assert.equal(wrong.kept, false);
});

test('rendering is deterministic and every lecture has title, rule, example, recap and quiz frames', () => {
  const p = plan(10, 4);
  for (const u of p.units) {
    const a = renderLecture(u, p.config);
    const b = renderLecture(u, p.config);
    assert.equal(a.length, b.length);
    assert.deepEqual(
      a.map((c) => sha(c.data)),
      b.map((c) => sha(c.data)),
    );
    assert.ok(a.length >= 28 && a.length <= 44, `${a.length} frames`);
    assert.equal(sha(a.at(-1)!.data), sha(renderQuiz(u, p.config).data), 'the lecture ends on the quiz');
    for (const s of [u.rule.name, ...familyOf(u.family).recap(u.rule), u.clip.caption, u.scene.caption])
      for (const ch of s) assert.ok(hasGlyph(ch), `no glyph for '${ch}' in '${s}'`);
  }
});
