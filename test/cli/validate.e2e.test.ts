/**
 * `vreason data validate` decodes media: a 0-byte file, a file without its moov atom and a cut
 * file all fail, each named with the file, row and field that use it; a record file with a JSON
 * syntax error is reported and the others are still validated. Real mp4s, real ffmpeg.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { childBoxes } from '../../src/media/mp4Boxes.js';
import { runCli } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixture.js';
import { makeVideoR1Fixture } from '../helpers/videoR1Fixture.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-validate-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Cut the file where its moov box (written last) starts: all the frame data, no movie header. */
function dropMoov(p: string): void {
  const b = readFileSync(p);
  const moov = [...childBoxes(b, 0, b.length)].find((x) => x.type === 'moov');
  assert.ok(moov, 'the encode has a moov box');
  writeFileSync(p, b.subarray(0, moov.start));
}

test(
  'Video-MMMU: 0-byte, moov-less and cut videos fail by path with file/row/field; exit ' + '1 with a summary',
  async () => {
    const root = join(dir, 'mmmu');
    await makeFixture(root);
    writeFileSync(join(root, 'Art', 'validation_Art_1.mp4'), '');
    dropMoov(join(root, 'Business', 'dev_Economics_2.mp4'));
    const cut = join(root, 'Science', 'test_Physics_3.mp4');
    const bytes = readFileSync(cut);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const r = await runCli(['data', 'validate', root]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /empty: +.*Art\/validation_Art_1\.mp4/);
    assert.match(
      r.stdout,
      new RegExp(
        /video .*Business\/dev_Economics_2\.mp4: corrupt: .*moov atom not found.* /.source +
          /\(.*Perception\.jsonl: row \d+: field 'id' \(\+2 more\)\)/.source,
      ),
    );
    assert.match(r.stdout, /video .*Science\/test_Physics_3\.mp4: (corrupt|truncated): .*field 'id'/);
    assert.match(r.stderr, /decoding media \d+\/\d+/);
    assert.match(r.stderr, /^validate: \d+ problem\(s\) in .*: 1 empty video\(s\), 2 unreadable media file\(s\)$/m);
    const ok = join(dir, 'mmmu-ok');
    await makeFixture(ok);
    const good = await runCli(['data', 'validate', ok]);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stderr, /validate: OK: 18 item\(s\), \d+ media file\(s\) decoded/);
  },
);

test('Video-MMMU: an index with a JSON syntax error is reported and the other tracks still load', async () => {
  const root = join(dir, 'mmmu-json');
  await makeFixture(root);
  writeFileSync(join(root, 'Comprehension.jsonl'), '{"id": "dev_Economics_2", "question": \n');
  const r = await runCli(['data', 'validate', root, '--no-decode']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /tracks: +Perception 6, Adaptation 6/);
  assert.match(r.stdout, /Comprehension\.jsonl: row 1: invalid JSON line/);
});

test(
  'Video-R1: a file with a syntax error does not stop the others; a cut video is named ' + 'by row and field',
  async () => {
    const root = join(dir, 'r1');
    await makeVideoR1Fixture(root);
    writeFileSync(join(root, 'eval_broken.json'), '[{"problem_id": 1,,}]');
    const clip = join(root, 'MVBench', 'b.mp4');
    const bytes = readFileSync(clip);
    writeFileSync(clip, bytes.subarray(0, Math.floor(bytes.length * 0.5)));
    const r = await runCli(['data', 'validate', root]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /eval_broken\.json: unreadable\n {4}.*eval_broken\.json: invalid JSON/);
    assert.match(r.stdout, /eval_mvbench\.json: 2 records/);
    assert.match(r.stdout, /eval_vsibench\.json: 4 records/);
    assert.match(
      r.stdout,
      /video .*MVBench\/b\.mp4: (corrupt|truncated): .*\(.*eval_mvbench\.json: row 1: field 'path'\)/,
    );
    assert.match(
      r.stderr,
      /validate: 2 problem\(s\) in .*: 1 unreadable record file\(s\), 1 unreadable media file\(s\)/,
    );
    const json = JSON.parse((await runCli(['data', 'validate', root, '--json'])).stdout);
    assert.equal(json.unreadable_media.length, 1);
    assert.deepEqual(json.unreadable_media[0].refs[0].field, 'path');
  },
);
