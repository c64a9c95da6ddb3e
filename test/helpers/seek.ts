/** What the keyframe-seek tests share (keyframeSeek, matroskaSeek): a frame config, the index, the comparison. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { FrameConfig } from '../../src/core/types.js';
import { runBinary } from '../../src/media/ffmpeg.js';
import { sampleFrames, seekIndexOf } from '../../src/media/frameSampler.js';
import type { SeekIndex } from '../../src/media/keyframeSeek.js';
import { probeVideo } from '../../src/media/probe.js';

/** Qwen-style sampling, PNG frames (so equal bytes mean equal pixels), with `over` on top. */
export const seekCfg = (over: Partial<FrameConfig>): FrameConfig => ({
  minFrames: 4,
  maxFrames: 768,
  minPixels: 4 * 28 * 28,
  maxPixelsCap: 768 * 28 * 28,
  totalPixels: 24576 * 28 * 28,
  format: 'png',
  jpegQuality: 2,
  ...over,
});

/** The seek index of a file, failing the test when the file has none. */
export async function seekIndex(p: string): Promise<SeekIndex> {
  const ix = await seekIndexOf(p, await probeVideo(p));
  assert.ok(typeof ix !== 'string', String(ix));
  return ix;
}

/** Sampling `p` takes `method` (default the seek path) and gives the full decode's frames, byte for byte. */
export async function assertSameAsFullDecode(
  p: string,
  c: FrameConfig,
  method: 'seek' | 'full' = 'seek',
): Promise<void> {
  const fast = await sampleFrames(p, c);
  const full = await sampleFrames(p, c, { decode: 'full' });
  assert.equal(full.method, 'full');
  assert.equal(full.fallback, null);
  assert.equal(fast.method, method, `fallback: ${fast.fallback}`);
  assert.deepEqual(fast.indices, full.indices);
  assert.equal(fast.frames.length, full.frames.length);
  fast.frames.forEach((f, i) => assert.ok(f.equals(full.frames[i]!), `frame ${fast.indices[i]} differs`));
}

/** The bundled ffmpeg binary itself (not a wrapper a test may install through VREASON_FFMPEG). */
export const bundledFfmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/** Encode `seconds` of 128×96 30 fps testsrc2 to `path` with the codec arguments (and a filter); returns `path`. */
export async function encodeTestsrc(path: string, seconds: number, codec: string[], vf?: string): Promise<string> {
  const r = await runBinary(bundledFfmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=128x96:rate=30',
    '-t',
    String(seconds),
    ...(vf ? ['-vf', vf] : []),
    '-pix_fmt',
    'yuv420p',
    ...codec,
    path,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return path;
}
