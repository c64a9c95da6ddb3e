import { UsageError } from '../core/errors.js';
import type { Condition, FrameConfig, Track } from '../core/types.js';
import type { RetryPolicy } from '../models/retry.js';
import type { GenParams } from '../models/types.js';
import type { PromptStyle } from '../tasks/videommmu/prompt.js';
import type { VideoMode } from './visuals.js';

/** Qwen2.5-VL `vision_process` video defaults (upstream qwen-vl-utils). */
export const DEFAULT_FRAMES: FrameConfig = {
  nframes: 16,
  minFrames: 4,
  maxFrames: 768,
  minPixels: 128 * 28 * 28,
  maxPixels: 768 * 28 * 28,
  totalPixels: 24576 * 28 * 28,
  format: 'jpeg',
  jpegQuality: 3,
};

export interface EvalOptions {
  task: 'videommmu';
  data: string;
  output: string;
  model: { baseUrl: string; name: string; apiKey?: string; timeoutMs?: number; retry?: Partial<RetryPolicy> };
  frames: FrameConfig;
  videoMode: VideoMode;
  params: GenParams;
  concurrency: number;
  /** At most this many questions per track (a quick look). */
  limit?: number;
  tracks?: Track[];
  conditions: 'after' | 'before' | 'both';
  promptStyle: PromptStyle;
  shard?: { index: number; count: number };
  seed: number;
  /** Progress stream; null for silent. */
  log?: NodeJS.WriteStream | null;
}

/** `--shard 2/4` → index 1 of 4? No: shards are 0-based as in `i/n` with 0 ≤ i < n. */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) throw new UsageError(`--shard expects i/n with 0 ≤ i < n (e.g. 0/4), got '${s}'`);
  return { index, count };
}

export function conditionsFor(track: Track, which: EvalOptions['conditions']): Condition[] {
  if (track !== 'Adaptation') return which === 'before' ? [] : ['after'];
  return which === 'both' ? ['after', 'before'] : [which];
}
