import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { evaluateVideoMMMU } from '../helpers/evalOptions.js';
import type { Results } from '../../src/tasks/videommmu/results.js';
import { DEFAULT_FRAMES, type EvalOptions } from '../../src/eval/config.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import { makeFixture } from '../helpers/fixture.js';
import { scriptedAnswer } from '../helpers/answers.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { startScriptedServer, type Reply, type ScriptedServer } from '../helpers/scriptedServer.js';

const options = (data: string, output: string, url: string, extra: Partial<EvalOptions> = {}): EvalOptions =>
  evalOptions(data, output, url, { frames: { ...DEFAULT_FRAMES, nframes: 16 }, ...extra });

describe('vreason eval against a scripted OpenAI server', () => {
  let dir: string;
  let server: ScriptedServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vreason-e2e-'));
    await makeFixture(join(dir, 'data'), { format: 'jsonl' });
    server = await startScriptedServer((r): Reply => ({ text: scriptedAnswer(r) }));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('results equal the hand-computed values', async () => {
    const { results } = await evaluateVideoMMMU(options(join(dir, 'data'), join(dir, 'run'), server.url));
    const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
    assert.equal(results.overall.n, 18);
    // Default parser lmms-eval (extract_mcq_answer): Perception id5 "I believe the colour shown was red"
    // names the option's text, which only the release parser matched; here it is unparsed.
    close(results.overall.accuracy, 9 / 18);
    close(results.tracks.Perception!.accuracy, 3 / 6);
    close(results.tracks.Comprehension!.accuracy, 2 / 6);
    close(results.tracks.Adaptation!.accuracy, 4 / 6);
    close(results.disciplines.Art!.accuracy, 3 / 3);
    close(results.disciplines.Business!.accuracy, 1 / 3);
    close(results.disciplines.Science!.accuracy, 2 / 3);
    close(results.disciplines.Medicine!.accuracy, 0);
    close(results.disciplines.Humanities!.accuracy, 3 / 3);
    close(results.disciplines.Engineering!.accuracy, 0 / 3);
    const dk = results.delta_knowledge;
    close(dk.acc_before, 3 / 6);
    close(dk.acc_after, 4 / 6);
    close(dk.value, ((4 / 6 - 3 / 6) / (1 - 3 / 6)) * 100);
    close(dk.wrong_to_right, 3 / 3);
    close(dk.right_to_wrong, 2 / 3);
    assert.deepEqual(dk.transitions, { wrong_to_right: 3, wrong_to_wrong: 0, right_to_right: 1, right_to_wrong: 2 });
    assert.ok(dk.ci95 && dk.ci95[0] <= dk.value! && dk.value! <= dk.ci95[1]);
    assert.equal(results.unparsed, 2);
    close(results.baselines.random, (6 / 5 + 6 / 4 + 4 / 4) / 18);
    close(results.baselines.frequent, (5 + 1) / 18);
    assert.equal(results.counts.answered, 24);
    assert.equal(results.counts.errored, 0);
    const md = readFileSync(join(dir, 'run', 'results.md'), 'utf8');
    assert.match(md, /\| scripted \| 50\.0/);
    assert.match(md, /\+33\.3/);
  });

  test('requests carry the lmms-eval prompts and the right frames', async () => {
    const seen = server.requests;
    const pc = seen.find((r) => /Which colour/.test(r.prompt))!;
    assert.match(
      pc.prompt,
      new RegExp(
        /\nA\. red\nB\. green\nC\. blue\nD\. yellow\nE\. black\n/.source +
          /Please ignore the Quiz question in last frame of the video\.$/.source,
      ),
    );
    assert.equal(pc.images, 16);
    const adaptAfter = seen.find((r) => /Which law/.test(r.prompt) && r.condition === 'after')!;
    assert.ok(
      adaptAfter.prompt.startsWith(
        'You should watch and learn the video content. Then apply what you learned to answer the following ' +
          'multi-choice question.',
      ),
    );
    assert.equal(adaptAfter.images, 17, '16 frames + the quiz image as the last frame');
    const openAfter = seen.find((r) => /Apply the rule/.test(r.prompt) && r.condition === 'after')!;
    assert.match(
      openAfter.prompt,
      /answer the following open-ended question\. The image for this question is at the end of the video\.\n\[/,
    );
    const adaptBefore = seen.find((r) => /Which law/.test(r.prompt) && r.condition === 'before')!;
    assert.equal(adaptBefore.images, 4, 'the 1 s, 4 fps question-only clip has 4 frames');
    assert.equal(adaptBefore.body.max_tokens, 64);
  });

  test('a second run asks nothing and reproduces results.json', async () => {
    const first = readFileSync(join(dir, 'run', 'results.json'), 'utf8');
    const n = server.requests.length;
    const { asked, reused } = await evaluateVideoMMMU(options(join(dir, 'data'), join(dir, 'run'), server.url));
    assert.equal(asked, 0);
    assert.equal(reused, 24);
    assert.equal(server.requests.length, n);
    assert.equal(readFileSync(join(dir, 'run', 'results.json'), 'utf8'), first);
  });

  test('parquet index with quiz image bytes gives the same results as JSONL', async () => {
    await makeFixture(join(dir, 'pq'), { format: 'parquet' });
    const { results } = await evaluateVideoMMMU(options(join(dir, 'pq'), join(dir, 'run-pq'), server.url));
    const jsonl = JSON.parse(readFileSync(join(dir, 'run', 'results.json'), 'utf8'));
    assert.deepEqual(results.tracks, jsonl.tracks);
    assert.deepEqual(results.delta_knowledge, jsonl.delta_knowledge);
  });

  test('--video-mode video sends the clip as one video_url part, the quiz image after it', async () => {
    const from = server.requests.length;
    const { results } = await evaluateVideoMMMU(
      options(join(dir, 'data'), join(dir, 'run-video'), server.url, { videoMode: 'video' }),
    );
    assert.equal(results.counts.answered, 24);
    const seen = server.requests.slice(from);
    const pc = seen.filter((r) => !/Apply the rule|Which law/.test(r.prompt));
    assert.ok(pc.length === 12 && pc.every((r) => r.videos === 1 && r.images === 0));
    const adaptAfter = seen.filter((r) => /Apply the rule|Which law/.test(r.prompt) && r.condition === 'after');
    assert.ok(adaptAfter.length === 6 && adaptAfter.every((r) => r.videos === 1 && r.images === 1));
    const parts = (adaptAfter[0]!.body.messages as { content: { type: string; video_url?: { url: string } }[] }[])[0]!
      .content;
    assert.deepEqual(
      parts.map((p) => p.type),
      ['video_url', 'image_url', 'text'],
    );
    const mp4 = Buffer.from(parts[0]!.video_url!.url.replace(/^data:video\/mp4;base64,/, ''), 'base64');
    assert.equal(mp4.subarray(4, 8).toString('latin1'), 'ftyp', 'a real mp4 travels in the data URI');
  });

  test('shards merged equal the unsharded run', async () => {
    const { mergeRuns } = await import('../../src/eval/merge.js');
    const shards = [0, 1, 2].map((i) => join(dir, `shard${i}`));
    for (const [i, out] of shards.entries())
      await evaluateVideoMMMU(options(join(dir, 'data'), out, server.url, { shard: { index: i, count: 3 } }));
    const merged = (await mergeRuns(shards, join(dir, 'merged'))) as Results;
    const whole = JSON.parse(readFileSync(join(dir, 'run', 'results.json'), 'utf8'));
    for (const k of [
      'overall',
      'tracks',
      'disciplines',
      'question_types',
      'delta_knowledge',
      'baselines',
      'unparsed',
      'counts',
    ] as const) {
      assert.deepEqual(JSON.parse(JSON.stringify(merged[k])), whole[k], k);
    }
    const keys = readStoreFile(join(dir, 'merged', 'records.jsonl')).map((r) => r.key);
    assert.equal(new Set(keys).size, 24);
  });
});
