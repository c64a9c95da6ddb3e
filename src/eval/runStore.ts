import { existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import type { StoredRecord } from '../tasks/record.js';

export type { RunAccount, RunCounts, RunError, SkippedRow, StoredRecord } from '../tasks/record.js';
export { accountFor } from '../tasks/record.js';

/**
 * Append-only, crash-safe JSONL store: records are written as whole lines and fsync'd in batches
 * (group commit), so a SIGKILL leaves at most one torn last line, which `open` cuts off. Measured
 * against alternatives in `bench/runStore.ts` (see docs/run-store.md).
 */
export class RunStore {
  private readonly handle: FileHandle;
  private size: number;
  private pending: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;
  private readonly byKey = new Map<string, StoredRecord>();
  /** Lines that could not be parsed (besides a torn tail): counted, never fatal. */
  readonly corruptLines: number[] = [];

  private constructor(
    readonly path: string,
    handle: FileHandle,
  ) {
    this.handle = handle;
    this.size = this.load();
  }

  static async open(path: string): Promise<RunStore> {
    const handle = await open(path, existsSync(path) ? 'r+' : 'w+');
    return new RunStore(path, handle);
  }

  /** Index what is on disk; returns the byte length kept. */
  private load(): number {
    // Only a regular file holds records (a device such as /dev/full, used to simulate a full disk, is never read).
    if (!statSync(this.path).isFile()) return 0;
    const bytes = readFileSync(this.path);
    const end = bytes.lastIndexOf(0x0a) + 1;
    // A torn final line from a killed writer: drop it so the next append starts clean.
    if (end < bytes.length) truncateSync(this.path, end);
    const text = bytes.subarray(0, end).toString('utf8');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line) return;
      try {
        this.remember(JSON.parse(line) as StoredRecord);
      } catch {
        this.corruptLines.push(i + 1);
      }
    });
    return end;
  }

  /** A later `ok` record wins over an earlier error for the same key; an error never hides an ok. */
  private remember(r: StoredRecord): void {
    keepLatest(this.byKey, r);
  }

  get(key: string): StoredRecord | undefined {
    return this.byKey.get(key);
  }

  hasAnswer(key: string): boolean {
    return this.byKey.get(key)?.status === 'ok';
  }

  records(): StoredRecord[] {
    return [...this.byKey.values()];
  }

  /**
   * Durably append a record: resolves once its line is written and fsync'd. Appends that arrive
   * while a flush is in progress are written together by the next one (group commit), so many
   * concurrent requests cost one fsync per batch instead of one each.
   */
  append(r: StoredRecord): Promise<void> {
    this.remember(r);
    return new Promise((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(r)}\n`, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      try {
        const buf = Buffer.from(batch.map((b) => b.line).join(''));
        let off = 0;
        while (off < buf.length)
          off += (await this.handle.write(buf, off, buf.length - off, this.size + off)).bytesWritten;
        this.size += buf.length;
        await this.handle.datasync();
        for (const b of batch) b.resolve();
      } catch (e) {
        const err = new Error(`${this.path}: cannot append records: ${(e as Error).message}`, { cause: e });
        for (const b of batch) b.reject(err);
      }
    }
    this.flushing = false;
  }

  /** Wait for pending appends, then close the file. */
  async close(): Promise<void> {
    while (this.flushing || this.pending.length) await new Promise((r) => setImmediate(r));
    await this.handle.close();
  }
}

/** Read a store file without opening it for writing (for merge and reports). */
export function readStoreFile(path: string): StoredRecord[] {
  const out: StoredRecord[] = [];
  const text = readFileSync(path, 'utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as StoredRecord);
    } catch {
      /* torn tail of a killed shard: the key is simply not answered */
    }
  }
  return out;
}

/**
 * One record per key with the store's precedence (a later `ok` wins, an error never hides an ok),
 * for readers that see the raw file: a resumed run holds both the failed try and the retry.
 */
export function latestByKey(records: readonly StoredRecord[]): StoredRecord[] {
  const byKey = new Map<string, StoredRecord>();
  for (const r of records) keepLatest(byKey, r);
  return [...byKey.values()];
}

/**
 * The store's precedence rule: a later record replaces an earlier one, except that an error never replaces an answer.
 */
function keepLatest(byKey: Map<string, StoredRecord>, r: StoredRecord): void {
  if (byKey.get(r.key)?.status === 'ok' && r.status !== 'ok') return;
  byKey.set(r.key, r);
}
