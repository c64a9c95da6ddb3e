import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import OpenAI from 'openai';
import { loadCheckpoint } from '../../src/nn/checkpoint.js';
import { trainCurriculum } from '../../src/pipeline/curriculum.js';
import { runDemo } from '../../src/pipeline/demo.js';
import {
  annotationsHash,
  compareReleases,
  releaseModel,
  verifyRelease,
  type ReleaseManifest,
} from '../../src/pipeline/release.js';
import { startModelServer } from '../../src/serve/server.js';
import { DEFAULT_SFT_MODEL } from '../../src/train/sft.js';
import { stageCommand, TINY_CURRICULUM, type Curriculum } from '../../src/train/curriculum.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-curriculum-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The released recipe's shape at toy size: a text-only stage, then the lectures from its checkpoint. */
const TOY: Curriculum = {
  name: 'toy',
  world: { videos: 10, seed: 9 },
  model: {
    ...DEFAULT_SFT_MODEL,
    dModel: 32,
    nHeads: 2,
    nLayers: 1,
    dMlp: 64,
    rope: true,
    prevTokens: 1,
    encoder: { ...DEFAULT_SFT_MODEL.encoder!, nLayers: 1 },
  },
  stages: [
    {
      name: 'copy',
      what: 'copy drills only',
      sft: { mix: { 'copy-drills': 40 }, steps: 3, batchSize: 2, evalEvery: 0, saveEvery: 1, seed: 1 },
    },
    {
      name: 'lectures',
      what: 'the lectures',
      sft: { steps: 3, batchSize: 2, evalEvery: 3, evalGenSamples: 2, evalLossSamples: 4, saveEvery: 1, seed: 2 },
    },
  ],
};

test(
  'train curriculum: stages in order, each from the previous checkpoint; stopped and resumed = ' + 'one straight run',
  async () => {
    const straight = await trainCurriculum({ out: join(dir, 'a'), curriculum: TOY });
    assert.equal(straight.complete, true);
    assert.deepEqual(
      straight.progress.stages.map((s) => [s.name, s.steps, s.done]),
      [
        ['copy', 3, true],
        ['lectures', 3, true],
      ],
    );
    // Stage 2 began from stage 1's weights and tokenizer.
    const cfg = JSON.parse(readFileSync(join(dir, 'a/stages/2-lectures/sft_config.json'), 'utf8')) as {
      init: string;
    };
    assert.equal(cfg.init, join(dir, 'a/stages/1-copy/checkpoint'));
    const t1 = loadCheckpoint(join(dir, 'a/stages/1-copy/checkpoint')).tokenizer;
    const t2 = loadCheckpoint(straight.checkpoint).tokenizer;
    assert.deepEqual(t2.toJSON(), t1.toJSON());

    const lines: string[] = [];
    const first = await trainCurriculum({
      out: join(dir, 'b'),
      curriculum: TOY,
      stopAfterStage: 1,
      log: (l) => lines.push(l),
    });
    assert.equal(first.complete, false);
    assert.ok(lines.some((l) => /curriculum eta/.test(l)));
    assert.ok(lines.some((l) => /stopping before stage 2/.test(l)));
    const resumed = await trainCurriculum({ out: join(dir, 'b'), curriculum: TOY });
    assert.equal(resumed.complete, true);
    const weights = (p: string) => readFileSync(join(p, 'model.safetensors'));
    assert.ok(weights(resumed.checkpoint).equals(weights(straight.checkpoint)), 'resumed weights differ');
    // The world is reused, not regenerated, and hashes the same.
    assert.equal(annotationsHash(join(dir, 'a/world')), annotationsHash(join(dir, 'b/world')));
  },
);

test('release: held-out evaluation through serve, manifest with hashes, a model card, verify and compare', async () => {
  const run = join(dir, 'a');
  const r = await trainCurriculum({ out: run, curriculum: TOY });
  const to = join(dir, 'release');
  const m = await releaseModel({
    curriculum: TOY,
    progress: r.progress,
    run,
    checkpoint: r.checkpoint,
    to,
    command: 'vreason train curriculum --out <out> --release release',
    heldout: { videos: 3, seed: 12 },
    synthLimit: 4,
    maxTokens: { videommmu: 8, synth: 16 },
    progressStream: null,
  });
  assert.deepEqual(verifyRelease(to), []);
  assert.equal(m.curriculum.stages.length, 2);
  assert.match(m.curriculum.stages[1]!.command, /--init <out>\/stages\/1-copy\/checkpoint/);
  assert.equal(m.heldout.world.seed, 12);
  // 3 lectures: one question per track each, and Adaptation again without the video.
  for (const t of ['Perception', 'Comprehension', 'Adaptation']) assert.equal(m.heldout.videommmu.tracks[t]?.n, 3);
  assert.equal(m.heldout.videommmu.before.n, 3);
  assert.equal(m.heldout.videommmu.delta_knowledge.n, 3);
  const results = JSON.parse(readFileSync(join(run, 'heldout-eval/videommmu/results.json'), 'utf8')) as {
    delta_knowledge: { value: number };
  };
  assert.equal(m.heldout.videommmu.delta_knowledge.value, results.delta_knowledge.value);
  assert.ok(m.training.seconds >= 0 && m.parameters > 0);
  const card = readFileSync(join(to, 'README.md'), 'utf8');
  assert.match(card, /Δknowledge/);
  assert.match(card, /\| Perception \|/);

  // The released folder loads and answers over HTTP with the real OpenAI client.
  const { model, tokenizer } = loadCheckpoint(to);
  const server = await startModelServer({ model, tokenizer, modelName: 'toy', port: 0 });
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'none', maxRetries: 0 });
    const c = await client.chat.completions.create({
      model: 'toy',
      messages: [{ role: 'user', content: 'What is 2 + 3?' }],
      max_tokens: 4,
      temperature: 0,
    });
    assert.equal(typeof c.choices[0]?.message.content, 'string');
    assert.ok((c.usage?.completion_tokens ?? 0) > 0);
  } finally {
    await server.close();
  }

  // The demo starts from a released folder when it verifies, and says so.
  const demoLines: string[] = [];
  const demo = await runDemo({
    out: join(dir, 'demo'),
    quick: true,
    model: to,
    progress: null,
    log: (l) => demoLines.push(l),
  });
  assert.equal(demo.base.kind, 'released');
  assert.equal(demo.base.checkpoint, to);
  assert.equal(demo.stages.length, 6);
  assert.ok(existsSync(demo.report));
  const tgrpo = JSON.parse(readFileSync(join(dir, 'demo/tgrpo/grpo_config.json'), 'utf8')) as { init: string };
  assert.equal(tgrpo.init, to);

  const same = compareReleases(m, m);
  assert.match(same[0]!, /bit-identical/);
  const other: ReleaseManifest = {
    ...m,
    files: { ...m.files, 'model.safetensors': { sha256: '0'.repeat(64), bytes: 1 } },
  };
  assert.match(compareReleases(m, other)[0]!, /differ/);

  // One changed byte in the weights is caught.
  const p = join(to, 'model.safetensors');
  const b = readFileSync(p);
  b[b.length - 1] = b[b.length - 1]! ^ 1;
  writeFileSync(p, b);
  assert.deepEqual(verifyRelease(to), [`${p}: SHA-256 differs from the manifest`]);
  // A demo pointed at an edited release does not use it: it says why and trains its stand-in.
  const lines: string[] = [];
  const fallback = await runDemo({
    out: join(dir, 'demo2'),
    quick: true,
    model: to,
    progress: null,
    log: (l) => lines.push(l),
  });
  assert.equal(fallback.base.kind, 'stand-in');
  assert.ok(
    lines.some((l) => /no released model to use \(.*SHA-256 differs/.test(l)),
    lines.join('\n'),
  );
});

test('the released recipe: six stages, each the `vreason train sft` command it equals', () => {
  const c = TINY_CURRICULUM;
  assert.equal(c.stages.length, 6);
  const cmds = c.stages.map((_s, i) => stageCommand(c, i, { data: 'W', out: 'O' }));
  assert.match(cmds[0]!, /--rope --prev-tokens 2 --mix drills=1500,copy-drills=30000 --vm-chains --whole-numbers/);
  assert.match(cmds[1]!, / --mix lectures=1,reading=8,drills=1500,copy-drills=6000 /);
  assert.doesNotMatch(cmds[0]!, /--init/);
  for (let i = 1; i < cmds.length; i++) assert.match(cmds[i]!, new RegExp(`--init O/stages/${i}-`));
  assert.equal(
    c.stages.reduce((n, s) => n + (s.sft.steps ?? 0), 0),
    8_300,
  );
});
