/**
 * `vreason train grpo` end to end on a real synthetic world (ffmpeg-rendered videos, decoded
 * frames) and a tiny starting policy: the log has every field, T-GRPO samples shuffled responses
 * only for video prompts while GRPO samples none, a stopped-and-resumed run is bit-identical to an
 * uninterrupted one, other options are refused, and the CLI teaches and fails clearly.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { loadCheckpoint } from '../../src/nn/checkpoint.js';
import { parseTrainLog } from '../../src/report/trainLog.js';
import { GRPO_DEFAULTS, trainGrpo, type GrpoOptions } from '../../src/train/grpo.js';
import { loadRlSplit, rlFacts, rlUnits } from '../../src/train/grpoData.js';
import { prepareExamples } from '../../src/train/sftData.js';
import { runCli } from '../helpers/cli.js';
import { tinyRlSetup } from '../helpers/tinyPolicy.js';

let dir: string;
let synth: string;
let init: string;
before(async () => {
  // A handful of prompts (videos and an image) that the tiny policy can learn to answer in form.
  ({ dir, synth, init } = await tinyRlSetup(
    'vreason-grpo-',
    { seed: 9, videos: 5, ratios: [0.6, 0.4, 0] },
    { train: 5, validation: 2 },
  ));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('RL prompts: frames are decoded only when asked, equal the eager path, and come back from the cache', async () => {
  const { tokenizer: tok, model } = loadCheckpoint(init);
  const enc = model.config.encoder!;
  const cache = join(dir, 'lazy-cache');
  const split = await loadRlSplit(synth, 'train', tok, enc, cache);
  assert.ok(
    split.examples.every((e) => e.frames === null && e.frameCount === 0),
    'nothing decoded up front',
  );
  const video = split.examples.filter((e) => rlFacts(e).video);
  assert.ok(video.length >= 2, 'the world has video prompts');
  await split.load([video[0]!]);
  assert.ok(video[0]!.frames && video[0]!.frameCount > 0);
  assert.equal(video[1]!.frames, null, 'a prompt no one asked for stays undecoded');
  const all = await split.load(split.examples);
  const eager = await prepareExamples('eager', {}, await rlUnits(synth, 'train'), tok, enc, join(dir, 'eager-cache'));
  assert.deepEqual(
    all.map((e) => [e.id, e.tokens, e.promptLen, e.frameCount, e.frames && Buffer.from(e.frames).toString('base64')]),
    eager.map((e) => [e.id, e.tokens, e.promptLen, e.frameCount, e.frames && Buffer.from(e.frames).toString('base64')]),
  );
  // With the media gone, a new loader on the same cache still has every prompt's frames.
  const media = join(synth, 'videor1', 'train', 'media');
  renameSync(media, `${media}.away`);
  try {
    const again = await loadRlSplit(synth, 'train', tok, enc, cache);
    const back = await again.load(again.examples);
    assert.deepEqual(
      back.map((e) => e.frames && Buffer.from(e.frames).toString('base64')),
      eager.map((e) => e.frames && Buffer.from(e.frames).toString('base64')),
    );
  } finally {
    renameSync(`${media}.away`, media);
  }
});

const options = (out: string, extra: Partial<GrpoOptions> = {}): GrpoOptions => ({
  ...GRPO_DEFAULTS,
  init,
  data: synth,
  out,
  steps: 3,
  promptsPerStep: 2,
  group: 4,
  temporal: true,
  maxTokens: 40,
  lr: 1e-3,
  evalEvery: 2,
  evalSamples: 2,
  evalMaxTokens: 40,
  saveEvery: 1,
  seed: 1,
  ...extra,
});

const logLines = (out: string): Record<string, unknown>[] =>
  readFileSync(join(out, 'train.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
/** The log without wall-clock fields. */
const timeless = (lines: Record<string, unknown>[]) =>
  lines.map(({ tokens_per_s: _t, rollout_s: _r, step_s: _s, ...rest }) => rest);

const STEP_FIELDS = [
  'loss',
  'kl',
  'entropy',
  'completion_length',
  'zero_std_share',
  'tokens_per_s',
  'rollout_s',
  'step_s',
  'lr',
  'grad_norm',
];

test(
  'T-GRPO: every step logs rewards by component, shuffled vs ordered accuracy, temporal share, KL, ' +
    'entropy, length, speed',
  async () => {
    const out = join(dir, 'tgrpo');
    const r = await trainGrpo(options(out));
    assert.equal(r.step, 3);
    const lines = logLines(out);
    const steps = lines.filter((l) => !('eval' in l));
    assert.deepEqual(
      steps.map((l) => l.step),
      [1, 2, 3],
    );
    assert.deepEqual(
      lines.filter((l) => 'eval' in l).map((l) => l.step),
      [2, 3],
    );
    for (const l of steps) {
      for (const k of STEP_FIELDS) assert.ok(Number.isFinite(l[k]), `${k} = ${String(l[k])}`);
      const reward = l.reward as Record<string, number>;
      for (const k of ['accuracy', 'format', 'length', 'temporal', 'total'])
        assert.ok(Number.isFinite(reward[k]), `reward.${k}`);
      assert.ok(
        Math.abs(reward.total! - (reward.accuracy! + reward.format! + reward.length! + reward.temporal!)) < 1e-4,
      );
      const rollouts = l.rollouts as { ordered: number; shuffled: number; tokens: number };
      const temporal = l.temporal as {
        groups: number;
        accuracy_ordered: number | null;
        accuracy_shuffled: number | null;
        bonus_share: number | null;
      };
      // G ordered responses per prompt; G/2 shuffled ones for each video prompt, none for the image.
      assert.equal(rollouts.ordered, 2 * 4);
      assert.equal(rollouts.shuffled, temporal.groups * 2);
      if (temporal.groups)
        for (const k of ['accuracy_ordered', 'accuracy_shuffled', 'bonus_share'] as const)
          assert.ok(Number.isFinite(temporal[k]), k);
      assert.ok((l.completion_length as number) >= 1 && (l.completion_length as number) <= 40);
    }
    assert.ok(
      steps.some((l) => (l.temporal as { groups: number }).groups > 0),
      'no video prompt was drawn',
    );
    // The policy learned from something: the advantages were not all zero.
    assert.ok(steps.some((l) => (l.grad_norm as number) > 0));
    const ev = lines.find((l) => 'eval' in l)!.eval as Record<string, number>;
    for (const k of ['accuracy', 'format', 'n']) assert.ok(Number.isFinite(ev[k]), k);
    // vreason report reads it: nested fields flattened, nothing skipped.
    const parsed = parseTrainLog(readFileSync(join(out, 'train.jsonl'), 'utf8'));
    assert.equal(parsed.skipped, 0);
    for (const f of [
      'reward.total',
      'reward.temporal',
      'temporal.accuracy_shuffled',
      'temporal.bonus_share',
      'kl',
      'entropy',
      'eval.accuracy',
    ])
      assert.ok(parsed.fields.includes(f), f);
  },
);

test('GRPO (no --temporal) samples no shuffled responses and logs no temporal term', async () => {
  const out = join(dir, 'grpo');
  await trainGrpo(options(out, { temporal: false, steps: 2, evalEvery: 0 }));
  const lines = logLines(out);
  assert.equal(lines.length, 2);
  for (const l of lines) {
    assert.equal((l.rollouts as { shuffled: number }).shuffled, 0);
    assert.equal('temporal' in l, false);
    assert.equal((l.reward as { temporal: number }).temporal, 0);
  }
});

test(
  'a run stopped and resumed from its checkpoint ends with the same weights and log as an ' + 'uninterrupted one',
  async () => {
    const straight = join(dir, 'straight');
    const resumed = join(dir, 'resumed');
    const a = await trainGrpo(options(straight));
    const half = await trainGrpo(options(resumed, { stopAfter: 1 }));
    assert.equal(half.step, 1);
    assert.equal(loadCheckpoint(join(resumed, 'checkpoint')).train?.step, 1);
    const b = await trainGrpo(options(resumed));
    assert.equal(b.step, 3);
    const wa = loadCheckpoint(a.checkpoint);
    const wb = loadCheckpoint(b.checkpoint);
    for (const [k, p] of wa.model.params) assert.deepEqual(wb.model.params.get(k)!.data, p.data, k);
    assert.deepEqual(wb.train!.optimizer.m, wa.train!.optimizer.m);
    assert.deepEqual(wb.train!.optimizer.v, wa.train!.optimizer.v);
    assert.deepEqual(timeless(logLines(resumed)), timeless(logLines(straight)));
    // And the weights moved away from the starting policy.
    const start = loadCheckpoint(init);
    assert.ok([...wa.model.params].some(([k, p]) => p.data.some((x, i) => x !== start.model.params.get(k)!.data[i])));
    // Resuming with other options is refused.
    await assert.rejects(trainGrpo(options(resumed, { beta: 0.1 })), UsageError);
  },
);

test(
  'vreason train grpo: --help teaches, a bad --init or empty data is one clear error, a ' + 'short run works',
  async () => {
    const help = await runCli(['train', 'grpo', '--help']);
    assert.equal(help.code, 0);
    for (const flag of [
      '--init',
      '--temporal',
      '--group',
      '--beta',
      '--mu',
      '--alpha',
      '--max-tokens',
      '--prompts-per-step',
      '--stop-after',
    ])
      assert.ok(help.stdout.includes(flag), flag);
    assert.match(help.stdout, /T-GRPO/);
    assert.match(help.stdout, /resumes/);
    const cli = (args: string[]) => runCli(['train', 'grpo', ...args]);
    const bad = await cli(['--init', join(dir, 'nope'), '--data', synth, '--out', join(dir, 'bad')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--init .*nope: not a checkpoint directory/);
    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'videor1', 'train'), { recursive: true });
    writeFileSync(join(empty, 'videor1', 'train', 'eval_synth.json'), '[]');
    const none = await cli(['--init', init, '--data', empty, '--out', join(dir, 'none'), '--eval-every', '0']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no Video-R1 records in split 'train'/);
    const missing = await cli([
      '--init',
      init,
      '--data',
      join(dir, 'missing'),
      '--out',
      join(dir, 'none2'),
      '--eval-every',
      '0',
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no Video-R1 records for split 'train'/);
    const out = join(dir, 'cli');
    const ok = await cli([
      '--init',
      init,
      '--data',
      synth,
      '--out',
      out,
      '--steps',
      '1',
      '--group',
      '2',
      '--prompts-per-step',
      '1',
      '--max-tokens',
      '8',
      '--eval-every',
      '0',
      '--temporal',
      '--beta',
      '0.02',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /step 1\/1 {2}reward/);
    const cfg = JSON.parse(readFileSync(join(out, 'grpo_config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([cfg.beta, cfg.group, cfg.temporal, cfg.mu, cfg.alpha], [0.02, 2, true, 0.8, 0.3]);
    assert.equal(logLines(out).length, 1);
  },
);
