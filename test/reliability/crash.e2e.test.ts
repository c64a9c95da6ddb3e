import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { mulberry32 } from '../../src/core/rng.js';
import { evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import { scriptedAnswer } from '../helpers/answers.js';
import { runCli } from '../helpers/cli.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

let dir: string;
let server: ScriptedServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-crash-'));
  await makeFixture(join(dir, 'data'));
  server = await startScriptedServer(async (r) => {
    await new Promise((res) => setTimeout(res, 30));
    return { text: scriptedAnswer(r) };
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `vreason eval` on the fixture; SIGKILLed after `killAfterMs` if given. */
const run = (out: string, killAfterMs?: number) =>
  runCli(
    [
      'eval',
      '--data',
      join(dir, 'data'),
      '--base-url',
      server.url,
      '--model-name',
      'scripted',
      '--frames',
      '4',
      '--concurrency',
      '3',
      '--max-tokens',
      '32',
      '--output',
      out,
      '--quiet',
    ],
    killAfterMs,
  );

test(
  'SIGKILL at 20 seeded random points, resuming after each: every item answered exactly once, ' + 'results identical',
  async () => {
    const out = join(dir, 'killed');
    const rand = mulberry32(2026);
    let kills = 0;
    for (let i = 0; i < 20; i++) {
      // Kill points spread over start-up, planning, asking and writing results.
      const r = await run(out, Math.floor(80 + rand() * 700));
      if (r.signal === 'SIGKILL') kills++;
      else assert.equal(r.code, 0, r.stderr);
      // results.json is replaced by rename, so it is either absent or whole.
      if (existsSync(join(out, 'results.json'))) JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    }
    assert.ok(kills >= 10, `only ${kills} of 20 runs were killed mid-way`);
    const final = await run(out);
    assert.equal(final.code, 0, final.stderr);
    assert.deepEqual(
      readdirSync(out).filter((f) => f.endsWith('.tmp')),
      [],
      'temp files of killed writers are cleaned up',
    );
    const ok = readStoreFile(join(out, 'records.jsonl')).filter((r) => r.status === 'ok');
    assert.equal(ok.length, 24, 'every request answered');
    assert.equal(new Set(ok.map((r) => r.key)).size, 24, 'none answered twice');
    const clean = join(dir, 'clean');
    assert.equal((await run(clean)).code, 0);
    // Everything but the timings (efficiency: measured, so it differs between any two runs).
    const { efficiency: ea, ...a } = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const { efficiency: eb, ...b } = JSON.parse(readFileSync(join(clean, 'results.json'), 'utf8'));
    assert.deepEqual(a, b);
    assert.equal(ea.requests, eb.requests);
  },
);

test('a full disk gives a clear error and no results.json', async () => {
  const out = join(dir, 'full');
  mkdirSync(out, { recursive: true });
  symlinkSync('/dev/full', join(out, 'records.jsonl')); // every write fails with ENOSPC
  await assert.rejects(
    evaluateVideoMMMU(evalOptions(join(dir, 'data'), out, server.url)),
    /records\.jsonl: cannot append records: ENOSPC: no space left on device/,
  );
  assert.ok(!existsSync(join(out, 'results.json')));
});

test('an output path that cannot be written is one clear error before anything is asked', async (t) => {
  const before = server.requests.length;
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  await assert.rejects(
    evaluateVideoMMMU(evalOptions(join(dir, 'data'), join(file, 'run'), server.url)),
    /output directory .*a-file\/run is not writable \((ENOTDIR|EEXIST)\)/,
  );
  // A read-only directory: root ignores permission bits, but not the immutable attribute.
  const ro = join(dir, 'read-only');
  mkdirSync(ro);
  const chattr = spawnSync('chattr', ['+i', ro]);
  if (chattr.status === 0) {
    try {
      await assert.rejects(
        evaluateVideoMMMU(evalOptions(join(dir, 'data'), ro, server.url)),
        /output directory .*read-only is not writable \(EPERM\)/,
      );
      assert.ok(!existsSync(join(ro, 'results.json')));
    } finally {
      spawnSync('chattr', ['-i', ro]);
    }
  } else t.diagnostic(`chattr unavailable here (${chattr.stderr}); only the ENOTDIR case ran`);
  assert.equal(server.requests.length, before, 'no request was made');
});
