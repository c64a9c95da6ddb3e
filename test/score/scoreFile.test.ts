/**
 * `vreason score` end to end (the compiled CLI in a child process) on generated files, with the
 * expected numbers worked out by hand from eval_bench.py / grpo.py.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseRecords, type ScoreSummary } from '../../src/rewards/scoreFile.js';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;

function vreason(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'vreason-score-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const LINES = [
  /* 1 */ {
    problem_type: 'multiple choice',
    solution: '<answer>B</answer>',
    output: '<think>t</think>\n<answer>B</answer>',
  },
  /* 2 */ { problem_type: 'multiple choice', solution: '<answer>B</answer>', output: 'The answer is C' },
  /* 3 */ '{oops',
  /* 4 */ { problem_type: 'numerical', solution: '<answer>3.5</answer>', response: '<answer>3.50</answer>' },
  /* 5 */ {
    problem_type: 'regression',
    solution: '<answer>10</answer>',
    completion: '<think>x</think><answer>8.2</answer>',
  },
  /* 6 */ {
    problem_type: 'OCR',
    solution: '<answer>STOP HERE</answer>',
    output: '<think>r</think><answer>STOP</answer>',
  },
  /* 7 */ { problem_type: 'numerical', output: 'x' },
  /* 8 */ { problem_type: 'essay', solution: 'x', output: 'x' },
  /* 9 */ { problem_type: 'multiple choice', solution: 'A', output: null },
  /* 10 */ '',
  /* 11 */ { problem_type: 'Multiple Choice', solution: 'A', output: '<answer>A</answer>', id: 11 },
];
const input = join(dir, 'out.jsonl');
writeFileSync(input, LINES.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');

// eval_bench's mean relative accuracy for 8.2 vs 10: |8.2 − 10| / 10 = 0.18 < 1 − θ for
// θ = 0.50 … 0.80 (7 of 10 thresholds), as a float32 mean.
const MRA = Math.fround(0.7);
// grpo.py's regression reward for the same answer.
const REG = 1 - (Math.abs(8.2 - 10) + 1e-9) / (10 + 1e-9);

test(
  'eval mode (default): per-type accuracy and format, overall, mean_acc / mean_mra; ' + 'bad lines reported',
  async () => {
    const output = join(dir, 'scored.jsonl');
    const r = await vreason('score', '--input', input, '--output', output, '--json');
    assert.equal(r.code, 1, 'bad lines make the exit code 1');
    const s = JSON.parse(r.stdout) as ScoreSummary;
    assert.equal(s.mode, 'eval');
    assert.deepEqual(s.by_problem_type['multiple choice'], { n: 3, accuracy: 2 / 3, format_rate: 1 / 3 });
    assert.deepEqual(s.by_problem_type.numerical, { n: 1, accuracy: 1, format_rate: 0 });
    assert.deepEqual(s.by_problem_type.regression, { n: 1, accuracy: MRA, format_rate: 1 });
    assert.deepEqual(s.by_problem_type.OCR, { n: 1, accuracy: 0, format_rate: 1 }, 'eval_bench scores OCR 0');
    assert.equal(s.overall.n, 6);
    assert.equal(s.overall.accuracy, (1 + 0 + 1 + MRA + 0 + 1) / 6);
    assert.equal(s.overall.format_rate, 3 / 6);
    assert.deepEqual(s.mean_acc, { n: 5, accuracy: 3 / 5, format_rate: 2 / 5 });
    assert.deepEqual(s.mean_mra, { n: 1, accuracy: MRA, format_rate: 1 });
    assert.deepEqual(
      s.bad.map((b) => [b.at, b.field]),
      [
        ['line 3', null],
        ['line 7', 'solution'],
        ['line 8', 'problem_type'],
        ['line 9', 'output'],
      ],
    );
    assert.match(r.stderr, /out\.jsonl: line 7: field 'solution': required/);
    assert.match(r.stderr, /line 8: field 'problem_type': unknown problem type 'essay'/);

    const scored = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(scored.length, 6);
    assert.deepEqual(
      scored[1]!.scored,
      { mode: 'eval', accuracy: 0, format: 0, answer: 'The answer is C' },
      'eval: the whole output stands in',
    );
    assert.deepEqual(
      scored[5],
      { ...(LINES[10] as object), scored: { mode: 'eval', accuracy: 1, format: 0, answer: 'A' } },
      'input fields kept',
    );
  },
);

test('train mode: grpo.py rewards (OCR by WER, regression by relative error); human table', async () => {
  const r = await vreason('score', '--input', input, '--mode', 'train');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^mode: train$/m);
  assert.match(r.stdout, /^multiple choice\s+3\s+66\.67%\s+33\.33%$/m);
  assert.match(r.stdout, /^OCR\s+1\s+50\.00%\s+100\.00%$/m, 'OCR: 1 − WER = 1 − 1/2');
  assert.match(r.stdout, new RegExp(`^regression\\s+1\\s+${(REG * 100).toFixed(2)}%\\s+100\\.00%$`, 'm'));
  const overall = ((1 + 0 + 1 + REG + 0.5 + 1) / 6) * 100;
  assert.match(r.stdout, new RegExp(`^overall\\s+6\\s+${overall.toFixed(2)}%\\s+50\\.00%$`, 'm'));
  assert.match(r.stdout, /4 bad record\(s\) skipped/);
});

test('eval_bench output {"results": [...]} and a clean file exit 0; a missing file exits 2', async () => {
  const file = join(dir, 'eval_output.json');
  writeFileSync(
    file,
    JSON.stringify({
      results: [
        {
          problem_type: 'multiple choice',
          solution: '<answer>C</answer>',
          output: '<think>a</think><answer>C</answer>',
          prediction: 'C',
          reward: 1,
        },
        { problem_type: 'regression', solution: '<answer>10</answer>', output: '<answer>10</answer>' },
      ],
    }),
  );
  let r = await vreason('score', '--input', file, '--json');
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as ScoreSummary;
  assert.deepEqual(s.overall, { n: 2, accuracy: 1, format_rate: 0.5 });
  assert.deepEqual(s.bad, []);
  writeFileSync(file, JSON.stringify({ results: [{ problem_type: 'numerical', solution: 'x' }] }));
  r = await vreason('score', '--input', file, '--json');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /results\[0\]: field 'output': required/);
  r = await vreason('score', '--input', join(dir, 'missing.jsonl'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing\.jsonl: file not found/);
});

test('parseRecords: JSON array, {"results"}, JSONL with blank and broken lines', () => {
  assert.deepEqual(parseRecords('[{"a":1}]'), [{ at: '[0]', ok: true, value: { a: 1 } }]);
  assert.deepEqual(parseRecords('{"results":[1]}'), [{ at: 'results[0]', ok: true, value: 1 }]);
  const rows = parseRecords('{"a":1}\n\n{x\r\n{"b":2}\r\n');
  assert.deepEqual(
    rows.map((r) => [r.at, r.ok]),
    [
      ['line 1', true],
      ['line 3', false],
      ['line 4', true],
    ],
  );
  assert.deepEqual(parseRecords('{"a":1}'), [{ at: 'line 1', ok: true, value: { a: 1 } }], 'a one-record JSONL');
});
