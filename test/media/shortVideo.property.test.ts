/**
 * Property test over damaged copies of real encodes: whatever the damage (a cut anywhere, a zeroed
 * range, flipped bytes), sampling never pads with copies. It either fails with a MediaError naming
 * the file, or returns exactly the planned frames, each the frame it claims to be; with
 * allowShort it returns at most the frames that decode, and says so in `short`.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MediaError } from '../../src/core/errors.js';
import type { FrameConfig } from '../../src/core/types.js';
import { runBinary } from '../../src/media/ffmpeg.js';
import { sampleFrames } from '../../src/media/frameSampler.js';
import { frameIndices } from '../../src/media/smartResize.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-short-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const require = createRequire(import.meta.url);
const FFMPEG = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const SIZE = 64;
const FRAMES = 30;

const cfg: FrameConfig = {
  nframes: 8,
  minFrames: 4,
  maxFrames: 768,
  minPixels: 4 * 28 * 28,
  maxPixelsCap: 768 * 28 * 28,
  totalPixels: 24576 * 28 * 28,
  format: 'png',
  jpegQuality: 2,
};

async function ff(args: string[]): Promise<Buffer> {
  const r = await runBinary(FFMPEG, ['-v', 'error', '-y', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** Frame N is flat gray at luma 16 + 7N: a frame's brightness names its index. */
async function encode(name: string, extra: string[]): Promise<Buffer> {
  const p = join(dir, name);
  const src = `nullsrc=s=${SIZE}x${SIZE}:r=10,geq=lum='16+N*7':cb=128:cr=128`;
  await ff(['-f', 'lavfi', '-i', src, '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', ...extra, p]);
  return readFileSync(p);
}

async function meanLuma(f: Buffer): Promise<number> {
  const p = join(dir, `f-${Math.random().toString(36).slice(2)}.png`);
  writeFileSync(p, f);
  const raw = await ff(['-i', p, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  rmSync(p);
  return raw.reduce((s, v) => s + v, 0) / raw.length;
}

/** Brightness of every frame of the undamaged encode, as the sampler outputs it. */
let levels: number[] = [];

/** Each image mapped to the source frame of the nearest brightness. */
async function shown(frames: Buffer[]): Promise<number[]> {
  const out: number[] = [];
  for (const f of frames) {
    const m = await meanLuma(f);
    out.push(levels.reduce((best, v, k) => (Math.abs(v - m) < Math.abs(levels[best]! - m) ? k : best), 0));
  }
  return out;
}

/** How many frames ffmpeg itself gets out of a file (no select, no scaling). */
async function decodable(p: string): Promise<number> {
  const r = await runBinary(FFMPEG, [
    '-v',
    'quiet',
    '-i',
    p,
    '-map',
    '0:v:0',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-',
  ]);
  return Math.floor(r.stdout.length / (SIZE * SIZE));
}

type Damage = { kind: 'cut'; at: number } | { kind: 'zero'; at: number; len: number } | { kind: 'flip'; at: number[] };

function damage(bytes: Buffer, d: Damage): Buffer {
  const b = Buffer.from(bytes);
  if (d.kind === 'cut') return b.subarray(0, Math.floor(d.at * b.length));
  if (d.kind === 'zero') {
    const at = Math.floor(d.at * b.length);
    b.fill(0, at, Math.min(b.length, at + d.len));
    return b;
  }
  for (const a of d.at) {
    const i = Math.floor(a * b.length);
    b[i] = (b[i] ?? 0) ^ 0xff;
  }
  return b;
}

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
  fc.record({
    kind: fc.constant('zero' as const),
    at: fc.double({ min: 0, max: 0.999, noNaN: true }),
    len: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 12 }),
  }),
);

let n = 0;
for (const layout of ['faststart', 'moov-at-end'] as const) {
  test(`damaged copies (${layout}): a MediaError, or the planned frames, never padding`, async () => {
    const whole = await encode(`${layout}.mp4`, layout === 'faststart' ? ['-movflags', '+faststart'] : []);
    const planned = frameIndices(FRAMES, 8);
    const all = await sampleFrames(join(dir, `${layout}.mp4`), { ...cfg, nframes: FRAMES });
    levels = await Promise.all(all.frames.map(meanLuma));
    const clean = await sampleFrames(join(dir, `${layout}.mp4`), cfg);
    assert.deepEqual(await shown(clean.frames), planned, 'the undamaged encode shows its own frame numbers');
    const outcomes = { error: 0, whole: 0, short: 0 };
    await fc.assert(
      fc.asyncProperty(damageArb, async (d) => {
        const p = join(dir, `copy-${n++}.mp4`);
        writeFileSync(p, damage(whole, d));
        const can = await decodable(p);
        // Default: an error naming the file, or every planned frame, each the frame it claims.
        try {
          const s = await sampleFrames(p, cfg);
          assert.equal(s.short, null);
          assert.equal(s.frames.length, s.indices.length);
          assert.ok(s.frames.length <= can, `returned ${s.frames.length} frames, ffmpeg decodes ${can}`);
          if (d.kind === 'cut') assert.deepEqual(await shown(s.frames), s.indices);
          outcomes.whole++;
        } catch (e) {
          assert.ok(e instanceof MediaError, String(e));
          assert.equal(e.file, p);
          outcomes.error++;
        }
        // allowShort: at most what decodes, one index per frame, the shortfall stated.
        try {
          const s = await sampleFrames(p, cfg, { allowShort: true });
          assert.equal(s.frames.length, s.indices.length);
          assert.ok(s.frames.length <= can, `returned ${s.frames.length} frames, ffmpeg decodes ${can}`);
          assert.ok(new Set(s.indices).size === s.indices.length, 'no index twice');
          if (s.short) {
            assert.equal(s.short.decoded, s.frames.length);
            assert.ok(s.short.reason.length > 0);
            outcomes.short++;
          }
          if (d.kind === 'cut') assert.deepEqual(await shown(s.frames), s.indices);
        } catch (e) {
          assert.ok(e instanceof MediaError, String(e));
          assert.equal(e.file, p);
        }
        rmSync(p);
      }),
      { numRuns: 40, seed: layout === 'faststart' ? 20 : 21 },
    );
    assert.ok(outcomes.error > 0, JSON.stringify(outcomes));
    if (layout === 'faststart') assert.ok(outcomes.short > 0, JSON.stringify(outcomes));
  });
}
