import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;
const vreason = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'vreason-report-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A run that has started: its config, and no answers yet (so no ffmpeg or server is needed). */
function startedRun(name: string): string {
  const run = join(dir, 'runs', name);
  mkdirSync(run, { recursive: true });
  writeFileSync(
    join(run, 'config.json'),
    JSON.stringify({ task: 'videommmu', units: 4, seed: 0, model: { name: `<${name}>` } }),
  );
  writeFileSync(join(run, 'records.jsonl'), '');
  return run;
}

test('vreason report: writes report.html and report.md into the run; bad usage exits 2', () => {
  const run = startedRun('fresh');
  const r = vreason('report', run);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /report: .*fresh\/report\.html\nmarkdown: .*fresh\/report\.md/);
  const html = readFileSync(join(run, 'report.html'), 'utf8');
  assert.match(html, /vreason report — fresh \(&lt;fresh&gt;\)/, 'the model name is escaped');
  assert.match(html, /computed from the records/);
  assert.ok(existsSync(join(run, 'report.md')));
  const bad = vreason('report', join(dir, 'nothing-here'));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /nothing-here: not a run directory/);
  assert.equal(vreason('report', run, '--thumb-width', 'big').status, 2);
  assert.match(vreason('--help').stdout, /\n  report \[options\] <runs\.\.\.>[\s\S]*\n  dashboard \[options\]/);
});

test('vreason dashboard: serves on 127.0.0.1, stops cleanly on SIGTERM', async () => {
  startedRun('watched');
  const child = spawn(process.execPath, [CLI, 'dashboard', '--runs', join(dir, 'runs'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    while (!/dashboard: (http:\S+)\//.test(out)) await new Promise((r) => setTimeout(r, 50));
    const url = /dashboard: (http:\S+)\//.exec(out)![1]!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const runs = (await (await fetch(`${url}/api/runs`)).json()) as { name: string; progress: { planned: number } }[];
    assert.deepEqual(
      runs.map((r) => [r.name, r.progress.planned]),
      [
        ['fresh', 4],
        ['watched', 4],
      ],
    );
    // An open event stream must not keep the server from stopping.
    const events = await fetch(`${url}/events`);
    assert.equal(events.headers.get('content-type'), 'text/event-stream');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(out, /dashboard stopped/);
    await events.body?.cancel().catch(() => undefined);
  } finally {
    child.kill('SIGKILL');
  }
});
