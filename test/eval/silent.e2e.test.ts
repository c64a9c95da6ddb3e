/**
 * Bad data and bad setups never pass silently (issue 20), through the real CLI, real ffmpeg, real
 * mp4s and a real HTTP server on 127.0.0.1: cut videos, skipped rows, empty data folders, a server
 * that is down, a base URL without /v1, a missing task file, Ctrl-C.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { locateFfmpeg, runBinary } from '../../src/media/ffmpeg.js';
import { videoR1Task } from '../../src/tasks/videor1/index.js';
import { CLI, runCli } from '../helpers/cli.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

let dir: string;
let server: ScriptedServer;

const row = (id: number, path: string, extra: Record<string, unknown> = {}) => ({
  problem_id: id,
  problem: `[q${id}] Which option?`,
  data_type: 'video',
  problem_type: 'multiple choice',
  options: ['A. one', 'B. two'],
  solution: '<answer>A</answer>',
  path,
  ...extra,
});

async function ff(args: string[]): Promise<void> {
  const r = await runBinary(locateFfmpeg().ffmpeg, ['-y', '-v', 'error', ...args]);
  assert.equal(r.code, 0, r.stderr);
}

/** A freshly closed port on 127.0.0.1: nothing listens there. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-silent-'));
  mkdirSync(join(dir, 'data', 'v'), { recursive: true });
  const good = join(dir, 'data', 'v', 'good.mp4');
  const fast = join(dir, 'fast.mp4');
  const src = 'testsrc=size=160x120:rate=8';
  await ff(['-f', 'lavfi', '-i', src, '-t', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', good]);
  await ff([
    '-f',
    'lavfi',
    '-i',
    src,
    '-t',
    '4',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    fast,
  ]);
  const bytes = readFileSync(fast);
  writeFileSync(join(dir, 'data', 'v', 'cut.mp4'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  writeFileSync(
    join(dir, 'data', 'eval_mixed.json'),
    JSON.stringify([
      row(1, './v/good.mp4'),
      row(2, './v/cut.mp4'),
      row(3, './v/good.mp4', { problem_type: 'essay' }),
      row(4, './v/good.mp4', { solution: 'A' }),
    ]),
  );
  mkdirSync(join(dir, 'empty'));
  server = await startScriptedServer(() => ({ text: '<think>ok</think><answer>A</answer>' }));
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Later flags win in commander, so `extra` may override --base-url or --retries. */
const evalArgs = (out: string, ...extra: string[]): string[] => [
  'eval',
  '--task',
  'mixed',
  '--data',
  join(dir, 'data'),
  '--model-name',
  'scripted',
  // A test that names its own server gets only that one (a repeated --base-url adds a server).
  ...(extra.includes('--base-url') ? [] : ['--base-url', server.url]),
  '--output',
  join(dir, out),
  '--retries',
  '0',
  ...extra,
];

test('a cut video is a per-item media error by default, named in the terminal and results.md', async () => {
  const r = await runCli(evalArgs('run-default'));
  assert.equal(r.code, 3, r.stderr);
  const records = readFileSync(join(dir, 'run-default', 'mixed', 'records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item_id: string; status: string; error: { kind: string; message: string } | null });
  const cut = records.find((x) => x.item_id === '2')!;
  assert.equal(cut.status, 'error');
  assert.equal(cut.error?.kind, 'media:truncated');
  assert.match(cut.error!.message, /cut\.mp4: truncated: only \d+ of \d+ sampled frames decode/);
  assert.match(r.stdout, /mixed: 1 request\(s\) failed/);
  assert.match(r.stderr, /errors 1 \(last: media:truncated: /, 'the progress line says why, not only how many');
  assert.match(r.stdout, /media:truncated: .*cut\.mp4: truncated: only \d+ of/);
  // Skipped rows are counted and explained, not silently dropped.
  assert.match(r.stdout, /mixed: 2 dataset row\(s\) skipped as invalid/);
  assert.match(r.stdout, /field 'problem_type': unknown problem type 'essay'/);
  assert.match(r.stdout, /field 'solution': expected <answer>…<\/answer>/);
  const md = readFileSync(join(dir, 'run-default', 'results.md'), 'utf8');
  assert.match(md, /## mixed: data and request problems/);
  assert.match(md, /2 dataset row\(s\) skipped as invalid/);
  assert.match(md, /1 request\(s\) failed/);
  const results = JSON.parse(readFileSync(join(dir, 'run-default', 'results.json'), 'utf8'));
  assert.equal(results.benchmarks.mixed.skipped_rows.length, 2);
});

test('--allow-short-videos sends the frames that exist and flags the item everywhere', async () => {
  const r = await runCli(evalArgs('run-short', '--allow-short-videos'));
  assert.equal(r.code, 0, r.stderr);
  const records = readFileSync(join(dir, 'run-short', 'mixed', 'records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const cut = records.find((x: { item_id: string }) => x.item_id === '2');
  assert.equal(cut.status, 'ok');
  const short = cut.request.frames.short;
  assert.ok(short.decoded > 0 && short.decoded < short.planned, JSON.stringify(short));
  assert.equal(cut.request.frames.count, short.decoded);
  assert.equal(cut.request.frames.indices.length, short.decoded);
  // The request carried exactly the decoded frames: no copies of the last one.
  const seen = server.requests.filter((q) => q.prompt.includes('[q2]')).at(-1)!;
  assert.equal(seen.images, short.decoded);
  const urls = (seen.body.messages as { content: { image_url?: { url: string } }[] }[])[0]!.content
    .map((p) => p.image_url?.url)
    .filter(Boolean);
  assert.equal(new Set(urls).size, urls.length, 'every frame sent is a different image');
  assert.match(r.stdout, /mixed: 1 request\(s\) sent with fewer frames than planned/);
  const results = JSON.parse(readFileSync(join(dir, 'run-short', 'results.json'), 'utf8'));
  assert.equal(results.benchmarks.mixed.short_videos.length, 1);
  assert.match(readFileSync(join(dir, 'run-short', 'results.md'), 'utf8'), /sent with fewer frames than planned/);
});

test('reports show gold answers without their <answer> tags', () => {
  const task = videoR1Task('mixed', join(dir, 'data', 'eval_mixed.json'));
  assert.equal(task.gold({ solution: '<answer>B</answer>' }), 'B');
  assert.equal(task.gold({ solution: '<think>x</think><answer>3.5</answer>' }), '3.5');
});

test('an empty or wrong --data folder is bad usage: exit 2, saying where it looked', async () => {
  const r = await runCli([
    'eval',
    '--data',
    join(dir, 'empty'),
    '--model-name',
    'm',
    '--base-url',
    server.url,
    '--output',
    join(dir, 'run-empty'),
  ]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /videommmu: nothing to evaluate in .*empty: found no index file there, 0 valid item\(s\)/);
  assert.match(r.stderr, /expected <Track>\/\*\.parquet/);
  const synth = await runCli(['eval', '--task', 'synth', '--data', join(dir, 'empty'), '--model-name', 'm']);
  assert.equal(synth.code, 2);
  assert.match(synth.stderr, /unknown task 'synth': .* has no eval_synth\.json or eval_synth\.jsonl/);
});

test('a server that is down stops the run at once with the URL; a base URL without /v1 gets a hint', async () => {
  const port = await closedPort();
  const t0 = performance.now();
  const r = await runCli(evalArgs('run-down', '--retries', '5', '--base-url', `http://127.0.0.1:${port}/v1`));
  const secs = (performance.now() - t0) / 1000;
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`cannot reach the model server at http://127\\.0\\.0\\.1:${port}/v1 \\(ECONNREFUSED\\)`),
  );
  process.stdout.write(`# server down: exit after ${secs.toFixed(1)} s\n`);
  const noV1 = server.url.replace(/\/v1$/, '');
  const r2 = await runCli(evalArgs('run-nov1', '--base-url', noV1));
  assert.equal(r2.code, 1, r2.stderr);
  assert.match(r2.stderr, new RegExp(`did you mean --base-url ${noV1.replace(/[.]/g, '\\.')}/v1 \\?`));
});

test('Ctrl-C says what happened and how to resume', async () => {
  const slow = await startScriptedServer(async () => {
    await new Promise((r) => setTimeout(r, 400));
    return { text: '<answer>A</answer>' };
  });
  try {
    const child = spawn(process.execPath, [CLI, ...evalArgs('run-int', '--base-url', slow.url, '--concurrency', '1')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    let exited = false;
    void closed.then(() => (exited = true));
    const deadline = Date.now() + 60_000;
    while (slow.requests.length === 0 && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(!exited, `the run ended before it was interrupted: ${stderr}`);
    child.kill('SIGINT');
    const code = await closed;
    assert.equal(code, 130);
    assert.match(stderr, /SIGINT: interrupted: answers received so far are stored in .*run-int\/records\.jsonl/);
    assert.match(stderr, /run the same command again to resume/);
  } finally {
    await slow.close();
  }
});
