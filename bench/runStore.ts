/**
 * Run-store choice: appends/s of the fsync'd JSONL store (group commit, as the evaluator uses it)
 * with 1 and 8 concurrent writers, vs one fsync per record. A WASM SQLite (sql.js) keeps the
 * database in memory and rewrites the whole file to persist, so it cannot give a per-record
 * durability point at all; it is not measured (see docs/run-store.md).
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, type StoredRecord } from '../src/eval/runStore.js';
import { writeBenchResult } from './util.js';

const N = 2000;

function record(i: number): StoredRecord {
  return {
    key: `k${i}`,
    task: 'videommmu',
    item_id: `validation_Art_${i}`,
    condition: 'after',
    status: 'ok',
    item: {
      track: 'Perception',
      subject: 'Art',
      discipline: 'Art',
      question_type: 'multiple-choice',
      options: ['a', 'b', 'c', 'd'],
      answer: 'A',
    },
    request: {
      prompt: 'x'.repeat(400),
      visual: '16 frames',
      frames: { count: 16, indices: Array.from({ length: 16 }, (_, j) => j * 10), width: 448, height: 252 },
    },
    response: { text: 'The answer is (A).', finish_reason: 'stop', attempts: 1, latency_ms: 100, usage: null },
    parsed: 'A',
    score: 1,
    correct: true,
    unparsed: false,
    error: null,
    time: new Date(0).toISOString(),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-store-'));
  const grouped = async (writers: number): Promise<number> => {
    const store = await RunStore.open(join(dir, `g${writers}.jsonl`));
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < N) await store.append(record(next++));
      }),
    );
    await store.close();
    return N / ((performance.now() - t) / 1000);
  };
  const perRecord = (): number => {
    const fd = openSync(join(dir, 'sync.jsonl'), 'a');
    const t = performance.now();
    for (let i = 0; i < N; i++) {
      writeSync(fd, `${JSON.stringify(record(i))}\n`);
      fsyncSync(fd);
    }
    closeSync(fd);
    return N / ((performance.now() - t) / 1000);
  };
  const result = {
    records: N,
    fsync_per_record_appends_per_s: perRecord(),
    group_commit_1_writer_appends_per_s: await grouped(1),
    group_commit_8_writers_appends_per_s: await grouped(8),
  };
  rmSync(dir, { recursive: true, force: true });
  writeBenchResult('run-store', result);
  return result;
}
