import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readStoreFile } from '../../src/eval/runStore.js';
import { runKilledAfterRecords } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';
import { scriptedAnswer } from '../helpers/answers.js';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;
let dir: string;
let server: ScriptedServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-resume-'));
  await makeFixture(join(dir, 'data'));
  // 80 ms per answer, so the run is still going when it is killed.
  server = await startScriptedServer(async (r) => {
    await new Promise((res) => setTimeout(res, 80));
    return { text: scriptedAnswer(r) };
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function args(out: string, concurrency = 2, url = server.url): string[] {
  return [
    CLI,
    'eval',
    '--task',
    'videommmu',
    '--data',
    join(dir, 'data'),
    '--model',
    'openai',
    '--base-url',
    url,
    '--model-name',
    'scripted',
    '--frames',
    '4',
    '--concurrency',
    String(concurrency),
    '--max-tokens',
    '32',
    '--output',
    out,
    '--quiet',
  ];
}

function run(
  out: string,
  killAfterRecords?: number,
  concurrency = 2,
  url = server.url,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return runKilledAfterRecords(args(out, concurrency, url), join(out, 'records.jsonl'), killAfterRecords);
}

test('SIGKILL mid-run, re-run: every item answered exactly once, same results as an uninterrupted run', async () => {
  const killed = join(dir, 'killed');
  const first = await run(killed, 7);
  assert.equal(first.signal, 'SIGKILL', first.stderr);
  const partial = readStoreFile(join(killed, 'records.jsonl')).length;
  assert.ok(partial >= 7 && partial < 24, `killed after ${partial} records`);

  const resumed = await run(killed);
  assert.equal(resumed.code, 0, resumed.stderr);
  const recs = readStoreFile(join(killed, 'records.jsonl'));
  const ok = recs.filter((r) => r.status === 'ok');
  assert.equal(ok.length, 24);
  assert.equal(new Set(ok.map((r) => r.key)).size, 24, 'no item answered twice');

  const clean = join(dir, 'clean');
  assert.equal((await run(clean)).code, 0);
  // Everything but the timings (efficiency: measured, so it differs between any two runs).
  const { efficiency: ea, ...a } = JSON.parse(readFileSync(join(killed, 'results.json'), 'utf8'));
  const { efficiency: eb, ...b } = JSON.parse(readFileSync(join(clean, 'results.json'), 'utf8'));
  assert.deepEqual(a, b);
  assert.equal(ea.requests, 24, 'every answer counted once in the efficiency of the resumed run');
  assert.equal(eb.requests, 24);
  // A session killed with SIGKILL logs nothing; the resume logs its own.
  assert.ok(ea.sessions >= 1);
});

test('many requests in flight at once (--concurrency 32) are not reported as a listener leak', async () => {
  // A slow server, so every request is in flight before the first answer comes back.
  const slow = await startScriptedServer(async (req) => {
    await new Promise((res) => setTimeout(res, 2000));
    return { text: scriptedAnswer(req) };
  });
  const r = await run(join(dir, 'wide'), undefined, 32, slow.url).finally(() => slow.close());
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readStoreFile(join(dir, 'wide', 'records.jsonl')).length, 24);
  assert.doesNotMatch(r.stderr, /MaxListenersExceededWarning/);
});
