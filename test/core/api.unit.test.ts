import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

// Imported by package name, as a user's code does: this goes through package.json "exports".
const load = (spec: string): Promise<Record<string, unknown>> => import(spec) as Promise<Record<string, unknown>>;

test('the root entry is small and holds the calls most users make', async () => {
  const root = await load('vreason');
  for (const name of [
    'evaluate',
    'evaluateTasks',
    'registerTask',
    'resolveTasks',
    'groupRewards',
    'rewardList',
    'registerReward',
    'startRewardServer',
    'startModelServer',
    'buildReport',
    'writeReport',
    'runDemo',
    'mergeRuns',
  ]) {
    assert.equal(typeof root[name], 'function', name);
  }
  assert.equal((root.videoMMMU as { name: string }).name, 'videommmu');
  assert.ok(Object.keys(root).length <= 30, `root exports ${Object.keys(root).length} names`);
});

test('every layer has its own subpath entry, and the pipelines the CLI runs are importable', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  const want: Record<string, string[]> = {
    'vreason/tasks': ['registerTask', 'taskGroup', 'videoR1Task', 'loadVideoMMMU', 'loadVideoR1', 'computeResults'],
    'vreason/eval': ['evaluate', 'mergeRuns', 'parseShard'],
    'vreason/rewards': ['accuracyReward', 'formatReward', 'groupRewards', 'rewardList', 'temporalBonus'],
    'vreason/report': ['buildReport', 'startDashboard', 'loadRun', 'compareRuns'],
    'vreason/train': ['trainSft', 'trainGrpo', 'readingUnits', 'drillUnits'],
    'vreason/nn': ['generate', 'loadCheckpoint'],
    'vreason/media': ['sampleFrames', 'probeVideo', 'smartResize'],
    'vreason/synth': ['writeSynth', 'lectureTranscripts'],
    'vreason/clients': ['OpenAIClient'],
    'vreason/serve': ['startModelServer'],
    'vreason/pipeline': ['evaluateCheckpoint', 'runAblation', 'runDemo'],
  };
  assert.deepEqual(
    Object.keys(pkg.exports).sort(),
    ['.', ...Object.keys(want).map((k) => k.replace('vreason', '.'))].sort(),
  );
  for (const [spec, names] of Object.entries(want)) {
    const mod = await load(spec);
    for (const name of names) assert.equal(typeof mod[name], 'function', `${spec}: ${name}`);
  }
  const train = await load('vreason/train');
  assert.equal((train.GRPO_DEFAULTS as { group: number }).group, 8);
  assert.ok((train.DEFAULT_SFT_MODEL as { encoder: unknown }).encoder);
});
