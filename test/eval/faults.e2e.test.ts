import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type Reply, type ScriptedServer, type SeenRequest } from '../helpers/scriptedServer.js';

let dir: string;
let server: ScriptedServer;
/** Server-side arrival times of the rate-limited question's attempts. */
const artTimes: number[] = [];

/** Perception questions meet one fault each; everything else answers "A". */
function script(r: SeenRequest): Reply {
  if (!/Which colour/.test(r.prompt)) return { text: 'A' };
  switch (r.id) {
    case 'validation_Art_1': // rate limited once, told to wait 1 s
      artTimes.push(performance.now());
      return r.attempt === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { text: '(A)' };
    case 'dev_Economics_2':
      return r.attempt === 1 ? { status: 500 } : { text: 'B' };
    case 'test_Physics_3': // first attempt never answers: the 1 s timeout must fire
      return r.attempt === 1 ? { hang: true } : { text: 'C' };
    case 'validation_Clinical_Medicine_4':
      return r.attempt === 1
        ? { raw: '{"choices": [{"message": {"content": "D"' }
        : r.attempt === 2
          ? { noChoices: true }
          : { text: 'D' };
    case 'dev_History_5': // overloaded for good: error after the retry budget
      return { status: 503, headers: { 'retry-after': '0' } };
    default: // connection reset every time
      return { reset: true };
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-faults-'));
  await makeFixture(join(dir, 'data'));
  server = await startScriptedServer(script);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('faults are retried within budget, then recorded per item; the run completes', async () => {
  const { results } = await evaluateVideoMMMU(
    evalOptions(join(dir, 'data'), join(dir, 'run'), server.url, {
      model: { baseUrl: server.url, name: 'faulty', timeoutMs: 1000, retry: { retries: 2, baseMs: 5, maxMs: 20 } },
      params: { temperature: 0, maxTokens: 16 },
      concurrency: 6,
      // The scripted server numbers attempts per (item, condition) over all its questions: in
      // dataset order the Perception question of an item is its first request.
      order: 'dataset',
    }),
  );
  assert.equal(results.counts.planned, 24);
  assert.equal(results.counts.answered + results.counts.errored, 24);
  assert.equal(results.counts.errored, 2);
  assert.deepEqual(results.errors.map((e) => e.item_id).sort(), ['dev_History_5', 'test_Computer_Science_6']);
  assert.match(results.errors.find((e) => e.item_id === 'dev_History_5')!.message, /HTTP 503.*after 3 attempts/);
  assert.equal(results.tracks.Perception!.n, 4);
  assert.equal(results.tracks.Perception!.correct, 4);

  const recs = readStoreFile(join(dir, 'run', 'records.jsonl'));
  const attemptsOf = (id: string) =>
    recs.find((r) => r.item_id === id && /Which colour/.test(r.request.prompt))?.response?.attempts;
  assert.equal(attemptsOf('validation_Art_1'), 2);
  assert.equal(attemptsOf('dev_Economics_2'), 2);
  assert.equal(attemptsOf('test_Physics_3'), 2);
  assert.equal(attemptsOf('validation_Clinical_Medicine_4'), 3);
  // Retry-After: 1 was honoured (backoff alone would have retried after ≤ 20 ms).
  assert.equal(artTimes.length, 2);
  assert.ok(artTimes[1]! - artTimes[0]! >= 950, `retried after ${artTimes[1]! - artTimes[0]!} ms`);
});

test('re-running retries only the failed items', async () => {
  const before = server.requests.length;
  await evaluateVideoMMMU(
    evalOptions(join(dir, 'data'), join(dir, 'run'), server.url, {
      model: { baseUrl: server.url, name: 'faulty', timeoutMs: 1000, retry: { retries: 0, baseMs: 5 } },
      params: { temperature: 0, maxTokens: 16 },
      concurrency: 2,
    }),
  );
  const again = server.requests
    .slice(before)
    .map((r) => r.id)
    .sort();
  assert.deepEqual(again, ['dev_History_5', 'test_Computer_Science_6']);
});
