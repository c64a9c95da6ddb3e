/** The library surface: what `import … from 'vreason'` offers, beyond the CLI. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as vreason from '../../src/index.js';

test('the pipelines the CLI runs are importable from the package entry', () => {
  const fns = ['evaluate', 'evaluateSuite', 'writeSynth', 'trainSft', 'trainGrpo', 'evaluateCheckpoint', 'runAblation', 'runDemo', 'readingUnits', 'lectureTranscripts', 'accuracyReward', 'formatReward', 'groupRewards'];
  const api = vreason as unknown as Record<string, unknown>;
  for (const name of fns) assert.equal(typeof api[name], 'function', name);
  assert.equal(vreason.GRPO_DEFAULTS.group, 8);
  assert.ok(vreason.DEFAULT_SFT_MODEL.encoder);
});
