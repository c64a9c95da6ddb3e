import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import { scriptedAnswer } from '../helpers/answers.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { startFaultProxy, type Fault } from '../helpers/faultProxy.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

let dir: string;
let upstream: ScriptedServer;

/** Every first attempt meets one of these, in turn; later attempts pass. */
const FIRST: Fault[] = [
  { kind: 'status', status: 429, retryAfter: '0' },
  { kind: 'status', status: 429 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503, retryAfter: '0' },
  { kind: 'reset' },
  { kind: 'drip', intervalMs: 400 },
  { kind: 'hang' },
  { kind: 'truncate' },
  { kind: 'emptyChoices' },
];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-proxy-'));
  await makeFixture(join(dir, 'data'));
  upstream = await startScriptedServer((r) => ({ text: scriptedAnswer(r) }));
});
after(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = (out: string, url: string, retries: number) =>
  evalOptions(join(dir, 'data'), join(dir, out), url, {
    model: { baseUrl: url, name: 'scripted', timeoutMs: 800, retry: { retries, baseMs: 5, maxMs: 20 } },
    concurrency: 8,
  });

test('every fault on the first attempt is retried; results equal a fault-free run', async () => {
  const prompts: string[] = [];
  const proxy = await startFaultProxy(upstream.url, (prompt, attempt) => {
    if (attempt > 1) return { kind: 'pass' };
    if (!prompts.includes(prompt)) prompts.push(prompt);
    return FIRST[prompts.indexOf(prompt) % FIRST.length] as Fault;
  });
  try {
    const faulty = await evaluateVideoMMMU(opts('faulty', proxy.url, 2));
    const clean = await evaluateVideoMMMU(opts('clean', upstream.url, 0));
    for (const f of FIRST)
      assert.ok(
        proxy.served.includes(f.kind === 'status' ? `status ${f.status}${f.retryAfter ? ' retry-after' : ''}` : f.kind),
        `fault ${JSON.stringify(f)} was exercised`,
      );
    assert.equal(faulty.results.counts.answered, 24);
    assert.equal(faulty.results.counts.errored, 0);
    assert.deepEqual(faulty.results.tracks, clean.results.tracks);
    assert.deepEqual(faulty.results.delta_knowledge, clean.results.delta_knowledge);
    const attempts = readStoreFile(join(dir, 'faulty', 'records.jsonl')).map((r) => r.response?.attempts);
    assert.ok(
      attempts.every((a) => a === 2),
      'each answer took exactly one retry',
    );
  } finally {
    await proxy.close();
  }
});

test('faults that persist past the retry budget become per-item errors; answered + errored = total', async () => {
  const proxy = await startFaultProxy(upstream.url, (prompt) => {
    if (/Which colour/.test(prompt)) return { kind: 'status', status: 502 };
    if (/worked example/.test(prompt)) return { kind: 'truncate' };
    return { kind: 'pass' };
  });
  try {
    const { results } = await evaluateVideoMMMU(opts('persistent', proxy.url, 1));
    assert.equal(results.counts.planned, 24);
    assert.equal(results.counts.answered + results.counts.errored, 24);
    assert.equal(results.counts.errored, 12);
    assert.ok(
      results.errors.every((e) => /HTTP 502|malformed JSON/.test(e.message)),
      results.errors.map((e) => e.message).join('\n'),
    );
    assert.equal(results.tracks.Adaptation!.n, 6, 'the healthy track is scored');
  } finally {
    await proxy.close();
  }
});
