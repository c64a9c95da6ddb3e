import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

// One engine thread: the suite runs test files two at a time on two cores (OpenMP threads fighting over them are 10×
// slower).
process.env.VREASON_THREADS = '1';
const dir = mkdtempSync(join(tmpdir(), 'vreason-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (p: string) =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('vreason demo --quick: worlds → base model → eval → T-GRPO → eval → comparison report, every stage for real; ' +
  'a re-run resumes', {
  timeout: 600_000,
}, async () => {
  const out = join(dir, 'demo');
  const r = await runCli(['demo', '--quick', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  // Progress for every stage, and the report's path on the last line.
  for (const n of [1, 2, 3, 4, 5, 6]) assert.match(r.stderr, new RegExp(`\\[${n}/6\\]`));
  // --quick trains the stand-in; the released model is for the full demo.
  assert.match(r.stdout, /^base \(stand-in\): /m);
  assert.match(r.stdout, /^after T-GRPO: /m);
  // Stage times at the end, then the total.
  assert.match(r.stdout, /stage times:\n(  .+ s\n){6}  total +\d+\.\d s\n/);
  const last = r.stdout.trim().split('\n').at(-1)!;
  assert.equal(last, `report: ${join(out, 'report.html')}`);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /Δknowledge/);

  // The world, both trainings and both evaluations left their artefacts.
  assert.ok(existsSync(join(out, 'heldout', 'card.json')));
  assert.ok(existsSync(join(out, 'training', 'card.json')));
  assert.ok(lines(join(out, 'sft', 'train.jsonl')).some((l) => typeof l.loss === 'number'));
  const rl = lines(join(out, 'tgrpo', 'train.jsonl')).filter((l) => 'reward' in l);
  assert.ok(rl.length >= 1);
  assert.ok(
    rl.every((l) => (l.rollouts as { shuffled: number }).shuffled > 0),
    'T-GRPO generates shuffled rollouts',
  );
  const vm = JSON.parse(readFileSync(join(out, 'eval-tgrpo', 'videommmu', 'results.json'), 'utf8')) as {
    tracks: Record<string, { n: number }>;
    delta_knowledge: { n: number };
  };
  assert.deepEqual(Object.keys(vm.tracks).sort(), ['Adaptation', 'Comprehension', 'Perception']);
  assert.ok(vm.delta_knowledge.n > 0, 'Adaptation asked with and without the video');
  const suite = JSON.parse(readFileSync(join(out, 'eval-tgrpo', 'synth', 'results.json'), 'utf8')) as {
    benchmarks: Record<string, { probe: { pairs: number } | null }>;
  };
  assert.ok((suite.benchmarks.synth?.probe?.pairs ?? 0) > 0, 'the shuffle probe ran');
  // Both evaluations asked the same held-out questions.
  const base = JSON.parse(readFileSync(join(out, 'eval-base', 'videommmu', 'results.json'), 'utf8')) as typeof vm;
  assert.deepEqual(
    Object.fromEntries(Object.entries(base.tracks).map(([k, t]) => [k, t.n])),
    Object.fromEntries(Object.entries(vm.tracks).map(([k, t]) => [k, t.n])),
  );
  // The report compares the two models on both task families, with paired differences.
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /## Runs compared/);
  assert.match(md, /\| Video-MMMU: /);
  assert.match(md, /\| synth: /);
  assert.match(md, /B − A \[95% CI\]/);
  // The stdout summary repeats the numbers of results.json.
  assert.match(r.stdout, /Perception \d+\.\d%|Perception –/);

  // Re-running finds every stage done: nothing is generated, trained or asked again.
  const again = await runCli(['demo', '--quick', '--out', out]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /reusing/);
  assert.doesNotMatch(again.stderr, /prepared \d+\/\d+ examples/);
  assert.equal(again.stdout.trim().split('\n').at(-1), last);
});
