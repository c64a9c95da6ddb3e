/**
 * `vreason tgrpo-data` on a real video (ffmpeg testsrc): every video row becomes an adjacent
 * ordered/shuffled pair starting at an even position, both listing the same sampled frame files,
 * the copy in another order; rows without a video are kept as they were.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { locateFfmpeg, runBinary } from '../../src/media/ffmpeg.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
let video: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-tgrpo-data-'));
  video = join(dir, 'clip.mp4');
  const r = await runBinary(locateFfmpeg().ffmpeg, [
    '-y',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x48:rate=8',
    '-t',
    '2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    video,
  ]);
  assert.equal(r.code, 0, r.stderr.toString());
});
after(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

function checkPairs(
  out: any[],
  frames: (r: any) => string[],
  mark: (r: any) => { tgrpo_group: string; shuffled: boolean },
): number {
  let pairs = 0;
  for (let i = 0; i < out.length; i++) {
    if (!frames(out[i])) continue;
    const [a, b] = [out[i], out[i + 1]];
    assert.equal(i % 2, 0, 'a pair starts at an even position');
    assert.deepEqual([mark(a).shuffled, mark(b).shuffled], [false, true]);
    assert.equal(mark(a).tgrpo_group, mark(b).tgrpo_group);
    const [fa, fb] = [frames(a), frames(b)];
    assert.equal(fa.length, 4);
    assert.ok(fa.every((f) => existsSync(f)));
    assert.deepEqual([...fb].sort(), [...fa].sort());
    assert.notDeepEqual(fb, fa);
    pairs++;
    i++;
  }
  return pairs;
}

test('verl rows: videos[0].video → frame lists, extra_info marks; images untouched', async () => {
  const input = join(dir, 'verl.jsonl');
  const rows = [
    {
      data_source: 'v',
      prompt: [{ role: 'user', content: '<video>Which way?' }],
      videos: [{ video: video }],
      reward_model: { ground_truth: 'B' },
      extra_info: { index: 0 },
    },
    {
      data_source: 'i',
      prompt: [{ role: 'user', content: '<image>What?' }],
      images: [{ image: 'x.png' }],
      reward_model: { ground_truth: 'A' },
      extra_info: { index: 1 },
    },
    {
      data_source: 'v',
      prompt: [{ role: 'user', content: '<video>How many?' }],
      videos: [{ video: `file://${video}` }],
      reward_model: { ground_truth: '3' },
      extra_info: { index: 2, problem_type: 'numerical' },
    },
  ];
  writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n'));
  const output = join(dir, 'verl-out.jsonl');
  const r = await runCli([
    'tgrpo-data',
    '--input',
    input,
    '--output',
    output,
    '--frames-dir',
    join(dir, 'frames'),
    '--nframes',
    '4',
    '--seed',
    '1',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = rowsOf(output);
  assert.equal(out.length, 5);
  assert.equal(
    checkPairs(
      out,
      (x) => (Array.isArray(x.videos?.[0]?.video) ? x.videos[0].video : null),
      (x) => x.extra_info,
    ),
    2,
  );
  assert.deepEqual(
    out.find((x) => x.data_source === 'i'),
    rows[1],
  );
  assert.equal(out.filter((x) => x.extra_info.problem_type === 'numerical').length, 2);
});

test('OpenRLHF rows: frames in the image column, <video> expanded, marks in the label (string or object)', async () => {
  const input = join(dir, 'orl.json');
  writeFileSync(
    input,
    JSON.stringify([
      {
        prompt: '<video>Which way?',
        video: video,
        label: '{"problem_type":"multiple choice","solution":"<answer>B</answer>"}',
      },
      { prompt: 'text only', label: 'A' },
      { prompt: '<video>How many?', video: video, label: { problem_type: 'numerical', solution: '3' } },
    ]),
  );
  const output = join(dir, 'orl-out.jsonl');
  const r = await runCli([
    'tgrpo-data',
    '--engine',
    'openrlhf',
    '--input',
    input,
    '--output',
    output,
    '--frames-dir',
    join(dir, 'frames2'),
    '--nframes',
    '4',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = rowsOf(output);
  const label = (x: any) => (typeof x.label === 'string' ? JSON.parse(x.label) : x.label);
  assert.equal(
    checkPairs(out, (x) => x.images ?? null, label),
    2,
  );
  for (const x of out.filter((x) => x.images)) assert.equal(x.prompt.split('<image>').length - 1, 4);
  assert.equal(label(out.find((x) => x.images && typeof x.label === 'string')).solution, '<answer>B</answer>');
  const bad = await runCli(['tgrpo-data', '--input', input, '--output', output, '--frames-dir', dir, '--nframes', '3']);
  assert.equal(bad.code, 2);
});
