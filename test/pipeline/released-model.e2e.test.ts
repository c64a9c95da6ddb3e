/**
 * The committed release, models/vreason-tiny: its files are those its manifest names (hashes and
 * sizes), the manifest describes the recipe the code holds today, the model card is the one the
 * release step writes from the manifest, and the weights load, serve and answer Video-MMMU questions
 * of a world the model never saw, in the format the scorer reads.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RELEASED_MODEL } from '../../src/pipeline/demo.js';
import { evaluateCheckpoint } from '../../src/pipeline/evalCheckpoint.js';
import { HELDOUT, modelCard, verifyRelease, type ReleaseManifest } from '../../src/pipeline/release.js';
import { ensureWorld, heldoutConfig } from '../../src/pipeline/world.js';
import { stageCommand, TINY_CURRICULUM } from '../../src/train/curriculum.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-released-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const manifest = (): ReleaseManifest =>
  JSON.parse(readFileSync(join(RELEASED_MODEL, 'manifest.json'), 'utf8')) as ReleaseManifest;

test('models/vreason-tiny: every file matches its manifest, and a changed byte is caught', () => {
  assert.deepEqual(verifyRelease(RELEASED_MODEL), []);
  const copy = join(dir, 'copy');
  cpSync(RELEASED_MODEL, copy, { recursive: true });
  const w = readFileSync(join(copy, 'model.safetensors'));
  w.writeUInt8(w.readUInt8(w.length - 1) ^ 1, w.length - 1);
  writeFileSync(join(copy, 'model.safetensors'), w);
  assert.match(verifyRelease(copy).join('\n'), /SHA-256 differs/);
});

test('models/vreason-tiny: the manifest is the recipe the code holds, and the card is written from it', () => {
  const m = manifest();
  const c = TINY_CURRICULUM;
  assert.equal(m.name, c.name);
  assert.match(m.command, /train curriculum/);
  assert.deepEqual(
    { videos: m.curriculum.world.videos, seed: m.curriculum.world.seed },
    { videos: c.world.videos, seed: c.world.seed },
  );
  assert.deepEqual(
    m.curriculum.stages.map((s) => [s.name, s.steps, s.command]),
    c.stages.map((s, i) => [s.name, s.sft.steps ?? 0, stageCommand(c, i, { data: '<out>/world', out: '<out>' })]),
    'the recipe in src/train/curriculum.ts changed since the release: re-release the model',
  );
  assert.deepEqual({ videos: m.heldout.world.videos, seed: m.heldout.world.seed }, HELDOUT);
  for (const t of ['Perception', 'Comprehension', 'Adaptation']) {
    const x = m.heldout.videommmu.tracks[t];
    assert.ok(x && x.n === HELDOUT.videos && x.value !== null && x.ci95, `held-out ${t} is in the manifest`);
  }
  assert.equal(readFileSync(join(RELEASED_MODEL, 'README.md'), 'utf8'), modelCard(m));
});

test('models/vreason-tiny loads, serves and answers held-out lecture questions in the scorer format', async () => {
  const world = join(dir, 'world');
  await ensureWorld(world, heldoutConfig(4242, 2), () => {});
  const ev = await evaluateCheckpoint({
    checkpoint: RELEASED_MODEL,
    data: world,
    split: 'test',
    out: join(dir, 'eval'),
    modelName: TINY_CURRICULUM.name,
    synthLimit: 2,
    videommmuMaxTokens: 256,
    maxTokens: 128,
    progress: null,
  });
  const records = readFileSync(join(dir, 'eval/videommmu/records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { status: string; unparsed: boolean | null });
  // Two lectures: one question per track each, and Adaptation again without the video.
  assert.equal(records.length, 8);
  assert.ok(
    records.every((r) => r.status === 'ok'),
    'every request answered',
  );
  const parsed = records.filter((r) => r.unparsed === false).length;
  assert.ok(parsed >= 6, `at least 6 of 8 answers parse to an option (got ${parsed})`);
  const served = ev.videommmu.results.manifest as { model: { name: string } };
  assert.equal(served.model.name, TINY_CURRICULUM.name);
});
