import assert from 'node:assert/strict';
import { test } from 'node:test';
import { efficiencyOf, type DispatchSession } from '../../src/tasks/efficiency.js';
import type { StoredRecord } from '../../src/tasks/record.js';

const rec = (i: number, server: string | undefined, latency: number, ttft?: number): StoredRecord => ({
  key: `k${i}`,
  task: 't',
  item_id: `i${i}`,
  condition: 'after',
  status: 'ok',
  item: {},
  request: { prompt: 'p', visual: '', frames: null },
  response: {
    text: 'A',
    finish_reason: 'stop',
    attempts: 1,
    latency_ms: latency,
    usage: { promptTokens: 100, completionTokens: 10 },
    ...(server ? { server } : {}),
    ...(ttft !== undefined ? { ttft_ms: ttft } : {}),
  },
  parsed: 'A',
  score: 1,
  correct: true,
  unparsed: false,
  error: null,
  time: '2026-12-03T00:00:00.000Z',
});

const snap = (url: string, attempts: number, http429: number, final: number) => ({
  url,
  answers: attempts - http429,
  attempts,
  failed: { http_429: http429, http_5xx: 0, http_other: 0, transport: 0, timeouts: 0 },
  benched: http429 ? 1 : 0,
  down: false,
  window: { ceiling: 8, final, min: final, cuts_overload: http429 ? 1 : 0, cuts_latency: 0 },
});

test('efficiency from records and sessions: rates over time spent asking, percentiles, per server', () => {
  const records = [
    ...Array.from({ length: 10 }, (_, i) => rec(i, 'http://a/v1', (i + 1) * 10, i + 1)),
    ...Array.from({ length: 10 }, (_, i) => rec(10 + i, 'http://b/v1', (i + 1) * 100, 5)),
    { ...rec(99, 'http://b/v1', 1), status: 'error' as const, response: null },
  ];
  const sessions: DispatchSession[] = [
    {
      started: 's1',
      wall_ms: 2000,
      answered: 12,
      errored: 1,
      prompt_tokens: 1200,
      completion_tokens: 120,
      order: 'video',
      stream: true,
      servers: [snap('http://a/v1', 7, 1, 4), snap('http://b/v1', 6, 0, 8)],
    },
    {
      started: 's2',
      wall_ms: 3000,
      answered: 8,
      errored: 0,
      prompt_tokens: 800,
      completion_tokens: 80,
      order: 'video',
      stream: true,
      servers: [snap('http://a/v1', 4, 0, 6)],
    },
  ];
  const e = efficiencyOf(records, sessions);
  assert.equal(e.sessions, 2);
  assert.equal(e.wall_s, 5);
  assert.equal(e.requests, 20, 'errors are not answers');
  assert.equal(e.requests_per_s, 4);
  assert.equal(e.tokens_per_s, 40);
  assert.equal(e.prompt_tokens, 2000);
  assert.equal(e.completion_tokens, 200);
  assert.deepEqual(e.latency_ms, { p50: 100, p95: 900, p99: 1000 });
  const [a, b] = e.servers;
  assert.equal(a!.url, 'http://a/v1');
  assert.equal(a!.requests, 10);
  assert.deepEqual(a!.latency_ms, { p50: 50, p95: 100, p99: 100 });
  assert.deepEqual(a!.ttft_ms, { p50: 5, p95: 10, p99: 10 });
  assert.equal(a!.attempts, 11, 'attempts summed over sessions');
  assert.equal(a!.failed?.http_429, 1);
  assert.equal(a!.window?.final, 6, 'the window of the latest session');
  assert.equal(b!.requests, 10);
  assert.equal(b!.completion_tokens, 100);
});

test('no sessions logged (older runs): counts and percentiles, no rates; records without a server', () => {
  const e = efficiencyOf([rec(1, undefined, 40), rec(2, undefined, 60)], []);
  assert.equal(e.wall_s, null);
  assert.equal(e.requests_per_s, null);
  assert.equal(e.tokens_per_s, null);
  assert.equal(e.ttft_ms, null);
  assert.deepEqual(e.servers, []);
  assert.deepEqual(e.latency_ms, { p50: 40, p95: 60, p99: 60 });
  assert.deepEqual(efficiencyOf([], []).latency_ms, { p50: null, p95: null, p99: null });
});
