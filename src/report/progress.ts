/**
 * Live progress of runs on disk, for the dashboard: which folders under a root are runs, and how
 * far each has got. A run being evaluated grows its records.jsonl line by line; `RecordsTail`
 * reads only the bytes added since the last look, so polling a long run stays cheap.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { benchmarkDirs, runKind } from './runData.js';

/** Run folders under `root` (the root itself included), as `/`-separated paths relative to it. */
export function findRuns(root: string, maxDepth = 3): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let kind: ReturnType<typeof runKind> = null;
    try {
      kind = runKind(dir);
    } catch {
      return; // an unreadable config.json: not a run we can show
    }
    if (kind) {
      out.push(relative(root, dir).split(sep).join('/') || '.');
      return;
    }
    if (depth >= maxDepth) return;
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory() && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1);
  };
  if (existsSync(root)) walk(root, 0);
  return out.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Incremental reader of one records.jsonl: keeps the latest status per key and the answer times. */
export class RecordsTail {
  private offset = 0;
  private partial = '';
  private readonly status = new Map<string, 'ok' | 'error'>();
  private readonly times = new Map<string, number>();
  mtimeMs = 0;

  constructor(readonly path: string) {}

  /** Read what was appended since the last call. A file that shrank (a torn tail cut on resume) is re-read. */
  poll(): void {
    if (!existsSync(this.path)) return;
    const st = statSync(this.path);
    this.mtimeMs = st.mtimeMs;
    if (st.size < this.offset) this.reset();
    if (st.size === this.offset) return;
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(st.size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      this.take(buf.subarray(0, n).toString('utf8'));
    } finally {
      closeSync(fd);
    }
  }

  private reset(): void {
    this.offset = 0;
    this.partial = '';
    this.status.clear();
    this.times.clear();
  }

  private take(text: string): void {
    const lines = (this.partial + text).split('\n');
    // The last piece has no newline yet: a line still being written.
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as { key?: string; status?: string; time?: string };
        if (typeof r.key !== 'string') continue;
        // The store's precedence: an error never hides an earlier answer.
        if (this.status.get(r.key) === 'ok' && r.status !== 'ok') continue;
        this.status.set(r.key, r.status === 'ok' ? 'ok' : 'error');
        const t = Date.parse(r.time ?? '');
        if (r.status === 'ok' && Number.isFinite(t)) this.times.set(r.key, t);
      } catch {
        /* a corrupt line: the store skips it too */
      }
    }
  }

  counts(): { answered: number; errored: number; times: number[] } {
    let answered = 0;
    for (const s of this.status.values()) if (s === 'ok') answered++;
    return { answered, errored: this.status.size - answered, times: [...this.times.values()] };
  }
}

export interface Progress {
  answered: number;
  errored: number;
  /** Requests planned (config.json `units`, summed over a suite's benchmarks so far). */
  planned: number;
  fraction: number | null;
  /** Answers per second over the last `window` seconds (by the records' timestamps). */
  rate: number;
  eta_s: number | null;
  state: 'running' | 'complete' | 'stopped' | 'empty';
}

/** Pure: progress from counts, answer times and when the store last changed. */
export function progressOf(
  c: { answered: number; errored: number; planned: number; times: readonly number[]; mtimeMs: number },
  now: number,
  windowS = 60,
): Progress {
  const recent = c.times.filter((t) => t > now - windowS * 1000 && t <= now + 5000).length;
  const rate = recent / windowS;
  const done = c.answered + c.errored;
  const idle = now - c.mtimeMs >= 30_000;
  const state: Progress['state'] =
    c.planned > 0 && (c.answered >= c.planned || (done >= c.planned && idle))
      ? 'complete'
      : done === 0 && c.mtimeMs === 0
        ? 'empty'
        : !idle
          ? 'running'
          : 'stopped';
  const left = Math.max(0, c.planned - c.answered);
  return {
    answered: c.answered,
    errored: c.errored,
    planned: c.planned,
    fraction: c.planned ? Math.min(1, c.answered / c.planned) : null,
    rate,
    eta_s: state === 'running' && rate > 0 ? left / rate : null,
    state,
  };
}

/** Tracks every run under a root: a tail per records file, created on first sight. */
export class ProgressTracker {
  private readonly tails = new Map<string, RecordsTail>();

  constructor(readonly root: string) {}

  /** Progress of the run at `name` (relative to the root). */
  progress(name: string, now = Date.now()): Progress {
    const dir = join(this.root, name);
    const units = runKind(dir) === 'group' ? benchmarkDirs(dir) : [dir];
    let answered = 0;
    let errored = 0;
    let planned = 0;
    let mtimeMs = 0;
    const times: number[] = [];
    for (const d of units) {
      const p = join(d, 'records.jsonl');
      let tail = this.tails.get(p);
      if (!tail) this.tails.set(p, (tail = new RecordsTail(p)));
      tail.poll();
      const c = tail.counts();
      answered += c.answered;
      errored += c.errored;
      times.push(...c.times);
      mtimeMs = Math.max(mtimeMs, tail.mtimeMs);
      planned += plannedUnits(d);
    }
    return progressOf({ answered, errored, planned, times, mtimeMs }, now);
  }
}

function plannedUnits(dir: string): number {
  try {
    const units = (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { units?: unknown }).units;
    return typeof units === 'number' ? units : 0;
  } catch {
    return 0;
  }
}
