/**
 * The synthetic world end to end with real ffmpeg and real mp4s: determinism of files and frames,
 * legibility of decoded frames, both loaders, the oracle through the real evaluators (Video-MMMU
 * `evaluate` and Video-R1 `evaluateSuite`) and the CLI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { loadVideoMMMU } from '../../src/tasks/videommmu/data.js';
import { loadVideoR1 } from '../../src/tasks/videor1/data.js';
import { resolveFrames, VIDEO_R1_FRAMES } from '../../src/eval/config.js';
import { evaluateVideoMMMU, evaluateSuite } from '../helpers/evalOptions.js';
import { prepareVisuals } from '../../src/eval/visuals.js';
import { locateFfmpeg, runBinary } from '../../src/media/ffmpeg.js';
import { INK, PAPER } from '../../src/synth/canvas.js';
import { leakage } from '../../src/synth/guessers.js';
import { HEADER_H } from '../../src/synth/lecture.js';
import { oracleLecture, oracleR1 } from '../../src/synth/oracle.js';
import { DEFAULT_CONFIG, type UnitSpec } from '../../src/synth/plan.js';
import { renderLecture } from '../../src/synth/render.js';
import { writeSynth, type SynthResult } from '../../src/synth/write.js';
import { planVideoR1 } from '../../src/tasks/videor1/task.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { startScriptedServer, type SeenRequest } from '../helpers/scriptedServer.js';

const run = promisify(execFile);
const CONFIG = {
  ...DEFAULT_CONFIG,
  seed: 11,
  videos: 10,
  ratios: [0.4, 0.2, 0.4] as [number, number, number],
  jobs: 2,
};

let dir: string;
let first: SynthResult;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-synth-'));
  first = await writeSynth({ ...CONFIG, out: join(dir, 'a') });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Relative path → sha256 of every file under a folder. */
function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

const unitsOf = (out: string): UnitSpec[] =>
  readFileSync(join(out, 'meta', 'units.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as UnitSpec);

test('same seed → byte-identical indexes, card, PNGs and mp4s; another seed → different data', async () => {
  await writeSynth({ ...CONFIG, out: join(dir, 'b'), jobs: 1 });
  const a = tree(join(dir, 'a'));
  const b = tree(join(dir, 'b'));
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [k, h] of a) assert.equal(b.get(k), h, k);
  for (const must of [
    'card.json',
    'card.md',
    'meta/units.jsonl',
    'videommmu/test/Adaptation.jsonl',
    'videor1/test/eval_synth.json',
    'videor1/train/cot_synth.jsonl',
  ])
    assert.ok(a.has(must), must);
  assert.equal(
    [...a.keys()].filter((k) => k.endsWith('.mp4')).length,
    first.mp4s + CONFIG.videos,
    'lecture, question-only, clip per video (+ the Video-R1 link)',
  );
  const other = await writeSynth({ ...CONFIG, seed: 12, out: join(dir, 'c') });
  assert.notEqual(tree(join(dir, 'c')).get('meta/units.jsonl'), a.get('meta/units.jsonl'));
  assert.equal(other.videos, CONFIG.videos);
});

/** Decode one frame of a video to rgb24 with ffmpeg. */
async function decodeFrame(path: string, n: number, w: number, h: number): Promise<Buffer> {
  const r = await runBinary(locateFfmpeg().ffmpeg, [
    '-v',
    'error',
    '-i',
    path,
    '-vf',
    `select=eq(n\\,${n})`,
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, w * h * 3);
  return r.stdout;
}

test('decoded frames are legible: the glyphs drawn are dark in the mp4, the paper light', async () => {
  const { width: w, height: h } = first.plan.config;
  for (const u of first.plan.units.slice(0, 3)) {
    const frames = renderLecture(u, first.plan.config);
    for (const n of [0, frames.length - 1]) {
      const want = frames[n]!;
      const got = await decodeFrame(join(dir, 'a', 'videommmu', u.split, u.discipline, `${u.id}.mp4`), n, w, h);
      let ink = 0;
      let inkHit = 0;
      let paper = 0;
      let paperHit = 0;
      for (let y = HEADER_H + 1; y < h; y++)
        for (let x = 0; x < w; x++) {
          const i = (y * w + x) * 3;
          const luma = 0.299 * got[i]! + 0.587 * got[i + 1]! + 0.114 * got[i + 2]!;
          const px = want.get(x, y);
          if (px.join() === INK.join()) {
            ink++;
            if (luma < 110) inkHit++;
          } else if (px.join() === PAPER.join()) {
            paper++;
            if (luma > 170) paperHit++;
          }
        }
      assert.ok(ink > 150, `${u.id} frame ${n}: ${ink} ink pixels drawn`);
      assert.ok(inkHit / ink > 0.9, `${u.id} frame ${n}: only ${inkHit}/${ink} glyph pixels dark after decoding`);
      assert.ok(paperHit / paper > 0.97, `${u.id} frame ${n}: only ${paperHit}/${paper} paper pixels light`);
    }
  }
});

test('both loaders read the output unchanged: every row valid, every video, quiz image and clip present', async () => {
  for (const split of ['train', 'validation', 'test'] as const) {
    const units = first.plan.units.filter((u) => u.split === split);
    const ds = await loadVideoMMMU(join(dir, 'a', 'videommmu', split));
    assert.deepEqual(ds.errors, []);
    assert.deepEqual(ds.missingTracks, []);
    assert.equal(ds.items.length, 3 * units.length);
    for (const it of ds.items) {
      assert.ok(statSync(it.videoPath).size > 0, it.videoPath);
      assert.ok(it.questionOnlyPath, `${it.id} question-only clip`);
      if (it.track === 'Adaptation') assert.ok(it.image?.path && statSync(it.image.path).size > 0);
    }
    const r1 = await loadVideoR1(join(dir, 'a', 'videor1', split, 'eval_synth.json'));
    assert.deepEqual(r1.errors, []);
    assert.equal(r1.items.length, first.card.videor1.by_split[split]);
    for (const it of r1.items) assert.ok(statSync(it.path).size > 0, it.path);
    const cot = await loadVideoR1(join(dir, 'a', 'videor1', split, 'cot_synth.jsonl'));
    assert.deepEqual(cot.errors, []);
    assert.equal(cot.items.length, r1.items.length, 'every chain of thought passed the reward filter');
    assert.ok(cot.items.every((i) => i.process?.startsWith('<think>') && i.process.endsWith('</think>')));
  }
  assert.equal(first.card.videor1.cot.kept, first.card.videor1.cot.total);
});

test(
  'Video-MMMU: the oracle scores 100% on every track through evaluateVideoMMMU(); without the video ' +
    'it is near chance',
  async () => {
    const root = join(dir, 'a', 'videommmu', 'test');
    const units = unitsOf(join(dir, 'a')).filter((u) => u.split === 'test');
    const questions = units.flatMap((u) => u.questions.map((q) => ({ u, q })));
    const server = await startScriptedServer((r: SeenRequest) => {
      const hits = questions.filter(({ q }) => r.prompt.includes(q.question));
      assert.equal(hits.length, 1, `the prompt names exactly one question: ${r.prompt.slice(0, 80)}`);
      const { u, q } = hits[0]!;
      // Without the video the oracle has no rule: it answers like the best question-only guesser can.
      if (r.condition === 'before') return { text: q.questionType === 'multiple-choice' ? 'A' : '0' };
      return { text: oracleLecture(u, q) };
    });
    try {
      const { results } = await evaluateVideoMMMU(evalOptions(root, join(dir, 'run-mmmu'), server.url));
      assert.equal(results.counts.errored, 0);
      for (const t of ['Perception', 'Comprehension', 'Adaptation']) assert.equal(results.tracks[t]!.accuracy, 1, t);
      assert.equal(results.overall.accuracy, 1);
      assert.equal(results.overall.n, 3 * units.length);
      assert.ok((results.before!.accuracy ?? 1) < 0.5, `before ${results.before!.accuracy}`);
      assert.ok(
        server.requests.some((r) => r.condition === 'before' && r.videos + r.images > 0),
        'the before condition saw the question-only clip',
      );
      const written = JSON.parse(readFileSync(join(dir, 'run-mmmu', 'results.json'), 'utf8')) as {
        tracks: Record<string, { accuracy: number }>;
      };
      assert.equal(written.tracks.Adaptation!.accuracy, 1);
    } finally {
      await server.close();
    }
  },
);

test('Video-R1: the oracle scores 1 on every problem type through evaluateSuite on eval_synth.json', async () => {
  const folder = join(dir, 'a', 'videor1', 'test');
  const units = unitsOf(join(dir, 'a')).filter((u) => u.split === 'test');
  const opts = evalOptions(folder, join(dir, 'run-r1'), '', { tasks: ['synth'] });
  // The oracle recognises the clip or image it is shown (the frames the evaluator sends), then reads its script.
  const data = await loadVideoR1(join(folder, 'eval_synth.json'));
  const frames = resolveFrames(VIDEO_R1_FRAMES, opts.frames);
  const byKey = new Map<string, string>();
  for (const unit of planVideoR1(data.items, { benchmark: 'synth', prompt: 'think', probe: false, seed: 0 })) {
    const v = await prepareVisuals(unit.visual, frames, 'frames');
    const key = `${v.visuals.map((p) => createHash('sha1').update(p.data).digest('hex')).join()}|${unit.itemId}`;
    byKey.set(key, unit.itemId);
  }
  const server = await startScriptedServer((r: SeenRequest) => {
    const content = (r.body.messages as { content: { type: string; image_url?: { url: string } }[] }[])[0]!.content;
    const seen = content
      .filter((p) => p.type === 'image_url')
      .map((p) =>
        createHash('sha1')
          .update(Buffer.from(p.image_url!.url.split(',')[1]!, 'base64'))
          .digest('hex'),
      );
    const candidates = data.items.filter(
      (it) => r.prompt.startsWith(it.problem) && byKey.has(`${seen.join()}|${it.id}`),
    );
    assert.equal(candidates.length, 1, `one item matches: ${r.prompt.slice(0, 60)}`);
    const pid = Number(candidates[0]!.id);
    const unit = units.find((u) => [...u.questions, ...u.clipItems, ...u.sceneItems].some((q) => q.problemId === pid))!;
    return { text: `<think>From the metadata.</think><answer>${oracleR1(unit, pid)}</answer>` };
  });
  try {
    const { results } = await evaluateSuite({ ...opts, model: { ...opts.model, baseUrl: server.url } });
    const b = results.benchmarks.synth!;
    assert.equal(b.counts.errored, 0);
    assert.equal(b.score.n, data.items.length);
    assert.equal(b.score.mean, 1);
    assert.deepEqual(Object.keys(b.by_problem_type).sort(), [
      'OCR',
      'free-form',
      'multiple choice',
      'numerical',
      'regression',
    ]);
    for (const [t, s] of Object.entries(b.by_problem_type)) assert.equal(s.mean, 1, t);
    assert.equal(b.by_data_type.image!.mean, 1);
  } finally {
    await server.close();
  }
});

test('card: counts add up, letters balanced, baselines and question-only guessers reported', () => {
  const c = JSON.parse(readFileSync(join(dir, 'a', 'card.json'), 'utf8')) as typeof first.card;
  assert.equal(c.videos.total, CONFIG.videos);
  assert.equal(
    Object.values(c.videos.by_family).reduce((a, b) => a + b, 0),
    CONFIG.videos,
  );
  assert.equal(c.videommmu.questions, 3 * CONFIG.videos);
  assert.ok(c.videommmu.baselines.Adaptation!.random! > 0);
  const mc = first.plan.units
    .flatMap((u) => u.questions)
    .filter((q) => q.track === 'Adaptation' && q.questionType === 'multiple-choice');
  assert.deepEqual(
    c.videommmu.adaptation_question_only.multiple_choice,
    leakage(mc.map((q) => ({ question: q.question, options: q.options, answer: q.answer }))),
  );
  const md = readFileSync(join(dir, 'a', 'card.md'), 'utf8');
  assert.match(md, /Answer-letter balance/);
  assert.match(md, /Adaptation without the video/);
  assert.match(md, /\| operator \| 2 \|/);
});

test('CLI: vreason data synth writes both formats with progress, and a re-run reproduces the indexes', async () => {
  const out = join(dir, 'cli');
  const args = [
    'dist/src/cli/main.js',
    'data',
    'synth',
    '--out',
    out,
    '--videos',
    '5',
    '--seed',
    '3',
    '--split-ratios',
    '3,1,1',
    '--json',
  ];
  const r1 = await run(process.execPath, args);
  const s = JSON.parse(r1.stdout) as { videos: number; splits: Record<string, number>; videos_per_s: number };
  assert.equal(s.videos, 5);
  assert.deepEqual(s.splits, { train: 3, validation: 1, test: 1 });
  assert.match(r1.stderr, /synth 5\/5 \(100\.0%\) [\d.]+ videos\/s ETA/);
  const index = (t: Map<string, string>): [string, string][] => [...t].filter(([k]) => /\.(jsonl?|md)$/.test(k)).sort();
  const before = index(tree(out));
  await run(process.execPath, args);
  assert.deepEqual(index(tree(out)), before);
  await assert.rejects(
    run(process.execPath, [...args.slice(0, 5), '--split-ratios', '1,2']),
    (e: { code: number; stderr: string }) => e.code === 2 && /split-ratios/.test(e.stderr),
  );
});
