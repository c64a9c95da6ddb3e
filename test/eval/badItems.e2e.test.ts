import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EvalOptions } from '../../src/eval/config.js';
import { evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

let dir: string;
let server: ScriptedServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-bad-'));
  await makeFixture(join(dir, 'data'));
  server = await startScriptedServer(() => ({ text: 'A' }));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = (output: string, extra: Partial<EvalOptions> = {}): EvalOptions =>
  evalOptions(join(dir, 'data'), join(dir, output), server.url, {
    model: { baseUrl: server.url, name: 'm', retry: { retries: 0 } },
    params: { temperature: 0, maxTokens: 8 },
    ...extra,
  });

test('missing, empty, truncated and not-a-video files become per-item errors; the run completes', async () => {
  const data = join(dir, 'data');
  rmSync(join(data, 'Art', 'validation_Art_1.mp4'));
  writeFileSync(join(data, 'Business', 'dev_Economics_2.mp4'), '');
  const physics = join(data, 'Science', 'test_Physics_3.mp4');
  truncateSync(physics, Math.floor(readFileSync(physics).length * 0.3));
  writeFileSync(join(data, 'Humanities', 'dev_History_5.mp4'), 'this is not a video\n');
  const { results } = await evaluateVideoMMMU(opts('run'));
  assert.equal(results.counts.planned, 24);
  assert.equal(results.counts.answered + results.counts.errored, 24);
  const kinds = Object.fromEntries(
    results.errors.filter((e) => e.condition === 'after').map((e) => [`${e.item_id}`, e.kind]),
  );
  assert.equal(kinds.validation_Art_1, 'media:missing');
  assert.equal(kinds.dev_Economics_2, 'media:empty');
  assert.equal(kinds.test_Physics_3, 'media:corrupt');
  assert.equal(kinds.dev_History_5, 'media:corrupt');
  // 4 broken lectures × 3 tracks (their "before" clips are fine)
  assert.equal(results.counts.errored, 12);
  const rec = readStoreFile(join(dir, 'run', 'records.jsonl')).find((r) => r.item_id === 'validation_Art_1')!;
  assert.match(rec.error!.message, /validation_Art_1\.mp4/);
});

test('--limit takes the first n questions per track; --conditions after skips the question-only pass', async () => {
  const { results } = await evaluateVideoMMMU(opts('limited', { limit: 2, conditions: 'after' }));
  assert.equal(results.counts.planned, 6);
  assert.deepEqual(Object.keys(results.tracks), ['Perception', 'Comprehension', 'Adaptation']);
  assert.equal(results.before, null);
  assert.equal(results.delta_knowledge.n, 0);
  const before = await evaluateVideoMMMU(opts('before-only', { conditions: 'before' }));
  assert.equal(before.results.counts.planned, 6, 'only Adaptation has a before condition');
});

test('the API key comes from the environment, never from a flag', async () => {
  const cli = new URL('../../src/cli/main.js', import.meta.url).pathname;
  const from = server.requests.length;
  // Async spawn: the scripted server lives in this process, so its event loop must keep running.
  const child = spawn(
    process.execPath,
    [
      cli,
      'eval',
      '--data',
      join(dir, 'data'),
      '--base-url',
      server.url,
      '--model-name',
      'm',
      '--output',
      join(dir, 'keyed'),
      '--limit',
      '1',
      '--tracks',
      'Adaptation',
      '--conditions',
      'before',
      '--frames',
      '4',
      '--quiet',
      '--api-key-env',
      'MY_KEY',
    ],
    {
      env: { ...process.env, MY_KEY: 'sk-test-123' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number];
  assert.equal(code, 0, stderr);
  assert.match(stdout, /results: .*keyed\/results\.json/);
  const seen = server.requests.slice(from);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.authorization, 'Bearer sk-test-123');
  assert.doesNotMatch(
    readFileSync(join(dir, 'keyed', 'config.json'), 'utf8'),
    /sk-test/,
    'the key is not written to the run directory',
  );
});

test('a quiz image that is not an image becomes a per-item error naming it', async () => {
  writeFileSync(join(dir, 'data', 'images', 'quiz.png'), 'not a png at all\n');
  const { results } = await evaluateVideoMMMU(opts('bad-image', { tracks: ['Adaptation'], conditions: 'after' }));
  const e = results.errors.find((x) => x.item_id === 'validation_Clinical_Medicine_4');
  assert.ok(e, JSON.stringify(results.errors));
  assert.equal(e.kind, 'media:corrupt');
  assert.match(e.message, /quiz\.png/);
  assert.equal(results.counts.answered + results.counts.errored, results.counts.planned);
});
