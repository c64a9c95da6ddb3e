import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;
const doctor = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'doctor', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

test('vreason doctor --json reports node, ffmpeg and the engine backend with its reason', () => {
  const r = doctor({ VREASON_ENGINE: 'js' }, '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    node: string;
    ffmpeg: { version: string; source: string };
    engine: { backend: string; reason: string; threads: number };
  };
  assert.equal(j.node, process.version);
  assert.ok(j.ffmpeg.version && j.ffmpeg.source);
  assert.deepEqual([j.engine.backend, j.engine.threads], ['js', 1]);
  assert.match(j.engine.reason, /VREASON_ENGINE=js/);
});

test('vreason doctor prints a readable summary; a bad VREASON_ENGINE is reported, exit 1', () => {
  const ok = doctor({ VREASON_ENGINE: 'js' });
  assert.match(ok.stdout, /^engine +js — forced by VREASON_ENGINE=js$/m);
  assert.match(ok.stdout, /^ffmpeg +/m);
  const bad = doctor({ VREASON_ENGINE: 'tpu' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /engine +not usable: VREASON_ENGINE must be/);
});
