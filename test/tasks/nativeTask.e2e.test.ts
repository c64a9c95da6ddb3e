/**
 * The worked example of the README ("Adding a benchmark"): a native task written outside
 * src/tasks, registered with one call, then run, resumed, sharded, merged and reported by the
 * unchanged evaluator, merge and report — over real mp4 files and a real HTTP server.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { DataError } from '../../src/core/errors.js';
import { evaluate, evaluateTasks } from '../../src/eval/evaluate.js';
import { mergeRuns } from '../../src/eval/merge.js';
import { accuracyOf, type AccuracyStat } from '../../src/metrics/accuracy.js';
import { buildReport } from '../../src/report/build.js';
import { accountFor, type RunAccount } from '../../src/tasks/record.js';
import { registerTask, resolveTasks } from '../../src/tasks/registry.js';
import type { Task } from '../../src/tasks/task.js';
import { DEFAULT_FRAMES, DEFAULT_PARAMS } from '../../src/tasks/videommmu/task.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

// ---- the task: "how many objects?" questions over videos, scored by the last integer of the answer
interface CountResults extends RunAccount {
  accuracy: AccuracyStat;
}

const lastInteger = (text: string): number | null => {
  const m = text.match(/-?\d+/g);
  return m ? Number(m[m.length - 1]) : null;
};

const counting: Task<CountResults> = {
  kind: 'task',
  name: 'counting',
  label: 'Counting',
  family: 'counting',
  frames: { ...DEFAULT_FRAMES, nframes: 4 },
  params: DEFAULT_PARAMS,
  async plan(opts) {
    const file = resolve(opts.data);
    const rows = JSON.parse(await readFile(file, 'utf8')) as {
      id: string;
      question: string;
      answer: number;
      video: string;
    }[];
    const errors: DataError[] = [];
    const ok = rows.filter((r, i) =>
      Number.isInteger(r.answer) ? true : (errors.push(new DataError(file, i, 'answer', 'expected an integer')), false),
    );
    return {
      units: ok.slice(0, opts.limit).map((r) => ({
        itemId: r.id,
        condition: 'video',
        prompt: `${r.question}\nAnswer with a number.`,
        visual: { kind: 'video', path: resolve(file, '..', r.video) },
        facts: { answer: r.answer },
        shardKey: r.id,
      })),
      dataset: {
        root: resolve(file, '..'),
        files: [{ path: 'counting.json', sha256: 'n/a', rows: rows.length }],
        items: ok.length,
        errors,
      },
      manifest: { scorer: 'last-integer/v1' },
    };
  },
  score(facts, text) {
    const parsed = lastInteger(text);
    const correct = parsed === facts.answer;
    return { parsed, score: correct ? 1 : 0, correct, unparsed: parsed === null };
  },
  aggregate(records, o = {}) {
    const answered = records.filter((r) => r.status === 'ok' && r.response);
    return {
      accuracy: accuracyOf(
        answered.map((r) => counting.score(r.item, r.response?.text ?? '').correct),
        o.seed ?? 0,
      ),
      ...accountFor(records, o.planned ?? records.length),
      skipped_rows: o.skippedRows ?? [],
      manifest: o.manifest ?? {},
    };
  },
  markdown: (r) => `# Counting\n\naccuracy ${r.accuracy.accuracy} (n=${r.accuracy.n})\n`,
  line: (r) => `counting accuracy ${r.accuracy.accuracy}`,
  summary: (r) => ({
    n: r.accuracy.n,
    score: r.accuracy.accuracy,
    score_ci95: r.accuracy.ci95,
    accuracy: r.accuracy.accuracy,
    mra: null,
    unparsed: 0,
    errors: r.counts.errored,
    probe: null,
  }),
  facets: [['answer', 'Gold count']],
  facetsOf: (f) => ({ answer: String(f.answer) }),
  gold: (f) => f.answer,
  unparsedApart: true,
  compareMetrics: () => [
    { path: 'accuracy.accuracy', label: 'Accuracy', value: (r) => r.accuracy.accuracy, include: () => true },
  ],
};

// ---- the test
let dir: string;
let server: ScriptedServer;
let data: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-native-'));
  await makeFixture(join(dir, 'media'));
  data = join(dir, 'counting.json');
  const rows = [1, 2, 3, 4, 5, 6].map((n) => ({
    id: `q${n}`,
    question: `[q${n}] How many squares?`,
    answer: n,
    video: 'media/Art/validation_Art_1.mp4',
  }));
  writeFileSync(
    data,
    JSON.stringify([...rows, { id: 'bad', question: 'x', answer: 'many', video: 'media/Art/validation_Art_1.mp4' }]),
  );
  // Right on odd counts: "there are N", wrong on even ones.
  server = await startScriptedServer((r) => {
    const n = Number(/\[q(\d)\]/.exec(r.prompt)?.[1]);
    return { text: n % 2 ? `I count ${n}` : `I count ${n + 1}` };
  });
  registerTask({ description: 'How many objects are in the video?', task: counting });
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a native task: registered once, run by the one evaluator, resumed, merged and reported', async () => {
  const opts = evalOptions(data, join(dir, 'run'), server.url, { tasks: ['counting'] });
  assert.equal(resolveTasks(opts), counting);
  const first = await evaluateTasks(opts);
  const r = first.results as CountResults;
  assert.equal(r.accuracy.n, 6);
  assert.equal(r.accuracy.accuracy, 0.5);
  assert.equal(r.skipped_rows.length, 1);
  assert.equal(r.skipped_rows[0]?.field, 'answer');
  assert.equal(JSON.parse(readFileSync(join(dir, 'run', 'results.json'), 'utf8')).accuracy.correct, 3);
  assert.match(readFileSync(join(dir, 'run', 'results.md'), 'utf8'), /accuracy 0\.5 \(n=6\)/);
  // Each request carried 4 sampled frames of the real mp4.
  assert.ok(server.requests.every((q) => q.images === 4));

  const again = await evaluate(counting, opts);
  assert.equal(again.asked, 0);
  assert.equal(again.reused, 6);

  const shards = [0, 1].map((i) => join(dir, `shard${i}`));
  for (const [i, out] of shards.entries())
    await evaluate(counting, { ...opts, output: out, shard: { index: i, count: 2 } });
  const merged = await mergeRuns(shards, join(dir, 'merged'));
  assert.deepEqual((merged as CountResults).accuracy, r.accuracy);

  const report = await buildReport([join(dir, 'run'), join(dir, 'merged')], { thumbnails: false });
  assert.match(report.html, /<section id="results">/);
  assert.match(report.html, /Gold count/);
  assert.equal(report.comparison?.rows[0]?.path, 'accuracy.accuracy');
  assert.deepEqual(report.comparison?.rows[0]?.values, [0.5, 0.5]);
  assert.ok(existsSync(join(dir, 'merged', 'results.md')));
});
