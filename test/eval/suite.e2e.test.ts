import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { evaluateSuite } from '../helpers/evalOptions.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import type { BenchmarkResults } from '../../src/tasks/videor1/results.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { startScriptedServer, type ScriptedServer, type SeenRequest } from '../helpers/scriptedServer.js';
import { makeVideoR1Fixture } from '../helpers/videoR1Fixture.js';

/** The scripted model: answers per question tag, in tagged and untagged formats. */
const ANSWERS: Record<string, string> = {
  q1: '<think>Let me think. Two cubes.</think> <answer>B</answer>', // gold B → 1
  // gold 10: |12.7−10|/10 = 0.27 < 1−θ for θ ∈ {0.50…0.70} → MRA 5/10
  q2: '<think>Hmm, about twelve.</think><answer>12.7</answer>',
  q3: '<think>The sign.</think><answer>3.50</answer>', // gold 3.5: both have '.', round to 3.5 → 1
  q4: 'C', // no tags: the whole output is the answer → 1, counted as no <answer> tag
  q5: '<answer>B</answer>', // gold A → 0
  q6: '<answer>D</answer>', // gold D → 1
};

let dir: string;
let server: ScriptedServer;
/** Frame-hash sequence of the first (ordered) request per question, to recognise shuffled frames. */
const firstFrames = new Map<string, string[]>();

function frameHashes(r: SeenRequest): string[] {
  const content = (r.body.messages as { content: { type: string; image_url?: { url: string } }[] }[])[0]!.content;
  return content
    .filter((p) => p.type === 'image_url')
    .map((p) => createHash('sha1').update(p.image_url!.url).digest('hex'));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-suite-'));
  await makeVideoR1Fixture(join(dir, 'Evaluation'));
  server = await startScriptedServer((r) => {
    const tag = /\[(q\d+)\]/.exec(r.prompt)?.[1] ?? '';
    const frames = frameHashes(r);
    const first = firstFrames.get(tag);
    if (!first) firstFrames.set(tag, frames);
    const isShuffled = first !== undefined && first.join() !== frames.join();
    // q6 is only right when its frames are in order.
    if (isShuffled && tag === 'q6') return { text: '<answer>A</answer>' };
    return { text: ANSWERS[tag] ?? '' };
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the Video-R1 suite: one row per benchmark, scored as eval_bench.py scores', async () => {
  const { results } = await evaluateSuite(
    evalOptions(join(dir, 'Evaluation'), join(dir, 'run'), server.url, {
      tasks: ['vsibench', 'mvbench'],
      frames: {},
      params: {},
    }),
  );
  assert.deepEqual(
    results.table.map((r) => [r.benchmark, r.label, r.n]),
    [
      ['vsibench', 'VSI-Bench', 4],
      ['mvbench', 'MVBench', 2],
    ],
  );
  const vsi = results.benchmarks.vsibench!;
  assert.equal(vsi.score.mean, (1 + 0.5 + 1 + 1) / 4);
  assert.equal(vsi.accuracy.mean, 1);
  assert.equal(vsi.mra.mean, 0.5);
  assert.equal(vsi.no_answer_tag, 1);
  assert.equal(vsi.by_data_type.image!.mean, 1);
  assert.equal(results.benchmarks.mvbench!.score.mean, 0.5);
  assert.equal(vsi.probe, null);

  const q1 = server.requests.find((r) => r.prompt.startsWith('[q1]'))!;
  assert.equal(
    q1.prompt,
    '[q1] How many red cubes appear in the video?\nOptions:\nA. 1\nB. 2\nC. 3\nD. 4\n\n' +
      'Please think about this question as if you were a human pondering deeply. Engage in an internal dialogue ' +
      "using expressions such as 'let me think', 'wait', 'Hmm', 'oh, I see', 'let's break it down', etc, or other " +
      "natural language thought expressions It's encouraged to include self-reflection or verification in the " +
      'reasoning process. Provide your detailed reasoning between the <think> and </think> tags, and then give your ' +
      'final answer between the <answer> and </answer> tags.' +
      ' Please provide only the single option letter (e.g., A, B, C, D, etc.) within the <answer> </answer> tags.',
  );
  assert.equal(q1.images, 4, '2 s at 8 fps, sampled at 2 fps → 4 frames');
  assert.equal(q1.body.temperature, 0.1);
  assert.equal(q1.body.top_p, 0.001);
  assert.equal(server.requests.find((r) => r.prompt.startsWith('[q3]'))!.images, 1, 'image items send one image');
  const md = readFileSync(join(dir, 'run', 'results.md'), 'utf8');
  assert.match(md, /\| scripted \| 87\.5 \| 50\.0 \|/);
  assert.ok(JSON.parse(readFileSync(join(dir, 'run', 'vsibench', 'results.json'), 'utf8')).score.mean === 0.875);
});

test('--probe shuffle: the same frames in another order; reports ordered vs shuffled and changed answers', async () => {
  const { results } = await evaluateSuite(
    evalOptions(join(dir, 'Evaluation'), join(dir, 'probe'), server.url, {
      tasks: ['mvbench'],
      frames: {},
      params: {},
      probe: true,
      concurrency: 1,
    }),
  );
  const p = results.benchmarks.mvbench!.probe!;
  assert.equal(p.pairs, 2);
  assert.equal(p.ordered.mean, 0.5);
  assert.equal(p.shuffled.mean, 0);
  assert.equal(p.drop, 0.5);
  assert.equal(p.changed, 1);
  assert.equal(p.changed_share, 0.5);
  const recs = readStoreFile(join(dir, 'probe', 'mvbench', 'records.jsonl'));
  const shuffled = recs.find((r) => r.condition === 'shuffled' && r.item_id === '6')!;
  const ordered = recs.find((r) => r.condition === 'ordered' && r.item_id === '6')!;
  const order = shuffled.request.frames!.order!;
  assert.deepEqual([...order].sort(), [0, 1, 2, 3]);
  assert.notDeepEqual(order, [0, 1, 2, 3]);
  assert.deepEqual(shuffled.request.frames!.indices, ordered.request.frames!.indices, 'same sampled frames');
  const md = readFileSync(join(dir, 'probe', 'results.md'), 'utf8');
  assert.match(md, /Temporal-sensitivity probe/);
  assert.match(md, /\| mvbench \| 2 \| 50\.0 \| 0\.0 \| 50\.0/);
});

test('--prompt direct drops the thinking instruction; `vreason data validate` reads Video-R1 folders', async () => {
  const from = server.requests.length;
  await evaluateSuite(
    evalOptions(join(dir, 'Evaluation'), join(dir, 'direct'), server.url, {
      tasks: ['mvbench'],
      frames: {},
      params: {},
      prompt: 'direct',
    }),
  );
  const q5 = server.requests.slice(from).find((r) => r.prompt.startsWith('[q5]'))!;
  assert.equal(
    q5.prompt,
    '[q5] How many red cubes appear in the video?\nOptions:\nA. 1\nB. 2\nC. 3\nD. 4\n Please provide only the ' +
      'single option letter (e.g., A, B, C, D, etc.) within the <answer> </answer> tags.',
  );
  const cli = new URL('../../src/cli/main.js', import.meta.url).pathname;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [cli, 'data', 'validate', join(dir, 'Evaluation')]);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((r) => child.on('close', r));
  assert.equal(code, 0, out);
  assert.match(out, /eval_mvbench\.json: 2 records/);
  assert.match(
    out,
    new RegExp(
      /eval_vsibench\.json: 4 records\n  problem types: multiple choice 2, regression 1, numerical 1\n/.source +
        /  data types: +video 3, image 1\n  media: +0 missing/.source,
    ),
  );
});

test('suite shards merge per benchmark into the unsharded numbers', async () => {
  const { mergeRuns } = await import('../../src/eval/merge.js');
  const shards = [0, 1].map((i) => join(dir, `s${i}`));
  for (const [i, out] of shards.entries())
    await evaluateSuite(
      evalOptions(join(dir, 'Evaluation'), out, server.url, {
        tasks: ['vsibench'],
        frames: {},
        params: {},
        shard: { index: i, count: 2 },
      }),
    );
  const merged = (await mergeRuns(
    shards.map((s) => join(s, 'vsibench')),
    join(dir, 'merged'),
  )) as BenchmarkResults;
  const whole = JSON.parse(readFileSync(join(dir, 'run', 'vsibench', 'results.json'), 'utf8')) as BenchmarkResults;
  for (const k of ['score', 'accuracy', 'mra', 'by_problem_type', 'no_answer_tag', 'counts'] as const)
    assert.deepEqual(merged[k], whole[k], k);
});

test('records escaping the dataset folder are skipped with file, row and field', async () => {
  const { writeFileSync, symlinkSync } = await import('node:fs');
  symlinkSync('/etc/hostname', join(dir, 'Evaluation', 'MVBench', 'link.mp4')); // a link that leads out
  const bad = join(dir, 'Evaluation', 'eval_mmvu.json');
  writeFileSync(
    bad,
    JSON.stringify([
      {
        problem_id: 1,
        problem: 'x',
        data_type: 'video',
        problem_type: 'multiple choice',
        options: ['A. a', 'B. b'],
        solution: '<answer>A</answer>',
        path: '../../etc/passwd',
      },
      {
        problem_id: 2,
        problem: 'x',
        data_type: 'video',
        problem_type: 'essay',
        options: [],
        solution: '<answer>A</answer>',
        path: './MVBench/a.mp4',
      },
      {
        problem_id: 3,
        problem: 'x',
        data_type: 'video',
        problem_type: 'multiple choice',
        options: ['A. a', 'B. b'],
        solution: 'A',
        path: './MVBench/a.mp4',
      },
      {
        problem_id: 5,
        problem: 'x',
        data_type: 'video',
        problem_type: 'multiple choice',
        options: ['A. a', 'B. b'],
        solution: '<answer>A</answer>',
        path: './MVBench/link.mp4',
      },
      {
        problem_id: 4,
        problem: '[q5] ok',
        data_type: 'video',
        problem_type: 'multiple choice',
        options: ['A. a', 'B. b'],
        solution: '<answer>A</answer>',
        path: './MVBench/a.mp4',
      },
    ]),
  );
  const { results } = await evaluateSuite(
    evalOptions(join(dir, 'Evaluation'), join(dir, 'bad'), server.url, { tasks: ['mmvu'], frames: {}, params: {} }),
  );
  const b = results.benchmarks.mmvu!;
  assert.equal(b.score.n, 1);
  assert.deepEqual(
    b.skipped_rows.map((r) => [r.row, r.field]),
    [
      [0, 'path'],
      [1, 'problem_type'],
      [2, 'solution'],
      [3, 'path'],
    ],
  );
  assert.match(b.skipped_rows[3]!.message, /link\.mp4' leaves the dataset folder .* \(a link to \/etc\/hostname\)/);
  assert.match(
    b.skipped_rows[0]!.message,
    /eval_mmvu\.json: row 0: field 'path': '\.\.\/\.\.\/etc\/passwd' leaves the dataset folder/,
  );
});
