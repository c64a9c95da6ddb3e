/** Quiz drills and arithmetic drills: what they ask and that their targets are right. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arithDrillUnits, arithExample, equationsOf, scoreEquation } from '../../src/train/sources/arithDrills.js';
import { quizDrillUnits } from '../../src/train/sources/quizDrills.js';
import { slideDrillUnits } from '../../src/train/sources/slideDrills.js';
import { lectureTranscripts } from '../../src/synth/transcript.js';
import { DEFAULT_CONFIG, planDataset } from '../../src/synth/plan.js';
import { scoreAnswer } from '../../src/train/sft.js';
import { prepareVisuals } from '../../src/eval/visuals.js';
import { DEFAULT_FRAMES } from '../../src/eval/config.js';
import { imageSize } from '../../src/media/index.js';
import type { SftExample } from '../../src/train/sftData.js';

/** Evaluates `a × b + c − d mod e` left to right with × and mod before + and − (the chains' notation). */
function evaluate(expr: string): number {
  const terms = expr.split(/ ([+−]) /);
  let sum = 0;
  let sign = 1;
  for (const t of terms) {
    if (t === '+' || t === '−') sign = t === '+' ? 1 : -1;
    else {
      const parts = t.split(' ');
      let v = Number(parts[0]);
      for (let i = 1; i < parts.length; i += 2)
        v = parts[i] === '×' ? v * Number(parts[i + 1]) : v % Number(parts[i + 1]);
      sum += sign * v;
    }
  }
  return sum;
}

test('arithmetic drills: every step of every equation is true; the prompt asks for its left side; seeded', () => {
  const units = arithDrillUnits(3000, 0);
  assert.equal(units.length, 3000);
  const ops = new Set<string>();
  for (const x of units) {
    const sides = x.answer.split(' = ');
    assert.ok(sides.length >= 2, x.answer);
    const want = evaluate(sides[0]!);
    for (const s of sides.slice(1)) assert.equal(evaluate(s), want, x.answer);
    assert.equal(x.unit.prompt, `What is ${sides[0]}?`);
    assert.equal(x.unit.visual.kind, 'none');
    for (const op of sides[0]!.match(/[×+−]|mod/g) ?? []) ops.add(op);
    const e = { scorer: x.scorer, facts: x.unit.facts } as SftExample;
    assert.equal(scoreAnswer(e, x.answer), 1);
    assert.equal(
      scoreAnswer(
        e,
        x.answer.replace(/\d+$/, (d) => String(Number(d) + 1)),
      ),
      0,
    );
  }
  // The five families' arithmetic: products, sums, the leftward motion's difference, the colour wheel's mod.
  assert.deepEqual([...ops].sort(), ['+', 'mod', '×', '−'].sort());
  assert.ok(new Set(units.map((x) => x.answer)).size > 1000, 'far more distinct equations than one world holds');
  assert.deepEqual(
    arithDrillUnits(50, 2).map((x) => x.answer),
    arithDrillUnits(50, 2).map((x) => x.answer),
  );
  assert.notDeepEqual(
    arithDrillUnits(50, 2).map((x) => x.answer),
    arithDrillUnits(50, 3).map((x) => x.answer),
  );
  assert.throws(() => arithDrillUnits(0, 0), RangeError);
});

test('equationsOf finds the worked equations of a chain step, arithExample splits one', () => {
  assert.deepEqual(equationsOf('With A = 3 and B = 3: 3 × 3 + 4 × 3 = 9 + 12 = 21.'), ['3 × 3 + 4 × 3 = 9 + 12 = 21']);
  assert.deepEqual(equationsOf('RED + GRAY = 1 + 4 = 5, and 5 mod 5 = 0, which is ORANGE.'), [
    '1 + 4 = 5',
    '5 mod 5 = 0',
  ]);
  assert.deepEqual(equationsOf('Starting at mark 23 and moving LEFT for 2 s: 23 − 5 × 2 = 13.'), ['23 − 5 × 2 = 13']);
  assert.deepEqual(arithExample('9 + 12 = 21'), { prompt: 'What is 9 + 12?', answer: '9 + 12 = 21' });
  assert.equal(scoreEquation({ equation: '9 + 12 = 21' }, ' 9 + 12 = 21\n'), 1);
});

test('quiz drills: the rule is a note, the quiz only an image; the target reads the image and scores 1', async () => {
  const size = { width: 128, height: 96, lectureFps: 4, clipFps: 6 };
  const units = quizDrillUnits(60, 0, size);
  assert.equal(units.length, 60);
  const images = new Set<string>();
  for (const x of units) {
    assert.equal(x.unit.visual.kind, 'image');
    if (x.unit.visual.kind !== 'image') continue;
    const bytes = x.unit.visual.image.bytes!;
    assert.deepEqual(imageSize(bytes), { width: 128, height: 96, format: 'png' });
    images.add(Buffer.from(bytes).toString('base64'));
    const notes = x.unit.prompt.split('\n')[0]!;
    assert.match(notes, /^Notes: The (rule|wheel|legend) slide /);
    assert.doesNotMatch(x.unit.prompt, /quiz image (gives|shows|asks)/, 'the prompt never says what the quiz shows');
    const said = /At the end of the video, the quiz image ([^.]*)\./.exec(x.answer);
    assert.ok(said, x.answer);
    assert.ok(x.answer.includes(notes.replace(/^Notes: /, '')), 'the chain restates the note');
    assert.equal(scoreAnswer({ scorer: x.scorer, facts: x.unit.facts } as SftExample, x.answer), 1, x.unit.itemId);
  }
  assert.ok(images.size >= 55, `${images.size} distinct quiz images`);
  // Through the evaluator's image path: one frame, as the before condition's quiz image.
  const v = await prepareVisuals(units[0]!.unit.visual, DEFAULT_FRAMES, 'frames');
  assert.equal(v.visuals.length, 1);
  assert.throws(() => quizDrillUnits(-1, 0, size), RangeError);
});

test(
  "slide drills: a fresh lecture's title, rule, recap or quiz slide, transcribed as that slide's frames are in " +
    'the reading task',
  () => {
    const size = { width: 128, height: 96, lectureFps: 4, clipFps: 6 };
    const units = slideDrillUnits(40, 0, size);
    assert.equal(units.length, 40);
    // The same world the drills plan: each target must be the transcript of one of its lecture's frames.
    const plan = planDataset({ ...DEFAULT_CONFIG, ...size, seed: 5_000_003, videos: 40, ratios: [1, 0, 0] });
    const kinds = new Set<string>();
    units.forEach((x, i) => {
      const u = plan.units[i]!;
      assert.ok(x.unit.itemId.endsWith(`${u.family}-${u.id}-${/-(\w+)$/.exec(x.unit.itemId)![1]}`), x.unit.itemId);
      kinds.add(/-(\w+)$/.exec(x.unit.itemId)![1]!);
      const line = /^1: (.+)$/.exec(x.answer)?.[1];
      assert.ok(line && line !== '(blank)', x.answer);
      assert.ok(lectureTranscripts(u, size).includes(line), `${line} is a frame of ${u.id}`);
      assert.equal(scoreAnswer({ scorer: x.scorer, facts: x.unit.facts } as SftExample, x.answer), 1);
      assert.equal(x.unit.visual.kind, 'image');
    });
    assert.deepEqual([...kinds].sort(), ['quiz', 'recap', 'rule', 'title']);
    // The legend's four shape = value rows are among the rule slides.
    assert.ok(
      units.some((x) => /^1: (\w+ = \d ?){4}$/.test(x.answer)),
      'a legend slide',
    );
  },
);

test("the world's worked equations take one operation per step (products side by side), and every step is true", () => {
  const plan = planDataset({ ...DEFAULT_CONFIG, seed: 21, videos: 200 });
  const families = new Set<string>();
  for (const u of plan.units)
    for (const q of u.questions)
      for (const eq of q.steps.flatMap(equationsOf)) {
        families.add(u.family);
        const sides = eq.split(' = ');
        const ops = sides.map((x) => (x.match(/[+−]|mod/g) ?? []).length);
        for (let i = 1; i < sides.length; i++) {
          assert.equal(evaluate(sides[i]!), evaluate(sides[0]!), eq);
          // Each `=` does at most one addition/subtraction, after the products are written out.
          assert.ok(ops[i - 1]! - ops[i]! <= 1, `${eq}: more than one addition in one step`);
          if (ops[i - 1]! === ops[i]!)
            assert.doesNotMatch(sides[i]!, /×/, `${eq}: a step that adds nothing must multiply out`);
        }
        assert.doesNotMatch(sides.at(-2)!, /×.*[+−]|[+−].*×/, `${eq}: the last step mixes × with + or −`);
      }
  assert.deepEqual([...families].sort(), ['colour', 'legend', 'motion', 'operator', 'units']);
});
