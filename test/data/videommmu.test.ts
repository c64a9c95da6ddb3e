import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadVideoMMMU } from '../../src/tasks/videommmu/data.js';
import { summarize } from '../../src/tasks/videommmu/summary.js';
import { makeFixture } from '../helpers/fixture.js';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-data-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('Video-MMMU loader', () => {
  test('JSONL, JSON and parquet layouts load the same items', async () => {
    const got: Record<string, unknown> = {};
    for (const format of ['jsonl', 'json', 'parquet'] as const) {
      const root = join(dir, format);
      await makeFixture(root, { format });
      const d = await loadVideoMMMU(root);
      assert.equal(d.errors.length, 0, d.errors.map((e) => e.message).join('\n'));
      assert.equal(d.items.length, 18);
      got[format] = d.items.map((i) => [
        i.track,
        i.id,
        i.discipline,
        i.questionType,
        i.answer,
        i.options.length,
        Boolean(i.image),
        Boolean(i.questionOnlyPath),
      ]);
      const art = d.items.find((i) => i.id === 'validation_Art_1' && i.track === 'Adaptation')!;
      assert.equal(art.videoPath, join(root, 'Art', 'validation_Art_1.mp4'));
      assert.equal(art.questionOnlyPath, join(root, 'question_only', 'validation_Art_1_image.mp4'));
      assert.equal(d.items.find((i) => i.id === 'validation_Clinical_Medicine_4')!.discipline, 'Medicine');
    }
    assert.deepEqual(got.json, got.jsonl);
    assert.deepEqual(got.parquet, got.jsonl);
  });

  test('the VideoMMMU repo JSON shape {"Track": {"0": row}} loads; missing question_type is inferred', async () => {
    const root = join(dir, 'repo-shape');
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(root, 'perception_video.json'),
      JSON.stringify({
        Perception: {
          '0': { id: 'dev_Biology_3', question: 'q', options: ['a', 'b'], answer: 'B' },
          '1': { id: 'dev_Math_4', question: 'q', options: [], answer: '7' },
        },
      }),
    );
    const d = await loadVideoMMMU(root);
    assert.deepEqual(
      d.items.map((i) => [i.id, i.questionType, i.source.row]),
      [
        ['dev_Biology_3', 'multiple-choice', 0],
        ['dev_Math_4', 'open', 1],
      ],
    );
    assert.deepEqual(d.missingTracks, ['Comprehension', 'Adaptation']);
  });

  test('bad rows are reported with file, row and field; good rows still load', async () => {
    const root = join(dir, 'bad');
    mkdirSync(root, { recursive: true });
    const rows = [
      { id: 'validation_Art_1', question: 'ok', options: ['a', 'b'], answer: 'A', question_type: 'multiple-choice' },
      { id: 'validation_Art_2', options: ['a', 'b'], answer: 'A' }, // no question
      // bad letter
      { id: 'validation_Art_3', question: 'q', options: ['a', 'b'], answer: 'Q', question_type: 'multiple-choice' },
      // duplicate
      { id: 'validation_Art_1', question: 'dup', options: ['a', 'b'], answer: 'B', question_type: 'multiple-choice' },
      // unknown subject
      { id: 'validation_Astrology_4', question: 'q', options: [], answer: '1', question_type: 'open' },
      { id: '../../etc/passwd_1', question: 'q', options: [], answer: '1' }, // path escape
      { id: 'validation_Art_5', question: 'q', options: 'not a list', answer: 'A' },
      { id: 'validation_Art_6', question: 'q', options: [], answer: 3 }, // wrong type
      { id: 'validation_Art_7', question: 'q', options: [], answer: '1', image: '../outside.png' },
    ];
    writeFileSync(join(root, 'Perception.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n{not json\n');
    const d = await loadVideoMMMU(root);
    assert.deepEqual(
      d.items.map((i) => i.id),
      ['validation_Art_1'],
    );
    const msgs = d.errors.map((e) => [e.row, e.field]);
    assert.deepEqual(msgs, [
      [2, 'question'],
      [3, 'answer'],
      [4, 'id'],
      [5, 'id'],
      [6, 'id'],
      [7, 'options'],
      [8, 'answer'],
      [9, 'image'],
      [10, null],
    ]);
    for (const e of d.errors) assert.match(e.message, /Perception\.jsonl: row \d+/);
    assert.match(d.errors[1]!.message, /answer 'Q' is not one of the option letters A–B/);
    // Opting in (--allow-outside-paths) admits the image path that leaves the root, nothing else.
    const opted = await loadVideoMMMU(root, { allowOutside: true });
    assert.deepEqual(
      opted.items.map((i) => i.id),
      ['validation_Art_1', 'validation_Art_7'],
    );
  });

  test('`vreason data validate` prints counts and missing videos, exits 1 when something is wrong', async () => {
    const root = join(dir, 'validate');
    await makeFixture(root);
    rmSync(join(root, 'Science', 'test_Physics_3.mp4'));
    const r = spawnSync(process.execPath, [CLI, 'data', 'validate', root], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /18 questions/);
    assert.match(r.stdout, /tracks: +Perception 6, Comprehension 6, Adaptation 6/);
    assert.match(r.stdout, /types: +multiple-choice 16, open 2/);
    assert.match(r.stdout, /1 missing/);
    assert.match(r.stdout, /missing: .*Science\/test_Physics_3\.mp4/);
    const s = summarize(await loadVideoMMMU(root));
    assert.equal(s.by_discipline.Science, 3);
  });
});
