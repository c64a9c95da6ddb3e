/**
 * The spawner (src/media/spawner.ts): binaries started through a small helper process give the same
 * results as started directly — stdout, stdin, extra pipes, exit codes, a binary that is missing —
 * a process using it still exits on its own, and a spawner that dies mid-run costs nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { locateFfmpeg, runBinary, runBinaryPipes } from '../../src/media/ffmpeg.js';
import { spawnerPid } from '../../src/media/spawner.js';

async function both<T>(f: () => Promise<T>): Promise<{ direct: T; spawner: T }> {
  const was = process.env.VREASON_SPAWNER;
  try {
    process.env.VREASON_SPAWNER = '0';
    const direct = await f();
    process.env.VREASON_SPAWNER = '1';
    const spawner = await f();
    return { direct, spawner };
  } finally {
    if (was === undefined) delete process.env.VREASON_SPAWNER;
    else process.env.VREASON_SPAWNER = was;
  }
}

test('through the spawner: the same stdout, stdin, extra pipes and exit codes as started directly', async () => {
  const ff = locateFfmpeg().ffmpeg;
  const version = await both(() => runBinary(ff, ['-version']));
  assert.equal(version.spawner.code, 0);
  assert.ok(version.spawner.stdout.toString().startsWith('ffmpeg version'));
  assert.deepEqual(version.spawner.stdout, version.direct.stdout);
  const pid = spawnerPid();
  assert.ok(pid && pid !== process.pid, 'a spawner process ran the second call');

  const input = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
  const echoed = await both(() => runBinary('cat', [], { input }));
  assert.deepEqual(echoed.spawner.stdout, input);
  assert.deepEqual(echoed.direct.stdout, input);

  const script = 'printf abc >&3; printf de >&4; echo oops >&2; exit 3';
  const piped = await both(() => runBinaryPipes('sh', ['-c', script], 2));
  for (const r of [piped.direct, piped.spawner]) {
    assert.deepEqual(
      r.outputs.map((o) => o.toString()),
      ['abc', 'de'],
    );
    assert.equal(r.code, 3);
    assert.equal(r.stderr, 'oops\n');
  }
  assert.equal(spawnerPid(), pid, 'one spawner serves every run');
});

test('a missing binary is the same ENOENT error either way; a process using the spawner exits on its own', async () => {
  const missing = await both(() =>
    runBinary('/nonexistent/vreason-tool', []).then(
      () => 'started',
      (e: NodeJS.ErrnoException) => e.code,
    ),
  );
  assert.deepEqual(missing, { direct: 'ENOENT', spawner: 'ENOENT' });
  const ffmpegModule = new URL('../../src/media/ffmpeg.js', import.meta.url).href;
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { runBinary } = await import(${JSON.stringify(ffmpegModule)}); const r = await runBinary('echo', ` +
        `['hi']); process.stdout.write(r.stdout);`,
    ],
    { env: { ...process.env, VREASON_SPAWNER: '1' }, timeout: 20_000, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `exited by itself (signal ${r.signal}): ${r.stderr}`);
  assert.equal(r.stdout, 'hi\n');
});

test('a spawner killed while a run is in flight: the run is started again directly and still answers', async () => {
  process.env.VREASON_SPAWNER = '1';
  try {
    const run = runBinary('sh', ['-c', 'sleep 0.3; echo done']);
    const pid = spawnerPid();
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    const r = await run;
    assert.equal(r.code, 0);
    assert.equal(r.stdout.toString(), 'done\n');
  } finally {
    delete process.env.VREASON_SPAWNER;
  }
});
