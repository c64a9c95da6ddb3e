/**
 * Differential test against the reference: test/fixtures/qwen-vision/cases.json holds outputs of
 * the size and frame-count rules of two `vision_process.py` files (upstream Qwen2.5-VL's
 * qwen-vl-utils, and Video-R1's copy with its own constants), computed by running those files'
 * code (test/fixtures/qwen-vision/make_cases.py says how). Every case must come out the same here,
 * except two documented divergences: a side the reference floors to 0 is 28 here, and where
 * smart_nframes raises for a clip too short for the rule we take the largest even count ≤ total.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MediaError } from '../../src/core/errors.js';
import type { FrameConfig } from '../../src/core/types.js';
import { planSampling, QWEN_VL_FRAMES } from '../../src/media/frameSampler.js';
import { imageResize, smartNFrames } from '../../src/media/smartResize.js';
import { VIDEO_R1_FRAMES } from '../../src/tasks/videor1/task.js';

type Out = [number, number] | { error: string };
interface Profile {
  constants: Record<string, number>;
  video: [number, number, number, number | null, number | null, number | null, Out][];
  image: [number, number, number | null, number | null, Out][];
  nframes: [
    { nframes?: number; fps?: number; min_frames?: number; max_frames?: number },
    number,
    number,
    number | Out,
  ][];
}

const CASES = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/qwen-vision/cases.json');
const data = JSON.parse(readFileSync(CASES, 'utf8')) as { profiles: Record<string, Profile> };
const BASES: Record<string, FrameConfig> = {
  qwen25vl: QWEN_VL_FRAMES,
  videor1: { ...VIDEO_R1_FRAMES, fps: undefined },
};

/** A reference side of 0 (its shrink branch floors without a lower bound) is one factor here. */
const expectSize = (o: [number, number]): [number, number] => [Math.max(28, o[0]), Math.max(28, o[1])];

test('the fixture covers both references and the sizes the issue names', () => {
  assert.deepEqual(Object.keys(data.profiles).sort(), ['qwen25vl', 'videor1']);
  const img = (p: string): Out | undefined =>
    data.profiles[p]!.image.find((c) => c[0] === 360 && c[1] === 640 && c[2] === null && c[3] === null)?.[4];
  assert.deepEqual(img('videor1'), [336, 588]);
  assert.deepEqual(img('qwen25vl'), [364, 644]);
});

for (const [name, prof] of Object.entries(data.profiles)) {
  const base = BASES[name]!;

  test(`${name}: our defaults are the reference's constants`, () => {
    const c = prof.constants;
    assert.equal(base.minPixels, c.VIDEO_MIN_PIXELS);
    assert.equal(base.maxPixelsCap, c.VIDEO_MAX_PIXELS);
    assert.equal(base.maxPixels, undefined);
    assert.equal(base.totalPixels, c.VIDEO_TOTAL_PIXELS);
    assert.equal(base.imageMinPixels, c.MIN_PIXELS);
    assert.equal(base.imageMaxPixels, c.MAX_PIXELS);
    assert.equal(base.minFrames, c.FPS_MIN_FRAMES);
    assert.equal(base.maxFrames, c.FPS_MAX_FRAMES);
  });

  test(`${name}: video frame sizes match fetch_video on ${prof.video.length} cases`, () => {
    let compared = 0;
    for (const [h, w, n, mn, mx, tot, want] of prof.video) {
      const cfg: FrameConfig = {
        ...base,
        nframes: n,
        fps: undefined,
        minPixels: mn ?? base.minPixels,
        maxPixels: mx ?? undefined,
        totalPixels: tot ?? base.totalPixels,
      };
      const info = {
        width: w,
        height: h,
        fps: 30,
        nbFrames: 10_000,
        durationSec: 333,
        codec: 'avc1',
        container: 'mp4',
      };
      const label = `${w}x${h} n=${n} min=${mn} max=${mx} total=${tot}`;
      if (!Array.isArray(want)) {
        assert.throws(
          () => planSampling(info, cfg, 'v.mp4'),
          (e: unknown) => e instanceof MediaError,
          label,
        );
        continue;
      }
      const plan = planSampling(info, cfg, 'v.mp4');
      assert.equal(plan.indices.length, n, label);
      assert.deepEqual([plan.height, plan.width], expectSize(want), label);
      compared++;
    }
    assert.ok(compared > 6000, `compared ${compared}`);
  });

  test(`${name}: image sizes match fetch_image on ${prof.image.length} cases`, () => {
    for (const [h, w, mn, mx, want] of prof.image) {
      const cfg = { imageMinPixels: mn ?? base.imageMinPixels, imageMaxPixels: mx ?? base.imageMaxPixels };
      const label = `${w}x${h} min=${mn} max=${mx}`;
      if (!Array.isArray(want)) assert.throws(() => imageResize(h, w, cfg), RangeError, label);
      else assert.deepEqual(imageResize(h, w, cfg), expectSize(want), label);
    }
  });

  test(`${name}: frame counts match smart_nframes on ${prof.nframes.length} cases`, () => {
    let raised = 0;
    for (const [rule, total, fps, want] of prof.nframes) {
      const cfg = {
        nframes: rule.nframes,
        fps: rule.fps,
        minFrames: rule.min_frames ?? base.minFrames,
        maxFrames: rule.max_frames ?? base.maxFrames,
      };
      const label = `${JSON.stringify(rule)} total=${total} fps=${fps}`;
      if (typeof want === 'number') {
        assert.equal(smartNFrames(cfg, total, fps), want, label);
        continue;
      }
      raised++;
      // The reference raises; we either refuse too or take the documented clamp for short clips.
      let got: number | null = null;
      try {
        got = smartNFrames(cfg, total, fps);
      } catch (e) {
        assert.ok(e instanceof RangeError, label);
      }
      if (got !== null) {
        assert.ok(got <= total, label);
        assert.ok(total < 2 ? got === 1 : got >= 2 && got % 2 === 0, `${label}: ${got}`);
      } else assert.ok(rule.nframes === 1 || total >= 2, label);
    }
    assert.ok(raised > 0);
  });
}
