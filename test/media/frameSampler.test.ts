import test from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../../src/core/errors.js';
import type { FrameConfig } from '../../src/core/types.js';
import { runBinary } from '../../src/media/ffmpeg.js';
import { sampleFrames, selectExpression } from '../../src/media/frameSampler.js';
import { imageSize } from '../../src/media/image.js';
import { childBoxes } from '../../src/media/mp4Boxes.js';
import { frameIndices } from '../../src/media/smartResize.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-sampler-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// Route ffmpeg through a wrapper that logs each invocation, to count processes per video.
// locateFfmpeg() reads VREASON_FFMPEG on first use, which is after this line.
const require = createRequire(import.meta.url);
const realFfmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const log = join(dir, 'ffmpeg.log');
const wrapper = join(dir, 'ffmpeg-logged');
writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realFfmpeg}' "$@"\n`);
chmodSync(wrapper, 0o755);
process.env.VREASON_FFMPEG = wrapper;
process.env.VREASON_FFPROBE = (require('@ffprobe-installer/ffprobe') as { path: string }).path;

const SIZE = 64;
const FRAMES = 30;

async function ffmpeg(args: string[]): Promise<Buffer> {
  const r = await runBinary(realFfmpeg, ['-v', 'error', '-y', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** 3 s at 10 fps where frame N is flat gray with luma 16 + 7N, so a frame's brightness names its index. */
async function grayClip(name: string, extra: string[] = []): Promise<string> {
  const p = join(dir, name);
  const src = `nullsrc=s=${SIZE}x${SIZE}:r=10,geq=lum='16+N*7':cb=128:cr=128`;
  await ffmpeg(['-f', 'lavfi', '-i', src, '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', ...extra, p]);
  return p;
}

/** Mean of each w×h gray frame in a raw gray stream. */
function means(raw: Buffer, w: number, h: number): number[] {
  const n = w * h;
  return Array.from(
    { length: raw.length / n },
    (_, k) => raw.subarray(k * n, (k + 1) * n).reduce((s, v) => s + v, 0) / n,
  );
}

async function grayMean(image: Buffer, w: number, h: number): Promise<number> {
  const p = join(dir, `frame-${Math.random().toString(36).slice(2)}`);
  writeFileSync(p, image);
  return means(await ffmpeg(['-i', p, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']), w, h)[0]!;
}

let sourceMeans: number[] | undefined;
/** Mean luma of every source frame, decoded the same way (via ffmpeg to gray). */
async function sourceLevels(): Promise<number[]> {
  sourceMeans ??= means(
    await ffmpeg(['-i', await grayClip('levels.mp4'), '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']),
    SIZE,
    SIZE,
  );
  return sourceMeans;
}

/** Which source frame each sampled image shows: the one whose brightness is nearest. */
async function shownFrames(frames: Buffer[], w: number, h: number): Promise<number[]> {
  const levels = await sourceLevels();
  const shown: number[] = [];
  for (const f of frames) {
    const m = await grayMean(f, w, h);
    shown.push(levels.reduce((best, v, k) => (Math.abs(v - m) < Math.abs(levels[best]! - m) ? k : best), 0));
  }
  return shown;
}

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

const cfg = (over: Partial<FrameConfig>): FrameConfig => ({
  minFrames: 4,
  maxFrames: 768,
  minPixels: 4 * 28 * 28,
  maxPixels: 768 * 28 * 28,
  totalPixels: 24576 * 28 * 28,
  format: 'jpeg',
  jpegQuality: 2,
  ...over,
});

test('samples the frames linspace picks, in one ffmpeg process, at the smart-resized size', async () => {
  const p = await grayClip('gray.mp4');
  const before = ffmpegRuns().length;
  const s = await sampleFrames(p, cfg({ nframes: 8 }));
  assert.equal(ffmpegRuns().length - before, 1, 'one ffmpeg process (the MP4 probe runs in-process)');
  assert.deepEqual(s.indices, frameIndices(FRAMES, 8));
  assert.deepEqual(s.indices, [0, 4, 8, 12, 17, 21, 25, 29]);
  assert.equal(s.frames.length, 8);
  assert.equal(s.mime, 'image/jpeg');
  assert.deepEqual([s.width, s.height], [56, 56]);
  for (const f of s.frames) assert.deepEqual(imageSize(f), { width: 56, height: 56, format: 'jpeg' });
  assert.equal(s.short, null);
  assert.equal(s.info.nbFrames, FRAMES);
  assert.equal(s.sampleFps, (8 / 30) * 10);
  assert.deepEqual(await shownFrames(s.frames, 56, 56), s.indices);
});

test('fps mode and PNG output', async () => {
  const p = await grayClip('gray-fps.mp4');
  const s = await sampleFrames(p, cfg({ fps: 2, format: 'png' }));
  assert.deepEqual(s.indices, frameIndices(FRAMES, 6));
  assert.equal(s.mime, 'image/png');
  for (const f of s.frames) assert.deepEqual(imageSize(f), { width: 56, height: 56, format: 'png' });
  assert.deepEqual(await shownFrames(s.frames, 56, 56), s.indices);
});

test('every frame, with the select expression passed through -filter_script', async () => {
  const p = await grayClip('gray-all.mp4');
  const before = ffmpegRuns().length;
  const s = await sampleFrames(p, cfg({ nframes: FRAMES }), { maxInlineFilterChars: 10 });
  const runs = ffmpegRuns().slice(before);
  assert.equal(runs.length, 1);
  assert.match(runs[0]!, /-filter_script:v/);
  assert.deepEqual(
    s.indices,
    Array.from({ length: FRAMES }, (_, i) => i),
  );
  assert.deepEqual(await shownFrames(s.frames, s.width, s.height), s.indices);
});

test('768 of 900 frames: each sampled frame is the one its index names', async () => {
  // Frame N shows N mod 30 on its left half and floor(N / 30) on its right, as luma 16 + 7·digit.
  const p = join(dir, 'digits.mp4');
  const lum = `16+7*if(lt(X\\,${SIZE / 2})\\,mod(N\\,30)\\,floor(N/30))`;
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `nullsrc=s=${SIZE}x${SIZE}:r=30,geq=lum='${lum}':cb=128:cr=128`,
    '-t',
    '30',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    p,
  ]);
  const s = await sampleFrames(p, cfg({ nframes: 768 }));
  assert.deepEqual(s.indices, frameIndices(900, 768));
  const [w, h] = [s.width, s.height];
  const raw = join(dir, 'digits.mjpeg');
  writeFileSync(raw, Buffer.concat(s.frames));
  const gray = await ffmpeg(['-f', 'mjpeg', '-i', raw, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  // mean of columns [x0, x1) of frame j, mapped back from full-range luma to the digit
  const digit = (j: number, x0: number, x1: number): number => {
    let sum = 0;
    for (let y = 0; y < h; y++) for (let x = x0; x < x1; x++) sum += gray[j * w * h + y * w + x]!;
    return Math.round(((sum / (h * (x1 - x0))) * (219 / 255)) / 7);
  };
  const shown = s.frames.map((_, j) => digit(j, w / 2 + 8, w - 4) * 30 + digit(j, 4, w / 2 - 8));
  assert.deepEqual(shown, s.indices);
});

test('a Matroska file is probed by ffprobe and sampled the same way', async () => {
  const p = await grayClip('gray.mkv');
  const s = await sampleFrames(p, cfg({ nframes: 4 }));
  assert.deepEqual(s.indices, [0, 10, 19, 29]);
  assert.deepEqual(await shownFrames(s.frames, s.width, s.height), s.indices);
});

test('a 1-frame video gives 1 frame instead of failing', async () => {
  const p = join(dir, 'one.mp4');
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `color=c=gray:s=${SIZE}x${SIZE}`,
    '-frames:v',
    '1',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    p,
  ]);
  const s = await sampleFrames(p, cfg({ nframes: 16 }));
  assert.deepEqual(s.indices, [0]);
  assert.equal(s.frames.length, 1);
});

test(
  'a stream shorter than its container says is an error, or with allowShort only the ' + 'frames that decode',
  async () => {
    // moov first, then cut the file where the 16th packet (decode order) starts: the moov still
    // declares 30 frames, but only about half of them can be decoded.
    const src = await grayClip('gray-fast.mp4', ['-movflags', '+faststart']);
    const packets = await runBinary(process.env.VREASON_FFPROBE!, [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pos',
      '-of',
      'csv=p=0',
      src,
    ]);
    const cutAt = Number(packets.stdout.toString().trim().split('\n')[15]);
    const whole = readFileSync(src);
    assert.ok([...childBoxes(whole, 0, whole.length)].findIndex((b) => b.type === 'moov') < 2 && cutAt > 0);
    const p = join(dir, 'cut.mp4');
    writeFileSync(p, whole.subarray(0, cutAt));
    await assert.rejects(
      sampleFrames(p, cfg({ nframes: 8 })),
      (e: unknown) =>
        e instanceof MediaError && e.code === 'truncated' && e.file === p && /of 8 sampled frames/.test(e.message),
    );
    const s = await sampleFrames(p, cfg({ nframes: 8 }), { allowShort: true });
    assert.ok(s.short && s.short.planned === 8 && s.short.decoded > 0 && s.short.decoded < 8, JSON.stringify(s.short));
    assert.equal(s.frames.length, s.short.decoded);
    assert.deepEqual(s.indices, frameIndices(FRAMES, 8).slice(0, s.short.decoded));
    assert.deepEqual(await shownFrames(s.frames, s.width, s.height), s.indices);
  },
);

test('unreadable videos give MediaError codes', async () => {
  const bytes = readFileSync(await grayClip('gray-tail.mp4'));
  const cut = join(dir, 'cut-tail.mp4');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.3)));
  const text = join(dir, 'text.mp4');
  writeFileSync(text, 'not a video\n');
  const empty = join(dir, 'empty.mp4');
  writeFileSync(empty, '');
  for (const [p, code] of [
    [join(dir, 'nope.mp4'), 'missing'],
    [empty, 'empty'],
    [cut, 'corrupt'],
    [text, 'corrupt'],
  ] as const) {
    await assert.rejects(
      sampleFrames(p, cfg({ nframes: 4 })),
      (e: unknown) => e instanceof MediaError && e.code === code && e.file === p,
    );
  }
});

test('selectExpression is a binary search over the frame number', () => {
  assert.equal(selectExpression([7]), 'eq(n,7)');
  assert.equal(selectExpression([1, 5, 9]), 'if(lt(n,5),eq(n,1),if(lt(n,9),eq(n,5),eq(n,9)))');
  const many = Array.from({ length: 4096 }, (_, i) => i * 3);
  let depth = 0;
  let deepest = 0;
  for (const c of selectExpression(many)) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    deepest = Math.max(deepest, depth);
  }
  assert.ok(deepest <= 2 * 13, `nesting depth ${deepest} for 4096 frames`);
});
