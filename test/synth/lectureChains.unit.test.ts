/** Chains of thought for lecture questions: the Video-MMMU response format and the drills' notes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotateEntries } from '../../src/synth/write.js';
import { lectureChain, lectureNotes, videoMMMUResponse } from '../../src/synth/lectureChains.js';
import { DEFAULT_CONFIG, planDataset } from '../../src/synth/plan.js';
import { r1Entries } from '../../src/synth/records.js';
import { scoreVideoMMMU } from '../../src/tasks/videommmu/parse.js';
import { drillUnits } from '../../src/train/sources/drills.js';
import { copyDrillUnits } from '../../src/train/sources/copyDrills.js';
import { scoreAnswer } from '../../src/train/sft.js';
import { parseScan, scanSentence } from '../../src/synth/annotator.js';
import type { SftExample } from '../../src/train/sftData.js';

const plan = planDataset({ ...DEFAULT_CONFIG, seed: 5, videos: 150 });
const questions = plan.units.flatMap((u) => u.questions.map((q) => ({ u, q })));

test('the lmms-eval parser reads every Video-MMMU chain as its answer, and a different last line as that one', () => {
  assert.ok(
    questions.some(({ q }) => q.questionType === 'open') &&
      questions.some(({ q }) => q.questionType === 'multiple-choice'),
  );
  for (const { u, q } of questions) {
    const response = videoMMMUResponse(u, q, plan.config.seed);
    assert.equal(
      scoreVideoMMMU(q.questionType, response, q.options, q.answer).correct,
      true,
      `${u.id} ${q.track}: ${response}`,
    );
    if (q.questionType !== 'multiple-choice') continue;
    // The last line decides, whatever letters the reasoning mentioned: name another option there.
    const k = (q.answer.charCodeAt(0) - 65 + 1) % q.options.length;
    const other = String.fromCharCode(65 + k);
    const swapped = response.replace(/\nAnswer: .*$/, `\nAnswer: ${other}. ${q.options[k]}`);
    const parsed = scoreVideoMMMU(q.questionType, swapped, q.options, q.answer);
    assert.equal(parsed.parsed, other, `${u.id} ${q.track}: ${swapped}`);
  }
});

test("the Video-MMMU chain reasons exactly as the Video-R1 record's does", () => {
  const records = annotateEntries(
    plan.units.slice(0, 20).flatMap((u) => r1Entries(u)),
    plan.config.seed,
  );
  for (const { u, q } of questions.slice(0, 60)) {
    const rec = records.find((r) => r.entry.unit.id === u.id && r.entry.item.problemId === q.problemId)!;
    assert.equal(lectureChain(u, q, plan.config.seed).response, rec.ann.response);
    // The same reasoning; only the conclusion differs (the options walked up to the value).
    const vm = videoMMMUResponse(u, q, plan.config.seed);
    const r1 = rec.ann.process;
    assert.ok(
      vm.startsWith(q.questionType === 'multiple-choice' ? r1.slice(0, r1.lastIndexOf('That is option')) : r1),
      `${vm}\n${r1}`,
    );
    if (q.questionType === 'multiple-choice') {
      const k = q.answer.charCodeAt(0) - 65;
      assert.ok(
        vm.includes(
          `${q.value} is the answer. Checking the options: A is ${q.options[0]} vs ${q.value} ` +
            `${k === 0 ? 'yes' : 'no'}`,
        ),
        vm,
      );
      assert.ok(
        vm.includes(`${q.answer} is ${q.options[k]} vs ${q.value} yes, so it is option ${q.answer}.</think>`),
        vm,
      );
      assert.equal(vm.match(/ yes,/g)?.length, 1, vm);
    }
  }
});

test("drills: the notes state what the slides show, the target's reasoning restates it, both formats score 1", () => {
  const units = drillUnits(20, 0);
  const vm = units.filter((x) => x.scorer === 'videommmu');
  assert.equal(vm.length, 60);
  assert.ok(units.filter((x) => x.scorer === 'videor1').length > 50);
  for (const x of units) {
    assert.equal(x.unit.visual.kind, 'none');
    const notes = x.unit.prompt.split('\n')[0]!;
    assert.match(notes, /^Notes: The /);
    // The chain's reading of the slide is the notes' sentence, copied.
    assert.ok(x.answer.includes(notes.replace(/^Notes: /, '').split(/(?<=\.) /)[0]!), x.answer);
  }
  // The drill world is not the data's: another seed gives other concept names.
  const names = new Set(planDataset({ ...DEFAULT_CONFIG, seed: 0, videos: 20 }).units.map((u) => u.rule.name));
  const drillNames = drillUnits(20, 0)
    .map((x) => /lecture on the (\w+)/.exec(x.unit.prompt)?.[1])
    .filter(Boolean);
  assert.ok(drillNames.filter((n) => names.has(n!)).length < drillNames.length / 4);
  // Both formats' targets are right by the evaluator's own scorers.
  for (const x of units)
    assert.equal(scoreAnswer({ scorer: x.scorer, facts: x.unit.facts } as SftExample, x.answer), 1, x.unit.itemId);
  assert.ok(lectureNotes(plan.units[0]!, plan.units[0]!.questions[2]!).includes('The quiz image '));
});

test(
  "copy drills: the answer restates the notes and walks the prompt's options to the given value; right by the " +
    'evaluator; seeded',
  () => {
    const units = copyDrillUnits(300, 0);
    assert.equal(units.length, 300);
    const scrambled = new Set<string>();
    for (const x of units) {
      const notes = /^Notes: (.*) The answer is (\S+)\.$/m.exec(x.unit.prompt);
      assert.ok(notes, x.unit.prompt);
      const [, rule, value] = notes;
      scrambled.add(rule!);
      const options = [...x.unit.prompt.matchAll(/^([A-J])\. (.*)$/gm)].map((m) => m[2]!);
      assert.equal(new Set(options).size, options.length, `distinct options: ${options}`);
      const k = options.indexOf(value!);
      assert.ok(k >= 0, `${value} is among ${options}`);
      const letter = String.fromCharCode(65 + k);
      const walked = options
        .slice(0, k + 1)
        .map((o, i) => `${String.fromCharCode(65 + i)} is ${o} vs ${value} ${i === k ? 'yes' : 'no'}`)
        .join(', ');
      assert.equal(
        x.answer,
        `<think>${rule} ${value} is the answer. Checking the options: ${walked}, so it is option ${letter}.</think>` +
          `\nAnswer: ${letter}. ${value}`,
      );
      assert.equal(scoreAnswer({ scorer: x.scorer, facts: x.unit.facts } as SftExample, x.answer), 1, x.unit.itemId);
    }
    // Names and numbers are drawn at random: far more distinct rule sentences than lectures' rules.
    assert.ok(scrambled.size > 150, `${scrambled.size} distinct rule sentences`);
    // The value's place among the options is spread, not always one letter.
    const letters = new Set(units.map((x) => /Answer: ([A-J])\./.exec(x.answer)![1]));
    assert.ok(letters.size >= 6, [...letters].join());
    assert.deepEqual(
      copyDrillUnits(20, 3).map((x) => x.answer),
      copyDrillUnits(20, 3).map((x) => x.answer),
    );
    assert.notDeepEqual(
      copyDrillUnits(20, 3).map((x) => x.answer),
      copyDrillUnits(20, 4).map((x) => x.answer),
    );
  },
);

test('parseScan reads back what scanSentence writes, and the older walk without the value', () => {
  const texts = ['16', '24', 'BROWN', '48'];
  for (let k = 0; k < texts.length; k++) {
    const r = parseScan(`<think>The rule. ${scanSentence(['A', 'B', 'C', 'D'], texts, k)}</think>`);
    assert.deepEqual(r, {
      value: texts[k],
      walked: texts.slice(0, k + 1).map((t, i) => [String.fromCharCode(65 + i), t]),
      letter: String.fromCharCode(65 + k),
    });
  }
  assert.deepEqual(parseScan('72 is the answer. Checking the options: A is 72, B is 16, so it is option B.'), {
    value: '72',
    walked: [
      ['A', '72'],
      ['B', '16'],
    ],
    letter: 'B',
  });
  assert.equal(parseScan('That is option D (48).'), null);
});
