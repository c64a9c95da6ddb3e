/**
 * Keyframe seeking in Matroska and WebM files against the full decode, on real encodes made here
 * (H.264 in .mkv: constant and variable frame rate, open GOP with B-frames; VP9 and VP8 in .webm):
 * the same images byte for byte (PNG, so pixel for pixel), with the frame table read from the
 * clusters' block headers; and what it refuses (a live recording's unknown sizes) falls back to
 * the full decode with the reason.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleFrames } from '../../src/media/frameSampler.js';
import { readMatroskaFrameTable } from '../../src/media/matroskaBlocks.js';
import { probeVideo } from '../../src/media/probe.js';
import { assertSameAsFullDecode, bundledFfmpeg, encodeTestsrc, seekCfg, seekIndex } from '../helpers/seek.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-mkvseek-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const _ffmpeg = bundledFfmpeg;

const encode = (name: string, seconds: number, codec: string[], vf?: string): Promise<string> =>
  encodeTestsrc(join(dir, name), seconds, codec, vf);

const x264 = (...args: string[]) => ['-c:v', 'libx264', ...args];

const cfg = seekCfg;
const indexOf = seekIndex;
const assertSame = assertSameAsFullDecode;

test(
  'H.264 in Matroska, keyframe every 50: the frame table matches ffprobe, and seeks give the full ' + 'decode’s frames',
  async () => {
    const p = await encode('cfr.mkv', 40, x264('-g', '50', '-keyint_min', '50', '-sc_threshold', '0'));
    const fh = await open(p, 'r');
    const table = await readMatroskaFrameTable(fh, (await fh.stat()).size);
    await fh.close();
    assert.ok(typeof table !== 'string', String(table));
    const info = await probeVideo(p);
    assert.equal(table.dts.length, info.nbFrames, 'one block per frame');
    assert.equal(table.timescale, 1000);
    assert.deepEqual(
      table.sync,
      Array.from({ length: 24 }, (_, i) => i * 50),
    );
    await assertSame(p, cfg({ nframes: 8 }));
    await assertSame(p, cfg({ nframes: 16 }));
    await assertSame(p, cfg({ nframes: 8, format: 'jpeg' }));
  },
);

test('H.264 in Matroska, open GOP with 3 B-frames: leading pictures come from the keyframe before', async () => {
  const p = await encode(
    'open-gop.mkv',
    40,
    x264('-bf', '3', '-x264-params', 'open-gop=1:keyint=50:min-keyint=50:scenecut=0:b-adapt=0'),
  );
  const ix = await indexOf(p);
  let leading = 0;
  for (let k = 0; k < ix.pts.length; k++) {
    const s = ix.sampleOf[k]!;
    const key = ix.sync.filter((j) => j <= s).pop()!;
    if (ix.cts[s]! < ix.cts[key]!) leading++;
  }
  assert.ok(leading > 10, `leading pictures: ${leading}`);
  await assertSame(p, cfg({ nframes: 8 }));
  await assertSame(p, cfg({ nframes: 16 }));
});

test('H.264 in Matroska, variable frame rate', async () => {
  const p = await encode(
    'vfr.mkv',
    40,
    x264('-vsync', '0', '-enc_time_base', '1:1000', '-bf', '2', '-g', '40'),
    "settb=1/1000,setpts='N*33+floor(N/13)*21+if(gt(N\\,500)\\,N-500\\,0)'",
  );
  const ix = await indexOf(p);
  const deltas = new Set(ix.pts.slice(1).map((t, i) => t - ix.pts[i]!));
  assert.ok(deltas.size > 2, `frame durations ${[...deltas]}`);
  await assertSame(p, cfg({ nframes: 8 }));
  await assertSame(p, cfg({ nframes: 14 }));
});

test('VP9 and VP8 in WebM', async () => {
  const vp9 = await encode('clip9.webm', 30, [
    '-c:v',
    'libvpx-vp9',
    '-g',
    '50',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-b:v',
    '200k',
  ]);
  await assertSame(vp9, cfg({ nframes: 8 }));
  const vp8 = await encode('clip8.webm', 30, [
    '-c:v',
    'libvpx',
    '-g',
    '50',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-b:v',
    '200k',
  ]);
  await assertSame(vp8, cfg({ nframes: 8 }));
});

test('a live recording (segment of unknown size) falls back to the full decode, saying why', async () => {
  const p = await encode('live-src.mkv', 10, x264('-g', '50'));
  const b = Buffer.from(readFileSync(p));
  // The segment's size field, rewritten to "unknown" (all ones) in the same width.
  const seg = b.indexOf(Buffer.from([0x18, 0x53, 0x80, 0x67]));
  assert.ok(seg > 0);
  const width = 8 - Math.floor(Math.log2(b[seg + 4]!));
  b[seg + 4] = 0xff >> (width - 1); // the length marker, then every value bit set
  for (let i = 1; i < width; i++) b[seg + 4 + i] = 0xff;
  const live = join(dir, 'live.mkv');
  writeFileSync(live, b);
  const s = await sampleFrames(live, cfg({ nframes: 8 }));
  assert.equal(s.method, 'full');
  assert.match(s.fallback ?? '', /Matroska frame table: a segment of unknown size/);
  const full = await sampleFrames(p, cfg({ nframes: 8 }), { decode: 'full' });
  s.frames.forEach((f, i) => assert.ok(f.equals(full.frames[i]!), `frame ${s.indices[i]} differs`));
});
