/**
 * One decode per video per run: sampled frames kept by (video identity, frame config), shared by
 * every question, condition and probe that shows the same video.
 *
 * - Identity is the resolved path, size and mtime, not a content hash: hashing reads the whole
 *   file, which for an hour-long lecture costs more than sampling it (the thing being saved). A
 *   file rewritten in place gets a new mtime, so a stale entry is never used; a copy of the same
 *   video under another path is decoded again, which costs time, never correctness.
 * - Memory is bounded: least recently used entries are dropped once the frames held pass
 *   `maxBytes`.
 * - With `spillDir`, every decode is also written there (one file per entry, written to a temp
 *   name and renamed), so an entry dropped from memory, or a resumed run, reads the file instead
 *   of decoding again.
 * - Two requests for the same entry at once share one decode (the in-flight promise).
 * - A video that fails to sample fails the same way for every request of the run without being
 *   decoded again; failures are not spilled, so a resumed run tries again.
 */
import { mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashObject } from '../core/hash.js';
import type { FrameConfig } from '../core/types.js';
import { sampleFrames, type SampledFrames, type SampleOptions } from './frameSampler.js';

export interface FrameCacheStats {
  /** Videos sampled by ffmpeg in this run (each entry at most once). */
  decoded_videos: number;
  /** Of those, decoded ahead of their first request (`warm`, the run's decode-ahead). */
  decoded_ahead: number;
  /** Requests served from memory or by joining a decode already in flight. */
  cache_hits: number;
  /** Requests served from a spilled file (an earlier run's decode, or one dropped from memory). */
  spill_hits: number;
  /** Entries written to the spill folder. */
  spilled: number;
  /** Entries dropped from memory to stay under the byte bound. */
  evicted: number;
  /** Decodes by method (see SampledFrames.method). */
  methods: { seek: number; full: number };
  /** The memory bound in bytes (`--frame-cache-mb`). */
  max_bytes: number;
  /** The most bytes of frames held in memory at once (never above `max_bytes`). */
  peak_held_bytes: number;
}

export interface FrameCacheOptions {
  /** Bytes of encoded frames kept in memory (default 512 MiB). */
  maxBytes?: number;
  /** Folder for spilled entries (created on first write); null keeps everything in memory. */
  spillDir?: string | null;
}

/** 512 MiB: `--frame-cache-mb`'s default. */
export const DEFAULT_FRAME_CACHE_BYTES = 512 * 1024 * 1024;
const SPILL_VERSION = 1;

interface Entry {
  frames: SampledFrames;
  bytes: number;
}

export class FrameCache {
  private readonly maxBytes: number;
  private readonly spillDir: string | null;
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly memory = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<SampledFrames>>();
  private readonly failed = new Map<string, unknown>();
  private held = 0;
  private peak = 0;
  private readonly counts: Omit<FrameCacheStats, 'max_bytes' | 'peak_held_bytes'> = {
    decoded_videos: 0,
    decoded_ahead: 0,
    cache_hits: 0,
    spill_hits: 0,
    spilled: 0,
    evicted: 0,
    methods: { seek: 0, full: 0 },
  };

  constructor(opts: FrameCacheOptions = {}) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_FRAME_CACHE_BYTES;
    if (!(this.maxBytes >= 0)) throw new RangeError(`frame cache bound must be ≥ 0 bytes, got ${opts.maxBytes}`);
    this.spillDir = opts.spillDir ?? null;
  }

  /** sampleFrames(path, cfg, opts), decoded at most once per run for the same file and config. */
  async sample(path: string, cfg: FrameConfig, opts: SampleOptions = {}): Promise<SampledFrames> {
    const key = await this.keyOf(path, cfg, opts);
    if (key === null) return sampleFrames(path, cfg, opts); // unreadable: let the sampler name the problem
    const mem = this.memory.get(key);
    if (mem) {
      this.memory.delete(key);
      this.memory.set(key, mem);
      this.counts.cache_hits++;
      return mem.frames;
    }
    if (this.failed.has(key)) {
      this.counts.cache_hits++;
      throw this.failed.get(key);
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.counts.cache_hits++;
      return pending;
    }
    const p = this.load(key, path, cfg, opts);
    this.inFlight.set(key, p);
    try {
      const frames = await p;
      this.remember(key, frames);
      return frames;
    } catch (e) {
      this.failed.set(key, e);
      throw e;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Load an entry before anyone asks for it (decoded, or read back from the spill), so the
   * request that does finds it in memory. Does nothing when it is held, being loaded or failed
   * already; a failure is kept for the request, which then throws it.
   */
  async warm(path: string, cfg: FrameConfig, opts: SampleOptions = {}): Promise<void> {
    const key = await this.keyOf(path, cfg, opts);
    if (key === null || this.memory.has(key) || this.inFlight.has(key) || this.failed.has(key)) return;
    // Registered before the next await, so a request arriving meanwhile joins this load.
    const p = this.load(key, path, cfg, opts, true);
    this.inFlight.set(key, p);
    try {
      this.remember(key, await p);
    } catch (e) {
      this.failed.set(key, e);
    } finally {
      this.inFlight.delete(key);
    }
  }

  stats(): FrameCacheStats {
    return {
      ...this.counts,
      methods: { ...this.counts.methods },
      max_bytes: this.maxBytes,
      peak_held_bytes: this.peak,
    };
  }

  /** Bytes of frames held in memory now. */
  heldBytes(): number {
    return this.held;
  }

  private async keyOf(path: string, cfg: FrameConfig, opts: SampleOptions): Promise<string | null> {
    try {
      const real = await realpath(path);
      const st = await stat(real);
      const sampler = { allowShort: opts.allowShort === true, decode: opts.decode ?? 'auto' };
      return hashObject({ v: SPILL_VERSION, path: real, size: st.size, mtimeMs: st.mtimeMs, cfg, sampler }, 32);
    } catch {
      return null;
    }
  }

  private async load(
    key: string,
    path: string,
    cfg: FrameConfig,
    opts: SampleOptions,
    ahead = false,
  ): Promise<SampledFrames> {
    const spilled = await this.readSpill(key);
    if (spilled) {
      this.counts.spill_hits++;
      return spilled;
    }
    const frames = await sampleFrames(path, cfg, opts);
    this.counts.decoded_videos++;
    if (ahead) this.counts.decoded_ahead++;
    this.counts.methods[frames.method]++;
    await this.writeSpill(key, frames);
    return frames;
  }

  private remember(key: string, frames: SampledFrames): void {
    const bytes = frames.frames.reduce((s, f) => s + f.length, 0);
    if (this.memory.has(key)) return;
    if (bytes > this.maxBytes) {
      // Larger than the whole bound: never held (the spill file serves it again).
      this.counts.evicted++;
      return;
    }
    // Oldest out first, until the new entry fits: the bound holds at every moment.
    for (const [k, e] of this.memory) {
      if (this.held + bytes <= this.maxBytes) break;
      this.memory.delete(k);
      this.held -= e.bytes;
      this.counts.evicted++;
    }
    this.memory.set(key, { frames, bytes });
    this.held += bytes;
    this.peak = Math.max(this.peak, this.held);
  }

  private spillPath(key: string): string | null {
    return this.spillDir ? join(this.spillDir, `${key}.frames`) : null;
  }

  /** A spilled entry: a JSON header line, then the images back to back. Unreadable files count as absent. */
  private async readSpill(key: string): Promise<SampledFrames | null> {
    const p = this.spillPath(key);
    if (!p) return null;
    let buf: Buffer;
    try {
      buf = await readFile(p);
    } catch {
      return null;
    }
    try {
      const nl = buf.indexOf(0x0a);
      const head = JSON.parse(buf.subarray(0, nl).toString('utf8')) as Omit<SampledFrames, 'frames'> & {
        key: string;
        lengths: number[];
      };
      if (head.key !== key) return null;
      const frames: Buffer[] = [];
      let at = nl + 1;
      for (const n of head.lengths) {
        frames.push(buf.subarray(at, at + n));
        at += n;
      }
      if (at !== buf.length) return null;
      const { key: _k, lengths: _l, ...rest } = head;
      return { ...rest, frames };
    } catch {
      return null;
    }
  }

  private async writeSpill(key: string, s: SampledFrames): Promise<void> {
    const p = this.spillPath(key);
    if (!p || !this.spillDir) return;
    const { frames, ...rest } = s;
    const head = `${JSON.stringify({ ...rest, key, lengths: frames.map((f) => f.length) })}\n`;
    const tmp = `${p}.${process.pid}.tmp`;
    try {
      await mkdir(this.spillDir, { recursive: true });
      await writeFile(tmp, Buffer.concat([Buffer.from(head, 'utf8'), ...frames]));
      await rename(tmp, p);
      this.counts.spilled++;
    } catch {
      // A full or read-only disk costs only the resume saving; the frames are still returned.
    }
  }
}
