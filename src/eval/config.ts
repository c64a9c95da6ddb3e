import { UsageError } from '../core/errors.js';
import type { FrameConfig, Track } from '../core/types.js';
import type { RetryPolicy } from '../clients/retry.js';
import type { GenParams } from '../clients/types.js';
import type { PromptStyle } from '../tasks/videommmu/prompt.js';
import type { ConditionChoice } from '../tasks/videommmu/task.js';
import type { ParserName } from '../tasks/videommmu/scoring.js';
import type { Variant } from '../tasks/videommmu/variants.js';
import type { TagPair, UnclosedPolicy } from '../tasks/reasoning.js';
import type { VideoR1PromptMode } from '../tasks/videor1/prompt.js';
import type { RequestOrder } from './order.js';
import type { VideoMode } from './visuals.js';

export { DEFAULT_FRAMES, DEFAULT_PARAMS } from '../tasks/videommmu/task.js';
export { VIDEO_R1_FRAMES, VIDEO_R1_PARAMS } from '../tasks/videor1/task.js';

export interface EvalOptions {
  /**
   * `videommmu` (lmms-eval layout), or Video-R1-format benchmarks: vsibench, videommmu, mmvu, mvbench, tempcompass,
   * videomme, or a .json/.jsonl file.
   */
  tasks: string[];
  data: string;
  output: string;
  model: {
    baseUrl: string;
    /** Several servers of the same model (repeated `--base-url`); when set, `baseUrl` is the first. */
    baseUrls?: string[];
    name: string;
    apiKey?: string;
    timeoutMs?: number;
    retry?: Partial<RetryPolicy>;
    /** Stream answers (SSE) and measure time to first token. */
    stream?: boolean;
  };
  /** Overrides of the task family's frame defaults. */
  frames?: Partial<FrameConfig>;
  videoMode: VideoMode;
  /** Overrides of the task family's sampling defaults. */
  params?: Partial<GenParams>;
  /** Requests in flight per server: the ceiling of the adaptive window (the window itself with `fixedConcurrency`). */
  concurrency: number;
  /** Keep the window at `concurrency` (no AIMD); Retry-After still honoured per request. */
  fixedConcurrency?: boolean;
  /** Shrink the window when the p95 latency of recent answers exceeds this (ms). */
  latencyTargetMs?: number;
  /** `video` (default): requests of a video together, identical frame prefix first; `dataset`: as planned. */
  order?: RequestOrder;
  /** At most this many questions per track (Video-MMMU) or per benchmark. */
  limit?: number;
  tracks?: Track[];
  conditions: ConditionChoice;
  promptStyle: PromptStyle;
  /** Video-MMMU answer parser: lmms-eval (default, today's lmms-eval) or videommmu-release. */
  parser?: ParserName;
  /** Video-MMMU: reasoning tag pairs cut before parsing; undefined = the parser's default, [] = none. */
  reasoningTags?: TagPair[];
  /** Video-MMMU: an answer whose reasoning never closed is unparsed (default) or parsed as is (keep, as lmms-eval). */
  unclosedThinking?: UnclosedPolicy;
  /** Video-MMMU robustness setting: standard (default), gt_none_option, number_option, random_choice, no_visual. */
  variant?: Variant;
  /** Video-R1 suite prompt: think (the paper's) or direct. */
  prompt?: VideoR1PromptMode;
  /** Temporal-sensitivity probe: ask video items again with shuffled frames. */
  probe?: boolean;
  allowOutsidePaths?: boolean;
  /**
   * Send a video that decodes short of its declared frames with the frames that exist, flagged (default: a media
   * error).
   */
  allowShortVideos?: boolean;
  /**
   * Bytes of sampled frames the run keeps in memory (default 512 MiB); the rest is read back from `<output>/frames/`.
   */
  frameCacheBytes?: number;
  shard?: { index: number; count: number };
  /** Ask each question this many times (default 1); sample i is sent with seed + i. Use with a temperature above 0. */
  samples?: number;
  seed: number;
  /** Progress stream; null for silent. */
  log?: NodeJS.WriteStream | null;
}

/** `--shard i/n`: shards are 0-based, 0 ≤ i < n. */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count)
    throw new UsageError(`--shard expects i/n with 0 ≤ i < n (e.g. 0/4), got '${s}'`);
  return { index, count };
}

/** Family defaults overlaid with what the user set; a fixed frame count and an fps exclude each other. */
export function resolveFrames(base: FrameConfig, o: Partial<FrameConfig> = {}): FrameConfig {
  const f = { ...base, ...stripUndefined(o) };
  if (o.fps !== undefined && o.nframes === undefined) f.nframes = undefined;
  if (o.nframes !== undefined && o.fps === undefined) f.fps = undefined;
  return f;
}

export function resolveParams(base: GenParams, o: Partial<GenParams> = {}): GenParams {
  return { ...base, ...stripUndefined(o) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
