/**
 * `vreason experiment tgrpo-ablation` end to end: both arms trained from one checkpoint, the
 * start and both arms served on loopback and evaluated by the real evaluator, the table built
 * from those results, two comparison reports, and a re-run that resumes instead of redoing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runAblation, type AblationOptions } from '../../src/pipeline/ablation.js';
import { runCli } from '../helpers/cli.js';
import { tinyRlSetup } from '../helpers/tinyPolicy.js';

let dir: string;
let synth: string;
let init: string;
before(async () => {
  ({ dir, synth, init } = await tinyRlSetup(
    'vreason-ablation-',
    { seed: 4, videos: 8, ratios: [0.5, 0.25, 0.25] },
    { train: 5 },
  ));
});
after(() => rmSync(dir, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;
const lines = (p: string) =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

test('ablation: GRPO and T-GRPO from one checkpoint; SFT, GRPO, T-GRPO evaluated; the table is their results', {
  timeout: 300_000,
}, async () => {
  const out = join(dir, 'ablation');
  const o: AblationOptions = {
    init,
    data: synth,
    out,
    synthLimit: 8,
    evalMaxTokens: 24,
    grpo: { steps: 2, promptsPerStep: 2, group: 4, maxTokens: 24, lr: 1e-3, evalEvery: 0, saveEvery: 1, seed: 3 },
  };
  const r = await runAblation({ ...o, progress: null });
  assert.deepEqual(
    r.rows.map((x) => x.model),
    ['SFT', 'GRPO', 'T-GRPO'],
  );

  // The arms differ only in the temporal term: same prompts (same rollout count of ordered responses), shuffled ones
  // only in T-GRPO.
  const g = lines(join(out, 'grpo', 'train.jsonl')).filter((l) => 'reward' in l);
  const t = lines(join(out, 'tgrpo', 'train.jsonl')).filter((l) => 'reward' in l);
  assert.deepEqual(
    g.map((l) => l.rollouts.ordered),
    t.map((l) => l.rollouts.ordered),
  );
  assert.ok(g.every((l) => l.rollouts.shuffled === 0 && l.temporal === undefined));
  assert.ok(t.some((l) => l.rollouts.shuffled > 0));
  // Both arms read one frame cache: the prompts are prepared once.
  assert.ok(
    existsSync(join(out, 'data')) && !existsSync(join(out, 'grpo', 'data')) && !existsSync(join(out, 'tgrpo', 'data')),
  );

  // Every row is read from the evaluator's own results of that model.
  for (const row of r.rows) {
    const ev = join(out, 'eval', row.model.toLowerCase());
    const vm = json(join(ev, 'videommmu', 'results.json'));
    assert.equal(vm.manifest.model.name, row.model);
    assert.equal(row.perception, vm.tracks.Perception?.accuracy ?? null);
    assert.equal(row.adaptation, vm.tracks.Adaptation?.accuracy ?? null);
    assert.equal(row.delta_knowledge, vm.delta_knowledge.value);
    const suite = json(join(ev, 'synth', 'results.json'));
    assert.equal(row.temporal_suite, suite.benchmarks.synth.score.mean);
    assert.ok(suite.benchmarks.synth.probe.pairs > 0, 'the shuffle probe ran');
    assert.equal(row.probe_drop, suite.benchmarks.synth.probe.drop);
  }
  const md = readFileSync(join(out, 'ablation.md'), 'utf8');
  assert.match(md, /\| T-GRPO \|/);
  assert.deepEqual(json(join(out, 'ablation.json')).rows, JSON.parse(JSON.stringify(r.rows)));
  for (const f of r.reports) assert.match(readFileSync(f, 'utf8'), /T-GRPO/);

  // The CLI re-run finds both arms trained and every answer stored: it resumes and prints the same table.
  const again = await runCli([
    'experiment',
    'tgrpo-ablation',
    '--init',
    init,
    '--data',
    synth,
    '--out',
    out,
    '--steps',
    '2',
    '--group',
    '4',
    '--prompts-per-step',
    '2',
    '--max-tokens',
    '24',
    '--lr',
    '0.001',
    '--seed',
    '3',
    '--synth-limit',
    '8',
    '--eval-max-tokens',
    '24',
    '--save-every',
    '1',
  ]);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /step 1\/2/, 'no RL step is redone');
  assert.ok(again.stdout.includes(md.trim().split('\n').slice(4, 9).join('\n')), 'same table');
  assert.ok(existsSync(join(out, 'report-videommmu.html')));
});
