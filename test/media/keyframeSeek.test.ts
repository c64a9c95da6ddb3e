/**
 * The keyframe-seek sampler against the full decode, on real encodes made here: the same images
 * byte for byte (PNG, so pixel for pixel) on constant and variable frame rate, B-frame / open-GOP
 * and long-GOP files; the fallbacks (other containers, dense plans, cut files) keep the full
 * decode's answers and errors.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../../src/core/errors.js';
import { framesBySeek, sampleFrames } from '../../src/media/frameSampler.js';
import { buildSeekIndex, keyframeFor, planSeeks } from '../../src/media/keyframeSeek.js';
import { readMp4SampleTables } from '../../src/media/mp4Boxes.js';
import { probeVideo } from '../../src/media/probe.js';
import { assertSameAsFullDecode, bundledFfmpeg, encodeTestsrc, seekCfg, seekIndex } from '../helpers/seek.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-seek-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
const realFfmpeg = bundledFfmpeg;
// Count ffmpeg processes through a logging wrapper (locateFfmpeg reads VREASON_FFMPEG on first use).
const log = join(dir, 'ffmpeg.log');
const wrapper = join(dir, 'ffmpeg-logged');
writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realFfmpeg}' "$@"\n`);
chmodSync(wrapper, 0o755);
process.env.VREASON_FFMPEG = wrapper;
process.env.VREASON_FFPROBE = (require('@ffprobe-installer/ffprobe') as { path: string }).path;

function ffmpegRuns(): string[] {
  try {
    return readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.includes(' -i '));
  } catch {
    return [];
  }
}

const encode = (name: string, seconds: number, args: string[], vf?: string): Promise<string> =>
  encodeTestsrc(join(dir, name), seconds, ['-c:v', 'libx264', ...args], vf);

const cfg = seekCfg;
const indexOf = seekIndex;
const assertSame = assertSameAsFullDecode;

test('constant frame rate, keyframe every 50: seeks, and gives the full decode’s frames', async () => {
  const p = await encode('cfr.mp4', 40, ['-g', '50', '-keyint_min', '50', '-sc_threshold', '0']);
  await assertSame(p, cfg({ nframes: 8 }));
  await assertSame(p, cfg({ nframes: 16 }));
  await assertSame(p, cfg({ nframes: 8, format: 'jpeg' }));
  const s = await sampleFrames(p, cfg({ nframes: 8 }));
  assert.equal(s.fallback, null);
});

test('variable frame rate (uneven stts, no edit list)', async () => {
  const p = await encode(
    'vfr.mp4',
    40,
    ['-vsync', '0', '-enc_time_base', '1:1000', '-bf', '2', '-g', '40', '-use_editlist', '0'],
    "settb=1/1000,setpts='N*33+floor(N/13)*21+if(gt(N\\,500)\\,N-500\\,0)'",
  );
  const fh = await open(p, 'r');
  const tables = await readMp4SampleTables(fh, (await fh.stat()).size);
  await fh.close();
  const deltas = new Set(tables!.dts.slice(1).map((d, i) => d - tables!.dts[i]!));
  assert.ok(deltas.size > 2, `frame durations ${[...deltas]}`);
  await assertSame(p, cfg({ nframes: 8 }));
  await assertSame(p, cfg({ nframes: 14 }));
});

test('open GOP with 3 B-frames: leading pictures are decoded from the keyframe before', async () => {
  const p = await encode('open-gop.mp4', 40, [
    '-bf',
    '3',
    '-x264-params',
    'open-gop=1:keyint=50:min-keyint=50:scenecut=0:b-adapt=0',
  ]);
  const ix = await indexOf(p);
  // Leading pictures exist: samples decoded after a keyframe but shown before it.
  const leading: number[] = [];
  for (let k = 0; k < ix.pts.length; k++) {
    const s = ix.sampleOf[k]!;
    const prevKey = ix.sync.filter((j) => j <= s).pop()!;
    if (ix.cts[s]! < ix.cts[prevKey]!) leading.push(k);
  }
  assert.ok(leading.length > 10, `leading pictures: ${leading.length}`);
  for (const k of leading) assert.ok(ix.cts[keyframeFor(ix, k)]! <= ix.cts[ix.sampleOf[k]!]!);
  await assertSame(p, cfg({ nframes: 8 }));
  await assertSame(p, cfg({ nframes: 16 }));
  // Leading pictures and the keyframes right after them, picked directly.
  const info = await probeVideo(p);
  const wanted = [...leading.filter((k) => k > 300 && k < 700).slice(0, 9), 350, 400, 450].sort((a, b) => a - b);
  const size = { width: 112, height: 84 };
  const enc = { format: 'png' as const, jpegQuality: 2 };
  const fast = await framesBySeek(p, info, wanted, size, enc);
  assert.ok(Array.isArray(fast), String(fast));
  const { framesAt } = await import('../../src/media/frameSampler.js');
  const full = await framesAt(p, wanted, size, enc, { decode: 'full' });
  fast.forEach((f, i) => assert.ok(f.equals(full[i]!), `frame ${wanted[i]} differs`));
});

test('long GOP (keyframe every 300, B-frames)', async () => {
  const p = await encode('long-gop.mp4', 40, ['-bf', '3', '-g', '300', '-keyint_min', '300', '-sc_threshold', '0']);
  await assertSame(p, cfg({ nframes: 4 }));
});

test('many keyframe groups run 16 seeks per ffmpeg process', async () => {
  const p = await encode('short-gop.mp4', 40, ['-g', '10', '-keyint_min', '10', '-sc_threshold', '0']);
  const ix = await indexOf(p);
  const before = ffmpegRuns().length;
  const s = await sampleFrames(p, cfg({ nframes: 20 }));
  const runs = ffmpegRuns().slice(before);
  assert.equal(s.method, 'seek', String(s.fallback));
  const groups = planSeeks(
    ix,
    [...new Set(s.indices)].sort((a, b) => a - b),
  ).groups.length;
  assert.ok(groups > 16, `${groups} groups`);
  assert.equal(runs.length, Math.ceil(groups / 16));
  assert.ok(runs.every((r) => (r.match(/ -i /g) ?? []).length <= 16));
  await assertSame(p, cfg({ nframes: 20 }));
});

test('fallbacks: another container, a dense plan, and a cut file keep the full decode’s answers', async () => {
  const avi = await encode('clip.avi', 20, ['-g', '50']);
  const m = await sampleFrames(avi, cfg({ nframes: 8 }));
  assert.equal(m.method, 'full');
  assert.match(m.fallback ?? '', /no sample index read for avi/);

  const p = await encode('dense.mp4', 10, ['-g', '50']);
  const d = await sampleFrames(p, cfg({ nframes: 64 }));
  assert.equal(d.method, 'full');
  assert.match(d.fallback ?? '', /no gain from seeking/);

  // moov first, then cut at 70%: the container still declares every frame.
  const whole = readFileSync(await encode('whole.mp4', 40, ['-g', '50', '-movflags', '+faststart']));
  const cut = join(dir, 'cut.mp4');
  writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.7)));
  await assert.rejects(
    sampleFrames(cut, cfg({ nframes: 8 })),
    (e: unknown) => e instanceof MediaError && e.code === 'truncated' && e.file === cut,
  );
  const s = await sampleFrames(cut, cfg({ nframes: 8 }), { allowShort: true });
  assert.equal(s.method, 'full');
  assert.ok(s.short && s.short.decoded < 8 && s.short.decoded > 0, JSON.stringify(s.short));
  assert.match(s.fallback ?? '', /gave 0 of 1 frames|decoder reported|exit/);
});

test('buildSeekIndex refuses what it does not model', () => {
  const base = { timescale: 30, dts: [0, 1, 2, 3], ctts: [0, 0, 0, 0], sync: [0, 2], edits: [] };
  assert.ok(typeof buildSeekIndex(base, 4) !== 'string');
  assert.match(String(buildSeekIndex(base, 5)), /declares 5/);
  const twoEdits = [
    { mediaTime: -1, rate: 1 },
    { mediaTime: 0, rate: 1 },
  ];
  assert.match(String(buildSeekIndex({ ...base, edits: twoEdits }, 4)), /2 entries/);
  assert.match(String(buildSeekIndex({ ...base, ctts: [0, 0, 1, 0] }, 4)), /share a presentation time/);
  assert.match(String(buildSeekIndex({ ...base, sync: [1] }, 4)), /first sample/);
  assert.match(String(buildSeekIndex({ ...base, edits: [{ mediaTime: 1, rate: 1 }] }, 4)), /before the edit/);
});

test('keyframeFor: the sync sample before in decode order and not after in presentation order', () => {
  // Decode order I0 P3 B1 B2 I6(open) B4 B5 P9 B7 B8 (numbers are presentation times).
  const cts = [0, 3, 1, 2, 6, 4, 5, 9, 7, 8];
  const ix = buildSeekIndex(
    { timescale: 30, dts: cts.map((_, i) => i), ctts: cts.map((c, i) => c - i), sync: [0, 4], edits: [] },
    10,
  );
  assert.ok(typeof ix !== 'string');
  // Frames 4 and 5 are leading pictures of I6: decode from I0.
  assert.deepEqual(
    Array.from({ length: 10 }, (_, k) => keyframeFor(ix, k)),
    [0, 0, 0, 0, 0, 0, 4, 4, 4, 4],
  );
  const plan = planSeeks(ix, [7]);
  assert.deepEqual(
    plan.groups.map((g) => [g.keySample, g.frames]),
    [[4, [7]]],
  );
  assert.equal(plan.openGop, true);
});
