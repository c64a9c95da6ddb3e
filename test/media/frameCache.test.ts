import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../../src/core/errors.js';
import type { FrameConfig } from '../../src/core/types.js';
import { runBinary } from '../../src/media/ffmpeg.js';
import { FrameCache } from '../../src/media/frameCache.js';
import { sampleFrames } from '../../src/media/frameSampler.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-fcache-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const require = createRequire(import.meta.url);
const FFMPEG = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

async function clip(name: string): Promise<string> {
  const p = join(dir, name);
  const r = await runBinary(FFMPEG, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=96x64:rate=10',
    '-t',
    '3',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    p,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return p;
}

const cfg: FrameConfig = {
  nframes: 4,
  minFrames: 4,
  maxFrames: 768,
  minPixels: 4 * 28 * 28,
  totalPixels: 24576 * 28 * 28,
  format: 'jpeg',
  jpegQuality: 3,
};

test('two requests at once share one decode; later ones are memory hits', async () => {
  const p = await clip('a.mp4');
  const cache = new FrameCache();
  const [x, y] = await Promise.all([cache.sample(p, cfg), cache.sample(p, cfg)]);
  assert.equal(x, y);
  const z = await cache.sample(p, cfg);
  assert.equal(z, x);
  assert.deepEqual(cache.stats(), {
    decoded_videos: 1,
    decoded_ahead: 0,
    cache_hits: 2,
    spill_hits: 0,
    spilled: 0,
    evicted: 0,
    methods: { seek: 0, full: 1 },
    max_bytes: 512 * 1024 * 1024,
    peak_held_bytes: x.frames.reduce((n, f) => n + f.length, 0),
  });
  // Another frame config is another entry.
  await cache.sample(p, { ...cfg, nframes: 6 });
  assert.equal(cache.stats().decoded_videos, 2);
  const direct = await sampleFrames(p, cfg);
  x.frames.forEach((f, i) => assert.ok(f.equals(direct.frames[i]!)));
});

test('bounded by bytes: evicted entries come back from the spill folder, also in a new run', async () => {
  const p = await clip('b.mp4');
  const q = await clip('c.mp4');
  const spill = join(dir, 'spill');
  const cache = new FrameCache({ maxBytes: 1, spillDir: spill });
  const first = await cache.sample(p, cfg);
  await cache.sample(q, cfg);
  assert.ok(cache.heldBytes() <= first.frames.reduce((s, f) => s + f.length, 0));
  const again = await cache.sample(p, cfg);
  let st = cache.stats();
  assert.equal(st.decoded_videos, 2);
  assert.equal(st.spilled, 2);
  assert.ok(st.evicted >= 2, JSON.stringify(st));
  assert.equal(st.spill_hits, 1);
  assert.deepEqual(again.indices, first.indices);
  again.frames.forEach((f, i) => assert.ok(f.equals(first.frames[i]!)));
  assert.equal(readdirSync(spill).filter((f) => f.endsWith('.frames')).length, 2);

  // A resumed run: a fresh cache over the same folder decodes nothing.
  const resumed = new FrameCache({ spillDir: spill });
  const back = await resumed.sample(q, cfg);
  st = resumed.stats();
  assert.equal(st.decoded_videos, 0);
  assert.equal(st.spill_hits, 1);
  assert.equal(back.method, 'full');
  assert.deepEqual(back.info, (await sampleFrames(q, cfg)).info);

  // The file changes (new mtime): its spilled entry no longer applies.
  utimesSync(q, new Date(), new Date(Date.now() + 5000));
  await resumed.sample(q, cfg);
  assert.equal(resumed.stats().decoded_videos, 1);
});

test('a spilled file that is damaged is decoded again, not trusted', async () => {
  const p = await clip('d.mp4');
  const spill = join(dir, 'spill-bad');
  await new FrameCache({ spillDir: spill }).sample(p, cfg);
  const [file] = readdirSync(spill);
  writeFileSync(join(spill, file!), '{"key":"x"}\nnot frames');
  const c = new FrameCache({ spillDir: spill });
  await c.sample(p, cfg);
  assert.equal(c.stats().decoded_videos, 1);
  assert.equal(c.stats().spill_hits, 0);
});

test('a video that fails fails alike for every request, decoded once', async () => {
  const bad = join(dir, 'bad.mp4');
  writeFileSync(bad, 'not a video\n');
  const cache = new FrameCache();
  for (let i = 0; i < 3; i++)
    await assert.rejects(cache.sample(bad, cfg), (e: unknown) => e instanceof MediaError && e.file === bad);
  assert.equal(cache.stats().cache_hits, 2);
  await assert.rejects(
    cache.sample(join(dir, 'missing.mp4'), cfg),
    (e: unknown) => e instanceof MediaError && e.code === 'missing',
  );
});
