/**
 * Decode-ahead on a real HTTP server: while the first video's request is at the server, the next
 * videos' frames are decoded into the run's frame cache, so their requests need not wait for
 * ffmpeg; each video is still decoded once, and the answers are those of a run without it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DecodeAhead } from '../../src/eval/decodeAhead.js';
import { evalOptions, evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

let dir: string;
let data: string;
let server: ScriptedServer;
let out = '';
/** Spilled entries (decoded videos) seen when the first video request arrived, and at its answer. */
let atFirst: number | null = null;
let whenAnswered: number | null = null;

const spilled = (): number =>
  existsSync(join(out, 'frames')) ? readdirSync(join(out, 'frames')).filter((f) => f.endsWith('.frames')).length : 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-ahead-'));
  data = join(dir, 'data');
  await makeFixture(data);
  server = await startScriptedServer(async (r) => {
    if (r.images > 0 && atFirst === null) {
      atFirst = spilled();
      // Hold the first answer until two more videos are decoded, or give up after 20 s.
      const until = Date.now() + 20_000;
      while (spilled() < atFirst + 2 && Date.now() < until) await new Promise((res) => setTimeout(res, 10));
      whenAnswered = spilled();
    }
    return { text: 'A' };
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the next videos are decoded while the first one’s request is answered; each video once', async () => {
  out = join(dir, 'run');
  // One request at a time: without decode-ahead nothing else is decoded while it is out.
  const r = await evaluateVideoMMMU(evalOptions(data, out, server.url, { concurrency: 1 }));
  assert.equal(r.results.counts.answered, 24);
  assert.equal(atFirst, 1, 'the first video was decoded before its request');
  assert.equal(whenAnswered, 3, 'two more videos were decoded while it was at the server');
  const st = JSON.parse(readFileSync(join(out, 'frames', 'stats.json'), 'utf8'));
  assert.ok(st.decoded_ahead >= 2, JSON.stringify(st));
  const videos = new Set(
    readFileSync(join(out, 'records.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => /frames of (.+?\.mp4)/.exec(JSON.parse(l).request.visual)?.[1])
      .filter(Boolean),
  );
  assert.equal(st.decoded_videos, videos.size, 'each video decoded once');
});

test('DecodeAhead keeps to its depth past the furthest request taken, one decode at a time', async () => {
  const started: number[] = [];
  let running = 0;
  let most = 0;
  const release: (() => void)[] = [];
  const ahead = new DecodeAhead(
    [0, 3, 6, 9, 12].map((first) => ({
      first,
      decode: async () => {
        started.push(first);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running--;
      },
    })),
    2,
  );
  ahead.taken(0);
  ahead.start();
  const settle = () => new Promise((r) => setTimeout(r, 20));
  await settle();
  assert.deepEqual(started, [3], 'the video after the one taken, not the one a lane decodes itself');
  release.shift()!();
  await settle();
  assert.deepEqual(started, [3, 6]);
  release.shift()!();
  await settle();
  assert.deepEqual(started, [3, 6], 'two ahead of the furthest taken, no more');
  ahead.taken(7);
  await settle();
  assert.deepEqual(started, [3, 6, 9]);
  ahead.taken(12);
  release.shift()!();
  await settle();
  assert.deepEqual(started, [3, 6, 9], 'the last video was taken by a lane: not decoded here');
  await ahead.stop();
  assert.equal(most, 1);
  assert.equal(ahead.done, 3);
});
