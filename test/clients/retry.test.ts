import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, isRetryableStatus, parseRetryAfter } from '../../src/clients/retry.js';

test('Retry-After: seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('2'), 2000);
  assert.equal(parseRetryAfter('0.5'), 500);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now), 3000);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter(null), null);
  assert.equal(parseRetryAfter('soon'), null);
});

test('backoff doubles, is capped, and jitters within [d/2, d]', () => {
  const p = { retries: 5, baseMs: 100, maxMs: 1000, retryAfterMaxMs: 5000 };
  assert.equal(
    backoffMs(1, p, () => 0),
    50,
  );
  assert.equal(
    backoffMs(1, p, () => 1),
    100,
  );
  assert.equal(
    backoffMs(3, p, () => 1),
    400,
  );
  assert.equal(
    backoffMs(10, p, () => 1),
    1000,
  );
  assert.equal(
    backoffMs(10, p, () => 0),
    500,
  );
});

test('which statuses are retried', () => {
  for (const s of [408, 429, 500, 502, 503, 504]) assert.ok(isRetryableStatus(s), String(s));
  for (const s of [400, 401, 403, 404, 413, 422]) assert.ok(!isRetryableStatus(s), String(s));
});
