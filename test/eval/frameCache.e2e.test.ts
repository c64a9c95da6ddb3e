/**
 * One decode per video: a Video-MMMU run over a real HTTP server on a generated world, where each
 * lecture is shown by several questions and conditions, samples each video once; a run killed and
 * resumed does not decode again what the killed run spilled to `<output>/frames/`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameCacheStats } from '../../src/media/frameCache.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import { runKilledAfterRecords } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';
import { scriptedAnswer } from '../helpers/answers.js';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;
let dir: string;
let server: ScriptedServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-framecache-'));
  await makeFixture(join(dir, 'data'));
  server = await startScriptedServer(async (r) => {
    await new Promise((res) => setTimeout(res, 60));
    return { text: scriptedAnswer(r) };
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(
  out: string,
  killAfterRecords?: number,
  extra: readonly string[] = [],
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const args = [
    CLI,
    'eval',
    '--task',
    'videommmu',
    '--data',
    join(dir, 'data'),
    '--model',
    'openai',
    '--base-url',
    server.url,
    '--model-name',
    'scripted',
    '--frames',
    '4',
    '--concurrency',
    '6',
    '--max-tokens',
    '32',
    '--output',
    out,
    '--quiet',
    ...extra,
  ];
  return runKilledAfterRecords(args, join(out, 'records.jsonl'), killAfterRecords);
}

const statsOf = (out: string): FrameCacheStats =>
  JSON.parse(readFileSync(join(out, 'frames', 'stats.json'), 'utf8')) as FrameCacheStats;
const spilledFiles = (out: string): number =>
  existsSync(join(out, 'frames')) ? readdirSync(join(out, 'frames')).filter((f) => f.endsWith('.frames')).length : 0;

/** The videos the records say were sampled, and how many requests showed sampled frames. */
function videosOf(out: string): { distinct: number; requests: number } {
  const paths = readStoreFile(join(out, 'records.jsonl'))
    .filter((r) => r.status === 'ok')
    .map((r) => /frames of (.+?\.mp4)/.exec(r.request.visual)?.[1])
    .filter((p): p is string => p !== undefined);
  return { distinct: new Set(paths).size, requests: paths.length };
}

test('every video is decoded once per run, however many questions and conditions show it', async () => {
  const out = join(dir, 'whole');
  const r = await run(out);
  assert.equal(r.code, 0, r.stderr);
  const { distinct, requests } = videosOf(out);
  assert.ok(requests >= 2 * distinct && distinct >= 6, `${requests} requests over ${distinct} videos`);
  const st = statsOf(out);
  assert.equal(st.decoded_videos, distinct);
  // A video decoded ahead of its requests is a cache hit for each of them.
  assert.equal(st.cache_hits, requests - (distinct - st.decoded_ahead));
  assert.equal(st.spill_hits, 0);
  assert.equal(st.spilled, distinct);
  assert.equal(spilledFiles(out), distinct);
});

test('killed mid-run and resumed: what the killed run decoded is not decoded again', async () => {
  const out = join(dir, 'killed');
  const first = await run(out, 5);
  assert.equal(first.signal, 'SIGKILL', first.stderr);
  const spilled = spilledFiles(out);
  const answered = readStoreFile(join(out, 'records.jsonl')).length;
  assert.ok(spilled > 0 && answered < 24, `${spilled} spilled, ${answered} answered before the kill`);

  const resumed = await run(out);
  assert.equal(resumed.code, 0, resumed.stderr);
  const { distinct } = videosOf(out);
  const st = statsOf(out);
  assert.equal(st.decoded_videos, distinct - spilled, JSON.stringify(st));
  assert.ok(st.spill_hits > 0, JSON.stringify(st));

  // Asked again from scratch over the same folder: every video comes back from the spill.
  rmSync(join(out, 'records.jsonl'));
  assert.equal((await run(out)).code, 0);
  const again = statsOf(out);
  assert.equal(again.decoded_videos, 0, JSON.stringify(again));
  assert.equal(again.spill_hits, distinct);
});

/** Bytes of frames in each spilled entry (the file less its JSON header line). */
const spilledEntryBytes = (out: string): number[] =>
  readdirSync(join(out, 'frames'))
    .filter((f) => f.endsWith('.frames'))
    .map((f) => {
      const buf = readFileSync(join(out, 'frames', f));
      return buf.length - (buf.indexOf(0x0a) + 1);
    });

test('--frame-cache-mb bounds the frames held in memory; what falls out is read back, not decoded again', async () => {
  // Dataset order with one request at a time: each video comes back after five others.
  const order = ['--order', 'dataset', '--concurrency', '1'];
  const roomy = join(dir, 'bound-default');
  assert.equal((await run(roomy, undefined, order)).code, 0);
  const entries = spilledEntryBytes(roomy);
  const all = statsOf(roomy);
  assert.equal(all.max_bytes, 512 * 1024 * 1024, 'the default bound is 512 MiB');
  assert.equal(all.evicted, 0);
  assert.equal(
    all.peak_held_bytes,
    entries.reduce((n, b) => n + b, 0),
    'unbounded in practice: every video held',
  );

  // Room for about one and a half videos' frames.
  const bound = Math.floor(1.5 * Math.max(...entries));
  const mib = bound / (1024 * 1024);
  const tight = join(dir, 'bound-tight');
  const r = await run(tight, undefined, [...order, '--frame-cache-mb', String(mib)]);
  assert.equal(r.code, 0, r.stderr);
  const st = statsOf(tight);
  assert.equal(st.max_bytes, Math.floor(mib * 1024 * 1024));
  assert.ok(st.peak_held_bytes <= st.max_bytes, JSON.stringify(st));
  assert.ok(st.peak_held_bytes >= Math.min(...entries), 'it does hold what fits');
  assert.ok(st.evicted >= entries.length - 2, JSON.stringify(st));
  assert.ok(st.spill_hits >= 1, JSON.stringify(st));
  assert.equal(st.decoded_videos, videosOf(tight).distinct, 'still one decode per video');
  assert.equal(readStoreFile(join(tight, 'records.jsonl')).filter((x) => x.status === 'ok').length, 24);
});

test('--frame-cache-mb must be a non-negative number', async () => {
  const r = await run(join(dir, 'bound-bad'), undefined, ['--frame-cache-mb', 'lots']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--frame-cache-mb expects a non-negative number, got 'lots'/);
});
