import test from 'node:test';
import assert from 'node:assert/strict';
import { frameIndices, roundByFactor, smartNFrames, smartResize, videoMaxPixels } from '../../src/media/smartResize.js';

// [height, width, factor, minPixels, maxPixels, expected [h, w]], produced by running upstream
// qwen-vl-utils `smart_resize` (Python 3.11) on these inputs; the video maxPixels values are
// `fetch_video`'s budget with VIDEO_MIN_PIXELS 128*28*28, VIDEO_MAX_PIXELS 768*28*28 and
// VIDEO_TOTAL_PIXELS 24576*28*28.
const RESIZE: [number, number, number, number, number, [number, number]][] = [
  [240, 320, 28, 3136, 12845056, [252, 308]],
  [42, 42, 28, 3136, 12845056, [56, 56]],
  [70, 70, 28, 3136, 12845056, [56, 56]],
  [98, 126, 28, 3136, 12845056, [112, 112]],
  [14, 14, 28, 3136, 12845056, [56, 56]],
  [1080, 1920, 28, 3136, 12845056, [1092, 1932]],
  [1080, 1920, 28, 3136, 200704, [336, 588]],
  [2160, 3840, 28, 3136, 12845056, [2156, 3836]],
  [360, 640, 28, 100352, 602112, [364, 644]],
  [360, 640, 28, 100352, 105369, [224, 420]],
  [720, 1280, 28, 100352, 602112, [560, 1008]],
  [720, 1280, 28, 100352, 105369, [224, 420]],
  [1080, 1920, 28, 100352, 105369, [224, 420]],
  [1080, 1920, 28, 100352, 602112, [560, 1008]],
  [64, 64, 28, 100352, 602112, [336, 336]],
  [10, 2000, 28, 3136, 12845056, [28, 1988]],
  [10, 2000, 28, 3136, 50176, [28, 3164]],
  [3000, 15, 28, 3136, 12845056, [2996, 28]],
  [481, 853, 28, 3136, 100352, [224, 420]],
  [1000, 1000, 14, 784, 200704, [448, 448]],
  [333, 777, 28, 3136, 100000, [196, 476]],
  [28, 5600, 28, 3136, 3136, [28, 784]],
  [720, 1280, 28, 100352, 385351.68, [448, 812]],
  [360, 640, 28, 100352, 128450.56, [252, 476]],
];

test('smartResize matches the Python smart_resize', () => {
  for (const [h, w, factor, min, max, want] of RESIZE) {
    assert.deepEqual(smartResize(h, w, factor, min, max), want, `${h}x${w} factor ${factor} [${min}, ${max}]`);
  }
});

test('smartResize rejects aspect ratios beyond 200:1', () => {
  assert.throws(() => smartResize(10, 2010), /aspect ratio/);
  assert.deepEqual(smartResize(10, 2000), [28, 1988]);
});

test('roundByFactor rounds half to even like Python round()', () => {
  assert.equal(roundByFactor(42, 28), 56); // 1.5 → 2
  assert.equal(roundByFactor(70, 28), 56); // 2.5 → 2
  assert.equal(roundByFactor(98, 28), 112); // 3.5 → 4
  assert.equal(roundByFactor(5, 2), 4); // 2.5 → 2
});

// [nframes, expected budget] from the Python `fetch_video` expression (same constants as above).
const BUDGET: [number, number][] = [
  [2, 602112],
  [16, 602112],
  [48, 602112],
  [64, 602112],
  [100, 385351.68],
  [300, 128450.56],
  [768, 105369],
];

test("videoMaxPixels is fetch_video's per-frame budget", () => {
  const cfg = { minPixels: 128 * 28 * 28, maxPixels: 768 * 28 * 28, totalPixels: 24576 * 28 * 28 };
  for (const [n, want] of BUDGET) assert.equal(videoMaxPixels(cfg, n), want, `nframes ${n}`);
});

// [config, totalFrames, videoFps, expected], expected from the Python `smart_nframes`.
const NFRAMES: [{ nframes?: number; fps?: number; minFrames?: number; maxFrames?: number }, number, number, number][] =
  [
    [{ nframes: 16 }, 900, 30, 16],
    [{ nframes: 15 }, 900, 30, 16],
    [{ nframes: 17 }, 900, 30, 16],
    [{ nframes: 3 }, 900, 30, 4],
    [{ nframes: 5 }, 900, 30, 4],
    [{ fps: 2.0, minFrames: 4, maxFrames: 768 }, 900, 30.0, 60],
    [{ fps: 2.0, minFrames: 4, maxFrames: 768 }, 30, 10.0, 6],
    [{ fps: 1.0, minFrames: 4, maxFrames: 768 }, 107892, 29.97, 768],
    [{ fps: 2.0, minFrames: 4, maxFrames: 768 }, 107892, 29.97, 768],
    [{ fps: 2.0, minFrames: 3, maxFrames: 17 }, 900, 30.0, 16],
    [{ fps: 0.5, minFrames: 5, maxFrames: 768 }, 300, 25.0, 6],
    [{ fps: 2.0, minFrames: 4, maxFrames: 768 }, 3, 30.0, 2],
    [{ fps: 2.0, minFrames: 4, maxFrames: 768 }, 7, 24.0, 4],
    [{ fps: 2.0, minFrames: 4, maxFrames: 768 }, 1001, 23.976, 82],
    [{ fps: 3.3, minFrames: 4, maxFrames: 64 }, 5000, 59.94, 64],
    [{ fps: 0.25, minFrames: 4, maxFrames: 768 }, 5400, 30, 44],
  ];

test('smartNFrames matches the Python smart_nframes', () => {
  for (const [c, total, fps, want] of NFRAMES) {
    const cfg = { minFrames: 4, maxFrames: 768, ...c };
    assert.equal(smartNFrames(cfg, total, fps), want, `${JSON.stringify(c)} total ${total} fps ${fps}`);
  }
});

test('smartNFrames clamps where Python raises: fixed nframes on a short clip, or a 1-frame clip', () => {
  const fixed = { nframes: 16, minFrames: 4, maxFrames: 768 };
  assert.equal(smartNFrames(fixed, 10, 30), 10);
  assert.equal(smartNFrames(fixed, 9, 30), 8);
  assert.equal(smartNFrames(fixed, 2, 30), 2);
  assert.equal(smartNFrames(fixed, 1, 30), 1);
  assert.equal(smartNFrames({ fps: 2, minFrames: 4, maxFrames: 768 }, 1, 30), 1);
});

test('smartNFrames still rejects configurations that cannot give 2 frames', () => {
  assert.throws(
    () => smartNFrames({ nframes: 1, minFrames: 4, maxFrames: 768 }, 900, 30),
    /nframes should be in \[2, 900\]/,
  );
  assert.throws(() => smartNFrames({ fps: 2, minFrames: 4, maxFrames: 1 }, 900, 30), /nframes should be in/);
  assert.throws(
    () => smartNFrames({ nframes: 8, fps: 2, minFrames: 4, maxFrames: 768 }, 900, 30),
    /either nframes or fps/,
  );
  assert.throws(() => smartNFrames({ nframes: 8, minFrames: 4, maxFrames: 768 }, 0, 30), /no frames/);
});

type LinspaceCase = { total: number; n: number; full?: number[]; wsum?: number; spots?: [number, number][] };

// Produced by torch 2.13.0 (CPU, AVX-512 kernel) as
// `torch.linspace(0, total - 1, n).round().long()`: full results for n ≤ 16; for larger n the weighted
// sum Σ (i+1)·idx[i] plus spot values at the first, middle and last positions and wherever float32
// arithmetic makes torch differ from exact rounding or from a non-FMA float32 evaluation.
const LINSPACE: LinspaceCase[] = [
  { total: 1, n: 1, full: [0] },
  { total: 2, n: 2, full: [0, 1] },
  { total: 3, n: 2, full: [0, 2] },
  { total: 6, n: 3, full: [0, 2, 5] },
  { total: 5, n: 4, full: [0, 1, 3, 4] },
  { total: 10, n: 4, full: [0, 3, 6, 9] },
  { total: 11, n: 4, full: [0, 3, 7, 10] },
  { total: 8, n: 5, full: [0, 2, 4, 5, 7] },
  { total: 16, n: 16, full: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] },
  { total: 30, n: 4, full: [0, 10, 19, 29] },
  { total: 30, n: 16, full: [0, 2, 4, 6, 8, 10, 12, 14, 15, 17, 19, 21, 23, 25, 27, 29] },
  { total: 31, n: 16, full: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] },
  { total: 91, n: 10, full: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90] },
  { total: 100, n: 8, full: [0, 14, 28, 42, 57, 71, 85, 99] },
  { total: 101, n: 8, full: [0, 14, 29, 43, 57, 71, 86, 100] },
  {
    total: 300,
    n: 64,
    wsum: 414688,
    spots: [
      [0, 0],
      [32, 152],
      [63, 299],
    ],
  },
  {
    total: 301,
    n: 64,
    wsum: 415965,
    spots: [
      [0, 0],
      [32, 152],
      [63, 300],
    ],
  },
  {
    total: 1800,
    n: 64,
    wsum: 2494590,
    spots: [
      [0, 0],
      [32, 914],
      [63, 1799],
    ],
  },
  {
    total: 5400,
    n: 128,
    wsum: 29715886,
    spots: [
      [0, 0],
      [64, 2721],
      [127, 5399],
    ],
  },
  {
    total: 54000,
    n: 768,
    wsum: 10630459456,
    spots: [
      [0, 0],
      [384, 27035],
      [767, 53999],
    ],
  },
  {
    total: 107892,
    n: 768,
    wsum: 21239844805,
    spots: [
      [0, 0],
      [379, 53312],
      [382, 53734],
      [384, 54016],
      [767, 107891],
    ],
  },
  {
    total: 12545,
    n: 768,
    wsum: 2469462745,
    spots: [
      [0, 0],
      [384, 6280],
      [540, 8832],
      [767, 12544],
    ],
  },
  {
    total: 12619,
    n: 768,
    wsum: 2484030224,
    spots: [
      [0, 0],
      [384, 6317],
      [542, 8917],
      [767, 12618],
    ],
  },
  {
    total: 12989,
    n: 768,
    wsum: 2556870068,
    spots: [
      [0, 0],
      [384, 6502],
      [579, 9805],
      [767, 12988],
    ],
  },
  {
    total: 13211,
    n: 768,
    wsum: 2600574212,
    spots: [
      [0, 0],
      [384, 6614],
      [536, 9231],
      [767, 13210],
    ],
  },
  {
    total: 34745,
    n: 256,
    wsum: 761958014,
    spots: [
      [0, 0],
      [128, 17440],
      [253, 34472],
      [255, 34744],
    ],
  },
  {
    total: 65603,
    n: 128,
    wsum: 361073346,
    spots: [
      [0, 0],
      [64, 33059],
      [88, 45457],
      [127, 65602],
    ],
  },
  {
    total: 71153,
    n: 128,
    wsum: 391620414,
    spots: [
      [0, 0],
      [64, 35856],
      [125, 70032],
      [127, 71152],
    ],
  },
  {
    total: 136569,
    n: 64,
    wsum: 189374306,
    spots: [
      [0, 0],
      [32, 69368],
      [61, 132232],
      [63, 136568],
    ],
  },
  {
    total: 280869,
    n: 32,
    wsum: 98865550,
    spots: [
      [0, 0],
      [16, 144964],
      [29, 262748],
      [31, 280868],
    ],
  },
  {
    total: 290600,
    n: 32,
    wsum: 102290868,
    spots: [
      [0, 0],
      [16, 149987],
      [28, 262477],
      [31, 290599],
    ],
  },
];

test('frameIndices reproduces torch.linspace(...).round().long()', () => {
  for (const c of LINSPACE) {
    const got = frameIndices(c.total, c.n);
    const where = `total ${c.total}, n ${c.n}`;
    assert.equal(got.length, c.n, where);
    if (c.full) assert.deepEqual(got, c.full, where);
    if (c.wsum !== undefined)
      assert.equal(
        got.reduce((s, v, i) => s + (i + 1) * v, 0),
        c.wsum,
        where,
      );
    for (const [i, v] of c.spots ?? []) assert.equal(got[i], v, `${where}, position ${i}`);
  }
});

test('frameIndices are strictly increasing and span the video when n ≤ total', () => {
  for (const [total, n] of [
    [2, 2],
    [7, 6],
    [901, 60],
    [54000, 768],
    [768, 768],
  ] as const) {
    const idx = frameIndices(total, n);
    assert.equal(idx[0], 0);
    assert.equal(idx.at(-1), total - 1);
    for (let i = 1; i < idx.length; i++) assert.ok(idx[i]! > idx[i - 1]!, `total ${total}, n ${n}, position ${i}`);
  }
});
