import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { loadCheckpoint } from '../../src/nn/checkpoint.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';
import { DEFAULT_CONFIG } from '../../src/synth/plan.js';
import { writeSynth } from '../../src/synth/write.js';
import { cosineLr } from '../../src/train/schedule.js';
import { batchIndices, frameSimilarity, scoreAnswer, trainSft, type SftOptions } from '../../src/train/sft.js';
import { loadReadingSplit, loadSftSplit } from '../../src/train/sftData.js';
import { prepareVisuals } from '../../src/eval/visuals.js';
import { pickFrames } from '../../src/clients/frames.js';
import type { SynthConfig, UnitSpec as SynthUnit } from '../../src/synth/plan.js';
import { lectureTranscripts } from '../../src/synth/transcript.js';
import { readingUnits, scoreReading } from '../../src/train/sources/reading.js';

const tok = new ByteTokenizer();
const MODEL: ModelConfig = {
  vocabSize: tok.vocabSize,
  dModel: 32,
  nHeads: 2,
  nLayers: 1,
  dMlp: 64,
  maxLen: 1536,
  encoder: { imageSize: 32, imageHeight: 24, patchSize: 8, channels: 3, maxFrames: 9, nLayers: 1 },
};

let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-sft-'));
  await writeSynth({ ...DEFAULT_CONFIG, seed: 9, videos: 5, ratios: [0.6, 0.4, 0], jobs: 2, out: join(dir, 'synth') });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const options = (out: string, extra: Partial<SftOptions> = {}): SftOptions => ({
  data: join(dir, 'synth'),
  out,
  model: MODEL,
  trainSplit: 'train',
  valSplit: 'validation',
  steps: 4,
  batchSize: 2,
  lr: 3e-3,
  minLr: 3e-4,
  warmup: 1,
  weightDecay: 0.01,
  gradClip: 1,
  evalEvery: 2,
  evalLossSamples: 4,
  evalGenSamples: 2,
  saveEvery: 1,
  seed: 3,
  ...extra,
});

const logLines = (out: string): Record<string, unknown>[] =>
  readFileSync(join(out, 'train.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test(
  'examples: the evaluator prompt, then only answer tokens as targets; Video-R1 targets are the annotated ' +
    'chain of thought',
  async () => {
    const ex = await loadSftSplit(join(dir, 'synth'), 'validation', tok, MODEL.encoder!, join(dir, 'cache'));
    const vm = ex.filter((e) => e.scorer === 'videommmu');
    const r1 = ex.filter((e) => e.scorer === 'videor1');
    assert.ok(vm.length && r1.length);
    for (const e of ex) {
      assert.equal(e.tokens[0], tok.bos);
      assert.equal(e.tokens[e.promptLen - 1], tok.eos);
      assert.equal(e.tokens.at(-1), tok.eos);
      // The gold answer, scored by the evaluator's own scorer, is right.
      assert.equal(scoreAnswer(e, tok.decode(e.tokens.slice(e.promptLen))), 1, e.id);
    }
    // Adaptation items see 8 lecture frames and the quiz image; 3 × 24 × 32 bytes per frame.
    const adapt = vm.find((e) => e.group === 'Adaptation')!;
    assert.equal(adapt.frameCount, 9);
    assert.equal(adapt.frames!.length, 9 * 3 * 24 * 32);
    assert.match(
      tok.decode(r1[0]!.tokens.slice(r1[0]!.promptLen)),
      /^<think>[\s\S]*<\/think>\n<answer>[\s\S]*<\/answer>$/,
    );
    // Cached: the second load reads the same bytes back.
    const again = await loadSftSplit(join(dir, 'synth'), 'validation', tok, MODEL.encoder!, join(dir, 'cache'));
    assert.deepEqual(
      again.map((e) => [...e.frames!.subarray(0, 64)]),
      ex.map((e) => [...e.frames!.subarray(0, 64)]),
    );
  },
);

test('cosine schedule with warmup; batches cover every example once per epoch', () => {
  const o = { peak: 1, min: 0.1, warmup: 10, total: 110 };
  assert.equal(cosineLr(5, o), 0.5);
  assert.equal(cosineLr(10, o), 1);
  assert.ok(Math.abs(cosineLr(60, o) - 0.55) < 1e-12);
  assert.ok(Math.abs(cosineLr(110, o) - 0.1) < 1e-12);
  const epoch = Array.from({ length: 5 }, (_, s) => batchIndices(s + 1, 3, 15, 7)).flat();
  assert.deepEqual(
    [...epoch].sort((a, b) => a - b),
    Array.from({ length: 15 }, (_, i) => i),
  );
  assert.notDeepEqual(
    epoch,
    Array.from({ length: 15 }, (_, i) => i),
  );
  assert.deepEqual(batchIndices(4, 3, 15, 7), epoch.slice(9, 12));
});

test(
  'a run stopped and resumed from its checkpoint ends with the same weights and log as an ' + 'uninterrupted one',
  async () => {
    const straight = join(dir, 'straight');
    const resumed = join(dir, 'resumed');
    const a = await trainSft(options(straight));
    assert.equal(a.step, 4);
    const half = await trainSft(options(resumed, { stopAfter: 2 }));
    assert.equal(half.step, 2);
    assert.equal(loadCheckpoint(join(resumed, 'checkpoint')).train?.step, 2);
    const b = await trainSft(options(resumed));
    assert.equal(b.step, 4);
    const wa = loadCheckpoint(a.checkpoint);
    const wb = loadCheckpoint(b.checkpoint);
    for (const [k, p] of wa.model.params) assert.deepEqual(wb.model.params.get(k)!.data, p.data, k);
    assert.deepEqual(wb.train!.optimizer.m, wa.train!.optimizer.m);
    const strip = (lines: Record<string, unknown>[]) => lines.map(({ tokens_per_s: _t, ...rest }) => rest);
    assert.deepEqual(strip(logLines(resumed)), strip(logLines(straight)));
    // Log format: a line per step, eval lines at the eval steps (and the last).
    const lines = logLines(straight);
    assert.deepEqual(
      lines.filter((l) => !('eval' in l)).map((l) => l.step),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      lines.filter((l) => 'eval' in l).map((l) => l.step),
      [2, 4],
    );
    for (const l of lines.filter((x) => !('eval' in x)))
      for (const k of ['loss', 'lr', 'tokens_per_s', 'grad_norm']) assert.equal(typeof l[k], 'number', k);
    const ev = lines.find((l) => 'eval' in l)!.eval as Record<string, number>;
    for (const k of ['loss', 'accuracy', 'format', 'n']) assert.equal(typeof ev[k], 'number', k);
    // The first step's lr is warmup's, and the validation loss (same examples each time) went down.
    assert.equal(lines[0]!.lr, 3e-3);
    const evals = lines.filter((l) => 'eval' in l).map((l) => (l.eval as Record<string, number>).loss!);
    assert.ok(evals[1]! < evals[0]!, `validation loss ${evals.join(' → ')}`);
  },
);

test('resuming with other options is refused', async () => {
  const out = join(dir, 'other');
  await trainSft(options(out, { steps: 1, evalEvery: 0 }));
  await assert.rejects(trainSft(options(out, { steps: 1, evalEvery: 0, lr: 1e-2 })), UsageError);
});

test(
  'reading examples: two per lecture, line k is the transcript of the k-th frame the model sees (real ' +
    'ffmpeg sampling)',
  async () => {
    const synth = join(dir, 'synth');
    const units = readFileSync(join(synth, 'meta', 'units.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SynthUnit);
    const config = (JSON.parse(readFileSync(join(synth, 'card.json'), 'utf8')) as { config: SynthConfig }).config;
    const train = units.filter((u) => u.split === 'train');
    const reading = readingUnits(synth, 'train', MODEL.encoder!.maxFrames);
    assert.equal(reading.length, 2 * train.length);
    for (const r of reading) {
      const u = train.find((x) => r.unit.itemId.startsWith(`${x.id}#`))!;
      const sampled = await prepareVisuals(r.unit.visual, r.frameCfg, 'frames');
      const indices = sampled.frames!.indices;
      const seen = pickFrames(indices.length, MODEL.encoder!.maxFrames).map((i) => indices[i]!);
      const transcripts = lectureTranscripts(u, config);
      assert.deepEqual(
        (r.unit.facts as { lines: string[] }).lines,
        seen.map((f) => transcripts[f]!),
        r.unit.itemId,
      );
      assert.equal(r.answer.split('\n').length, seen.length);
      // The target scores 1; one wrong frame costs exactly its share.
      assert.equal(scoreReading(r.unit.facts, r.answer), 1);
      const lines = r.answer.split('\n');
      lines[1] = '2: SOMETHING ELSE';
      assert.equal(scoreReading(r.unit.facts, lines.join('\n')), (seen.length - 1) / seen.length);
      assert.equal(scoreReading(r.unit.facts, 'I cannot read it'), 0);
    }
    assert.throws(() => readingUnits(join(dir, 'synth', 'videommmu'), 'train', 9), UsageError);
  },
);

test(
  'mix reading: the task joins the training pool and its transcription accuracy is logged at ' + 'each evaluation',
  async () => {
    const out = join(dir, 'reading');
    const r = await trainSft(options(out, { steps: 2, evalEvery: 2, mix: { lectures: 1, reading: 2 } }));
    assert.equal(r.step, 2);
    const ev = logLines(out).find((l) => 'eval' in l)!.eval as Record<string, number>;
    assert.equal(typeof ev.reading, 'number');
    assert.ok(ev.reading! >= 0 && ev.reading! <= 1);
    // The prepared examples hold the reading task's frames: 8 or 9 frames per example.
    const ex = await loadReadingSplit(
      join(dir, 'synth'),
      'validation',
      loadCheckpoint(r.checkpoint).tokenizer,
      MODEL.encoder!,
      join(out, 'data'),
    );
    assert.ok(
      ex.length > 0 &&
        ex.every((e) => e.scorer === 'reading' && e.frameCount >= 8 && e.frames!.length === e.frameCount * 3 * 24 * 32),
    );
    assert.equal(typeof ev.frame_similarity, 'number');
  },
);

test(
  'frame similarity: 1 for an encoder blind to the pixels, well below 1 for a fresh one on ' + 'standardised frames',
  async () => {
    const ex = await loadSftSplit(join(dir, 'synth'), 'validation', tok, MODEL.encoder!, join(dir, 'cache'));
    const fresh = new VideoLM({ ...MODEL, encoder: { ...MODEL.encoder!, normalize: 'frame' } }, 1);
    const s = frameSimilarity(fresh, ex)!;
    assert.ok(s < 0.9, `fresh: ${s}`);
    // Zero patch projection: every clip's frame tokens are the position embeddings alone.
    const blind = new VideoLM({ ...MODEL, encoder: { ...MODEL.encoder!, normalize: 'frame' } }, 1);
    blind.p('enc.patch.weight').data.fill(0);
    assert.ok(Math.abs(frameSimilarity(blind, ex)! - 1) < 1e-5);
  },
);

test('--vm-chains: Video-MMMU targets reason, then name the option; the evaluator scores them 1', async () => {
  const ex = await loadSftSplit(
    join(dir, 'synth'),
    'validation',
    tok,
    MODEL.encoder!,
    join(dir, 'cache-chains'),
    undefined,
    { vmChains: true },
  );
  const vm = ex.filter((e) => e.scorer === 'videommmu');
  assert.ok(vm.length >= 3);
  for (const e of vm) {
    const target = tok.decode(e.tokens.slice(e.promptLen, -1));
    assert.match(target, /^<think>[\s\S]+<\/think>\nAnswer: \S/);
    assert.equal(scoreAnswer(e, target), 1, target);
  }
  // Without the generator's meta there is nothing to reason from: a clear error, not bare answers.
  const bare = join(dir, 'no-meta');
  mkdirSync(bare);
  for (const d of ['videommmu', 'videor1']) symlinkSync(join(dir, 'synth', d), join(bare, d));
  await assert.rejects(
    loadSftSplit(bare, 'validation', tok, MODEL.encoder!, join(dir, 'cache-x'), undefined, { vmChains: true }),
    /meta\/units\.jsonl/,
  );
});

test('mix drills: text-only drill examples join the training pool', async () => {
  const out = join(dir, 'drills');
  const lines: string[] = [];
  const r = await trainSft(
    options(out, {
      steps: 2,
      evalEvery: 2,
      mix: { lectures: 1, drills: 3 },
      vmChains: true,
      log: (l) => lines.push(l),
    }),
  );
  assert.equal(r.step, 2);
  assert.ok(
    lines.some((l) => /\(lectures \d+, drills \d+\)/.test(l)),
    lines.join('\n'),
  );
  const cached = JSON.parse(readFileSync(join(out, 'data', 'drills.json'), 'utf8')) as {
    examples: { bytes: number; frameCount: number; scorer: string }[];
  };
  assert.ok(cached.examples.length >= 9 + 6);
  assert.ok(cached.examples.every((e) => e.bytes === 0 && e.frameCount === 0));
});

test(
  'copy drills join the pool; a decoder with rope and previous-token features trains, saves ' + 'and reloads them',
  async () => {
    const out = join(dir, 'copy');
    const lines: string[] = [];
    const model = { ...MODEL, rope: true, prevTokens: 2 };
    const r = await trainSft(
      options(out, {
        steps: 2,
        evalEvery: 2,
        mix: { lectures: 1, 'copy-drills': 12 },
        model,
        log: (l) => lines.push(l),
      }),
    );
    assert.equal(r.step, 2);
    assert.ok(
      lines.some((l) => /copy-drills 12\)/.test(l)),
      lines.join('\n'),
    );
    const cached = JSON.parse(readFileSync(join(out, 'data', 'copy-drills.json'), 'utf8')) as {
      examples: { bytes: number }[];
    };
    assert.equal(cached.examples.length, 12);
    const loaded = loadCheckpoint(r.checkpoint);
    assert.equal(loaded.model.config.rope, true);
    assert.equal(loaded.model.config.prevTokens, 2);
    assert.ok(loaded.model.params.has('prev2.weight'));
  },
);

test(
  'quiz, slide and arithmetic drills join the pool: images decoded to one frame each, ' + 'equations text only',
  async () => {
    const out = join(dir, 'quiz-arith');
    const lines: string[] = [];
    const r = await trainSft(
      options(out, {
        steps: 2,
        evalEvery: 0,
        mix: { lectures: 1, 'quiz-drills': 6, 'slide-drills': 4, 'arith-drills': 10 },
        log: (l) => lines.push(l),
      }),
    );
    assert.equal(r.step, 2);
    assert.ok(
      lines.some((l) => /quiz-drills 6, slide-drills 4, arith-drills 10\)/.test(l)),
      lines.join('\n'),
    );
    const read = (name: string) =>
      (
        JSON.parse(readFileSync(join(out, 'data', `${name}.json`), 'utf8')) as {
          examples: { bytes: number; frameCount: number; group: string }[];
        }
      ).examples;
    const quiz = read('quiz-drills');
    assert.equal(quiz.length, 6);
    assert.ok(quiz.every((e) => e.frameCount === 1 && e.bytes === 3 * 32 * 24 && e.group === 'quiz'));
    const slides = read('slide-drills');
    assert.equal(slides.length, 4);
    assert.ok(slides.every((e) => e.frameCount === 1 && e.bytes === 3 * 32 * 24 && e.group === 'slide'));
    const arith = read('arith-drills');
    assert.equal(arith.length, 10);
    assert.ok(arith.every((e) => e.frameCount === 0 && e.bytes === 0 && e.group === 'arith'));
    // Quiz drills render at the data's frame size, which only a generated world's meta gives.
    const bare = join(dir, 'bare-quiz');
    mkdirSync(bare);
    for (const d of ['videommmu', 'videor1']) symlinkSync(join(dir, 'synth', d), join(bare, d));
    await assert.rejects(
      trainSft(options(join(dir, 'quiz-bare'), { data: bare, steps: 1, evalEvery: 0, mix: { 'quiz-drills': 2 } })),
      /meta\/units\.jsonl/,
    );
  },
);

test(
  'a mix without lectures trains on the drills alone (a text-only curriculum stage); an empty or ' +
    'unknown mix is refused',
  async () => {
    const lines: string[] = [];
    await trainSft(
      options(join(dir, 'no-lectures'), {
        steps: 1,
        evalEvery: 0,
        mix: { 'copy-drills': 5 },
        log: (l) => lines.push(l),
      }),
    );
    assert.ok(
      lines.some((l) => /^sft: 5 training \(copy-drills 5\)/.test(l)),
      lines.join('\n'),
    );
    // The lectures' frames were never decoded (only the validation split's).
    assert.ok(!existsSync(join(dir, 'no-lectures', 'data', 'train.json')));
    assert.ok(existsSync(join(dir, 'no-lectures', 'data', 'validation.json')));
    await assert.rejects(
      trainSft(options(join(dir, 'no-lectures-empty'), { steps: 1, evalEvery: 0, mix: { lectures: 0 } })),
      (e: unknown) => e instanceof UsageError && /the mix is empty/.test(e.message),
    );
    await assert.rejects(
      trainSft(options(join(dir, 'mix-unknown'), { steps: 1, evalEvery: 0, mix: { lecture: 1 } })),
      (e: unknown) =>
        e instanceof UsageError && /unknown example source 'lecture' \(known: lectures, reading/.test(e.message),
    );
  },
);

test('--init starts from a checkpoint: its weights, tokenizer and model shape, a fresh schedule', async () => {
  const first = await trainSft(
    options(join(dir, 'stage1'), { steps: 2, evalEvery: 0, model: { ...MODEL, prevTokens: 1 } }),
  );
  const lines: string[] = [];
  // lr 0: the step changes nothing, so the saved weights are exactly those the run started from.
  const second = await trainSft(
    options(join(dir, 'stage2'), {
      steps: 1,
      evalEvery: 0,
      lr: 0,
      minLr: 0,
      init: first.checkpoint,
      log: (l) => lines.push(l),
    }),
  );
  assert.equal(second.step, 1);
  assert.ok(
    lines.some((l) => l.includes('starting from the weights of')),
    lines.join('\n'),
  );
  const a = loadCheckpoint(first.checkpoint);
  const b = loadCheckpoint(second.checkpoint);
  assert.deepEqual(b.model.config, a.model.config);
  assert.equal(b.model.config.prevTokens, 1);
  for (const [name, t] of a.model.params) assert.deepEqual(b.model.params.get(name)!.data, t.data, name);
  assert.deepEqual(b.tokenizer.toJSON(), a.tokenizer.toJSON());
  const cfg = JSON.parse(readFileSync(join(dir, 'stage2', 'sft_config.json'), 'utf8')) as { model: ModelConfig };
  assert.equal(cfg.model.prevTokens, 1);
});
