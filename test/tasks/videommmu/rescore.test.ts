/**
 * `vreason score --task videommmu` on an lmms-eval --log_samples file. The file
 * (test/fixtures/videommmu-parity/lmms-eval_samples_video_mmmu_perception.jsonl) was written by
 * test/fixtures/videommmu-parity/generate.py with lmms-eval's own videommmu_process_results and
 * videommmu_aggregate_results; its accuracy is in the .expected.json beside it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { DEFAULT_REASONING_TAGS, stripReasoning } from '../../../src/tasks/reasoning.js';
import { optionsFromPrompt, rescore, taskOfSamplesFile } from '../../../src/tasks/videommmu/rescore.js';
import { scoringFor } from '../../../src/tasks/videommmu/scoring.js';
import { pyRound } from '../../../src/core/python.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/videommmu-parity');
const FILE = join(DIR, 'lmms-eval_samples_video_mmmu_perception.jsonl');
const expected = JSON.parse(
  readFileSync(join(DIR, 'lmms-eval_samples_video_mmmu_perception.expected.json'), 'utf8'),
) as {
  samples: number;
  scored: number;
  acc: number;
};
const lines = readFileSync(FILE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

test('the track comes from the samples file name; options from the prompt', () => {
  assert.deepEqual(taskOfSamplesFile('/x/20260806_samples_video_mmmu_adaptation_question_only.jsonl'), {
    track: 'Adaptation',
    condition: 'before',
  });
  assert.deepEqual(taskOfSamplesFile(FILE), { track: 'Perception', condition: 'after' });
  assert.deepEqual(optionsFromPrompt('Q?\nA. x\nB. y z\nPlease ignore the Quiz question'), ['x', 'y z']);
  assert.deepEqual(optionsFromPrompt('no options here'), []);
});

test(
  'the default (lmms-eval parser, unclosed thinking kept): every parse equals the log and the accuracy ' +
    'equals lmms-eval',
  () => {
    const out = rescore([FILE], scoringFor('lmms-eval'));
    assert.deepEqual(out.bad, []);
    assert.deepEqual(out.formats, ['lmms-eval']);
    assert.equal(out.agreement?.compared, expected.samples);
    assert.deepEqual(out.agreement?.examples, []);
    const r = out.results;
    assert.equal(r.tracks.Perception?.n, expected.samples);
    // lmms-eval leaves "API Error" (an empty open answer) out of the denominator; vreason counts it wrong.
    assert.equal(pyRound((r.tracks.Perception?.correct ?? 0) / expected.scored, 5), expected.acc);
  },
);

test('--unclosed unparsed: the only disagreements with the log are answers whose thinking never closed', () => {
  const out = rescore([FILE], scoringFor('lmms-eval', { unclosed: 'unparsed' }));
  const unclosed = lines.filter(
    (l) => stripReasoning(String(l.resps ?? l.filtered_resps), DEFAULT_REASONING_TAGS).unclosed,
  );
  assert.ok(unclosed.length > 0);
  assert.equal(out.agreement?.compared, expected.samples);
  const unclosedIds = new Set(unclosed.map((l) => (l.mmmu_acc as { id: string }).id));
  const disagree = expected.samples - (out.agreement?.same ?? 0);
  // Unclosed answers whose lmms-eval parse was already "No Answer Found." still agree.
  const alreadyNone = unclosed.filter(
    (l) => (l.mmmu_acc as { parsed_pred: unknown }).parsed_pred === 'No Answer Found.',
  );
  assert.equal(disagree, unclosed.length - alreadyNone.length);
  for (const e of out.agreement?.examples ?? []) assert.ok(unclosedIds.has(e.id), e.id);
  assert.equal(out.results.reasoning.unclosed, unclosed.length);
});

test(
  'vreason score --task videommmu prints the per-track table; --parser videommmu-release rescored ' +
    'the same answers',
  async () => {
    const a = await runCli(['score', '--task', 'videommmu', '--input', FILE]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /parser lmms-eval, reasoning tags <think> <analysis>/);
    assert.match(a.stdout, /\| Perception \| 400 \|/);
    assert.match(
      a.stdout,
      new RegExp(`agreement with the log's own parsed_pred: ${expected.samples} of ${expected.samples}`),
    );
    const b = await runCli([
      'score',
      '--task',
      'videommmu',
      '--input',
      FILE,
      '--parser',
      'videommmu-release',
      '--json',
    ]);
    assert.equal(b.code, 0, b.stderr);
    const j = JSON.parse(b.stdout) as { results: { manifest: { parser: string; reasoning_tags: unknown[] } } };
    assert.equal(j.results.manifest.parser, 'videommmu-release');
    assert.deepEqual(j.results.manifest.reasoning_tags, []);
    const bad = await runCli(['score', '--task', 'videommmu', '--input', join(DIR, 'nope.jsonl')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no such file/);
  },
);
