import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RunStore, type StoredRecord } from '../../src/eval/runStore.js';

const rec = (key: string, status: 'ok' | 'error', time = '2026-01-01T00:00:00Z'): StoredRecord => ({
  key,
  task: 't',
  item_id: key,
  condition: 'after',
  status,
  item: {},
  request: { prompt: '', visual: '', frames: null },
  response: status === 'ok' ? { text: 'A', finish_reason: 'stop', attempts: 1, latency_ms: 1, usage: null } : null,
  parsed: null,
  score: null,
  correct: null,
  unparsed: null,
  error: status === 'error' ? { kind: 'model', message: 'boom' } : null,
  time,
});

test('a torn last line is cut off on open; an answer is never hidden by a later error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-store-'));
  try {
    const path = join(dir, 'records.jsonl');
    let store = await RunStore.open(path);
    await Promise.all([store.append(rec('a', 'error')), store.append(rec('a', 'ok')), store.append(rec('b', 'ok'))]);
    await store.append(rec('a', 'error', 'later'));
    await store.close();
    appendFileSync(path, '{"key":"c","status":"ok","tor'); // a writer killed mid-line
    store = await RunStore.open(path);
    assert.ok(store.hasAnswer('a'), 'the ok record for a survives the later error');
    assert.ok(store.hasAnswer('b'));
    assert.equal(store.get('c'), undefined);
    assert.ok(readFileSync(path, 'utf8').endsWith('\n'), 'the torn tail was truncated');
    await store.append(rec('c', 'ok'));
    await store.close();
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredRecord);
    assert.deepEqual(
      lines.map((l) => `${l.key}:${l.status}`),
      ['a:error', 'a:ok', 'b:ok', 'a:error', 'c:ok'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt line in the middle is counted, the rest loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-store-'));
  try {
    const path = join(dir, 'records.jsonl');
    appendFileSync(path, `${JSON.stringify(rec('a', 'ok'))}\nnot json\n${JSON.stringify(rec('b', 'ok'))}\n`);
    const store = await RunStore.open(path);
    assert.deepEqual(store.corruptLines, [2]);
    assert.equal(store.records().length, 2);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
