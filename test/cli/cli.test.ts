import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;
const vreason = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('--help teaches: commands, flags with defaults, examples', () => {
  const top = vreason('--help');
  assert.equal(top.status, 0);
  for (const c of ['eval', 'data', 'merge', 'train', 'serve', 'demo', 'experiment'])
    assert.match(top.stdout, new RegExp(`\\n  ${c}\\b`));
  const ev = vreason('eval', '--help');
  assert.equal(ev.status, 0);
  assert.match(ev.stdout, /--frames <n>[\s\S]{0,200}?default 16 for Video-MMMU/);
  assert.match(ev.stdout, /--video-mode <mode>[\s\S]{0,200}?choices: "frames",\s+"video"/);
  assert.match(ev.stdout, /Examples:\n  vreason eval --data \.\/VideoMMMU/);
  assert.match(ev.stdout, /Re-running the same command resumes/);
  for (const flag of ['--base-urls-file <file>', '--fixed-concurrency', '--latency-target-ms <ms>', '--stream'])
    assert.ok(ev.stdout.includes(flag), flag);
  assert.match(ev.stdout, /--base-url <url>[\s\S]{0,200}?repeat it for\s+several servers/);
  assert.match(ev.stdout, /--order <order>[\s\S]{0,300}?choices: "video",\s+"dataset"/);
});

test('bad usage exits 2 with a message that names the problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-cli-'));
  try {
    let r = vreason('eval', '--data', dir, '--model-name', 'm', '--frames', 'many');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--frames expects an integer ≥ 1, got 'many'/);
    r = vreason('eval', '--data', dir, '--model-name', 'm', '--shard', '4/4');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--shard expects i\/n with 0 ≤ i < n/);
    r = vreason('eval', '--data', join(dir, 'nope'), '--model-name', 'm');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /nope: dataset directory not found/);
    r = vreason('eval', '--data', dir, '--model-name', 'm', '--base-url', 'localhost:8000');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--base-url #1: 'localhost:8000' is not an http\(s\) URL/);
    writeFileSync(join(dir, 'urls.txt'), '# servers\nhttp://127.0.0.1:1/v1\n\nnot a url\n');
    r = vreason('eval', '--data', dir, '--model-name', 'm', '--base-urls-file', join(dir, 'urls.txt'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /urls\.txt:4: 'not a url' is not a URL/);
    writeFileSync(join(dir, 'empty.txt'), '# nothing here\n');
    r = vreason('eval', '--data', dir, '--model-name', 'm', '--base-urls-file', join(dir, 'empty.txt'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /empty\.txt: no URLs in it/);
    r = vreason('eval', '--data', dir, '--model-name', 'm', '--order', 'random');
    assert.equal(r.status, 2);
    r = vreason('eval', '--data', dir, '--model-name', 'm', '--tracks', 'Perception,Listening');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown track 'Listening'/);
    r = vreason('train', 'sft', '--data', dir, '--out', join(dir, 'run'), '--frame-size', '100x48');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--frame-size expects WxH in multiples of --patch-size \(16\), got '100x48'/);
    r = vreason('train', 'sft', '--data', dir, '--out', join(dir, 'run'), '--tokenizer', 'bpe');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--tokenizer expects word or byte, got 'bpe'/);
    r = vreason('train', 'sft', '--data', dir, '--out', join(dir, 'run'), '--tokenizer', 'byte', '--whole-numbers');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--whole-numbers applies to the word tokenizer/);
    r = vreason('experiment', 'tgrpo-ablation', '--init', dir, '--data', dir, '--out', join(dir, 'ab'), '--steps', '0');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--steps expects an integer ≥ 1, got '0'/);
    r = vreason('eval', '--data', dir);
    assert.equal(r.status, 2, 'a missing --model-name is bad usage');
    assert.match(r.stderr, /--model-name is required/);
    r = vreason('eval', '--model-name', 'm');
    assert.equal(r.status, 2, "commander's own usage errors exit 2 too");
    assert.match(r.stderr, /required option '--data <path>' not specified/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('any eval_<name>.json in the data folder is a task; other names are refused with the list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-cli-'));
  try {
    writeFileSync(
      join(dir, 'eval_custom.json'),
      JSON.stringify([
        {
          problem_id: 1,
          problem: 'q',
          data_type: 'video',
          problem_type: 'numerical',
          options: [],
          solution: '<answer>1</answer>',
          path: './a.mp4',
        },
      ]),
    );
    // Nothing listens on port 9: the task is accepted and planned, then the endpoint check stops the run.
    const r = vreason(
      'eval',
      '--task',
      'custom',
      '--data',
      dir,
      '--model-name',
      'm',
      '--base-url',
      'http://127.0.0.1:9/v1',
      '--retries',
      '0',
      '--output',
      join(dir, 'run'),
      '--quiet',
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /cannot reach the model server at http:\/\/127\.0\.0\.1:9\/v1 \(bad port\): is it running/);
    const bad = vreason('eval', '--task', 'nosuch', '--data', dir, '--model-name', 'm');
    assert.equal(bad.status, 2);
    assert.match(
      bad.stderr,
      new RegExp(
        /unknown task 'nosuch': it is not a built-in benchmark \(videommmu, vsibench, .*\) and .* has no /.source +
          /eval_nosuch\.json or eval_nosuch\.jsonl \(eval files there: eval_custom\.json\)/.source,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
