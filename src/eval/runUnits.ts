import { setMaxListeners } from 'node:events';
import { appendFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { errorMessage, MediaError } from '../core/errors.js';
import { hashObject, sha256 } from '../core/hash.js';
import type { FrameConfig } from '../core/types.js';
import type { FrameCache } from '../media/frameCache.js';
import { FatalModelError } from '../clients/openai.js';
import type { ServerSnapshot } from '../clients/serverPool.js';
import type { GenParams, ModelClient } from '../clients/types.js';
import type { Scored, UnitSpec } from '../tasks/types.js';
import { type DispatchSession, usageTokens } from '../tasks/efficiency.js';
import { orderUnits, videoOf, type RequestOrder } from './order.js';
import { runGrouped, runPool, Semaphore } from './pool.js';
import { Progress } from './progress.js';
import { RunStore, type StoredRecord } from './runStore.js';
import { DecodeAhead } from './decodeAhead.js';
import { framesAhead, prepareVisuals, type VideoMode } from './visuals.js';

export interface KeyedUnit extends UnitSpec {
  key: string;
}

/** What every request of a run shares; part of each resume key. */
export interface RequestConfig {
  task: string;
  frames: FrameConfig;
  videoMode: VideoMode;
  params: GenParams;
}

/**
 * Resume keys: a hash of everything that changes the answer. The shared part (task, model, frame
 * config, video mode, sampling) is hashed once per run.
 */
export function keyUnits(
  units: readonly UnitSpec[],
  cfg: RequestConfig,
  modelName: string,
  taskKey?: Record<string, unknown>,
): KeyedUnit[] {
  const common = { task: cfg.task, model: modelName, frames: cfg.frames, videoMode: cfg.videoMode, params: cfg.params };
  // A task's own choices (e.g. Video-MMMU's parser) join the hash only when set, so older keys stay valid.
  const shared = hashObject(taskKey ? { ...common, ...taskKey } : common, 64);
  return units.map((u) => {
    const shuffle = u.visual.kind === 'video' ? (u.visual.shuffleSeed ?? '') : '';
    // The sample index joins the key only when there are several (`--samples N`), so single-sample keys stay valid.
    const sample = u.sample === undefined ? '' : `\0sample ${u.sample}`;
    return {
      ...u,
      key: sha256(`${shared}\0${u.shardKey}\0${u.itemId}\0${u.condition}\0${shuffle}\0${u.prompt}${sample}`).slice(
        0,
        24,
      ),
    };
  });
}

/** Keep the units of shard i of n; a unit's shard follows its shardKey, so an item's conditions stay together. */
export function shardUnits<T extends UnitSpec>(units: readonly T[], shard?: { index: number; count: number }): T[] {
  if (!shard) return [...units];
  return units.filter((u) => parseInt(hashObject({ shard: u.shardKey }, 8), 16) % shard.count === shard.index);
}

export interface RunUnitsOptions extends RequestConfig {
  storePath: string;
  concurrency: number;
  score: (facts: Record<string, unknown>, text: string) => Scored;
  log: NodeJS.WriteStream | null;
  /** Send videos that decode short with the frames that exist, flagged in the record. */
  allowShortVideos?: boolean;
  /** `video` (default): a video's requests together, identical frame prefixes first; `dataset`: as planned. */
  order?: RequestOrder;
  /** Where this invocation's timing and per-server counts are appended (dispatch.jsonl); none when unset. */
  dispatchLogPath?: string;
  /** Recorded in the session line: whether answers were streamed. */
  stream?: boolean;
  /** Shared by every request of the run, so each video is sampled once (see media/frameCache.ts). */
  frameCache?: FrameCache;
}

/** A client that dispatches over servers (ServerPool): how many lanes it can use, its window, its counts. */
interface Dispatching {
  readonly capacity: number;
  describe(): string;
  snapshot(): ServerSnapshot[];
}

const dispatching = (m: ModelClient): Dispatching | null =>
  'snapshot' in m && 'capacity' in m && 'describe' in m ? (m as unknown as Dispatching) : null;

/**
 * Ask every unit that has no stored answer, appending each outcome to the run store. Returns the
 * stored records of exactly these units (answers from earlier runs included) and how many were asked.
 */
export async function runUnits(
  units: readonly KeyedUnit[],
  model: ModelClient,
  opts: RunUnitsOptions,
): Promise<{ records: StoredRecord[]; asked: number }> {
  const store = await RunStore.open(opts.storePath);
  const todo = orderUnits(
    units.filter((u) => !store.hasAnswer(u.key)),
    opts.order ?? 'video',
  );
  opts.log?.write(
    `${opts.task}: ${units.length} requests planned, ${units.length - todo.length} already stored, ` +
      `${todo.length} to ask\n`,
  );
  // Check the endpoint once before the first request (not when everything is already stored).
  if (todo.length > 0) await model.preflight?.();
  const pool = dispatching(model);
  // With a server pool every server's window can be full at once; its windows do the limiting.
  const lanes = pool ? pool.capacity : opts.concurrency;
  const progress = new Progress(
    opts.task,
    todo.length,
    opts.log,
    undefined,
    undefined,
    pool ? () => pool.describe() : undefined,
  );
  const media = new Semaphore(Math.max(1, cpus().length));
  const abort = new AbortController();
  // Every lane in flight listens on this one signal (and removes its listener when done): more
  // than Node's default 10 is expected, not a leak.
  setMaxListeners(lanes + 16, abort.signal);
  const session = { answered: 0, errored: 0, prompt: 0, completion: 0 };
  const t0 = performance.now();
  const started = new Date().toISOString();
  // Lanes do not wait for fsync: a record lost to a crash before its flush is simply asked
  // again on resume, so durability stays exact while fsync latency leaves the critical path.
  let writeError: unknown = null;
  // Video order: a video's first request goes alone and the rest follow once it is answered, so
  // they find its frames in the server's prefix cache instead of each computing them at once.
  const order = opts.order ?? 'video';
  const dispatch = <T extends KeyedUnit>(
    items: readonly T[],
    worker: (u: T, index: number) => Promise<void>,
  ): Promise<void> =>
    order === 'video' ? runGrouped(items, lanes, (u) => videoOf(u.visual), worker) : runPool(items, lanes, worker);
  const ahead = decodeAhead(todo, opts, media);
  ahead?.start();
  try {
    await dispatch(todo, async (u, index) => {
      ahead?.taken(index);
      if (writeError) throw writeError;
      const rec = await answer(u, opts, model, media, abort.signal);
      store.append(rec).catch((e: unknown) => (writeError ??= e));
      if (rec.status === 'ok') {
        session.answered++;
        const t = usageTokens(rec.response?.usage);
        session.prompt += t.prompt;
        session.completion += t.completion;
      } else session.errored++;
      progress.tick(rec.status === 'ok', rec.error ? `${rec.error.kind}: ${rec.error.message}` : undefined);
    });
  } catch (e) {
    abort.abort(e);
    throw e;
  } finally {
    await ahead?.stop();
    await store.close();
    if (opts.dispatchLogPath && todo.length > 0) logSession(opts, pool, session, started, performance.now() - t0);
  }
  if (writeError) throw writeError;
  const planned = new Set(units.map((u) => u.key));
  return { records: store.records().filter((r) => planned.has(r.key)), asked: todo.length };
}

/** Videos (first request of each, in run order) decoded ahead of the lanes; null when none apply. */
function decodeAhead(todo: readonly KeyedUnit[], opts: RunUnitsOptions, media: Semaphore): DecodeAhead | null {
  const seen = new Set<string>();
  const videos: { first: number; decode: () => Promise<unknown> }[] = [];
  todo.forEach((u, i) => {
    const decode = framesAhead(u.visual, opts.frames, opts.videoMode, {
      allowShortVideos: opts.allowShortVideos,
      frameCache: opts.frameCache,
    });
    const path = videoOf(u.visual);
    if (!decode || path === null || seen.has(path)) return;
    seen.add(path);
    videos.push({ first: i, decode: () => media.use(decode) });
  });
  return videos.length > 1 ? new DecodeAhead(videos, DECODE_AHEAD_VIDEOS) : null;
}

/** How many videos past the furthest one a lane has taken are decoded ahead. */
const DECODE_AHEAD_VIDEOS = 2;

function logSession(
  opts: RunUnitsOptions,
  pool: Dispatching | null,
  s: { answered: number; errored: number; prompt: number; completion: number },
  started: string,
  wallMs: number,
): void {
  const line: DispatchSession = {
    started,
    wall_ms: Math.round(wallMs),
    answered: s.answered,
    errored: s.errored,
    prompt_tokens: s.prompt,
    completion_tokens: s.completion,
    order: opts.order ?? 'video',
    stream: Boolean(opts.stream),
    ...(pool ? { servers: pool.snapshot() } : {}),
  };
  try {
    appendFileSync(opts.dispatchLogPath as string, `${JSON.stringify(line)}\n`);
  } catch (e) {
    opts.log?.write(`warning: cannot append to ${opts.dispatchLogPath}: ${errorMessage(e)}\n`);
  }
}

async function answer(
  u: KeyedUnit,
  opts: RunUnitsOptions,
  model: ModelClient,
  media: Semaphore,
  signal: AbortSignal,
): Promise<StoredRecord> {
  const base = recordBase(u, opts.task);
  let prepared;
  try {
    prepared = await media.use(() =>
      prepareVisuals(u.visual, opts.frames, opts.videoMode, {
        allowShortVideos: opts.allowShortVideos,
        frameCache: opts.frameCache,
      }),
    );
  } catch (e) {
    const kind = e instanceof MediaError ? `media:${e.code}` : 'media';
    return { ...base, status: 'error', error: { kind, message: errorMessage(e) } };
  }
  base.request = { prompt: u.prompt, visual: prepared.description, frames: prepared.frames };
  try {
    const video = videoOf(u.visual);
    const params = sampleParams(opts.params, u.sample);
    const res = await model.complete(
      { prompt: u.prompt, visuals: prepared.visuals, params, ...(video ? { affinity: video } : {}) },
      signal,
    );
    const s = opts.score(u.facts, res.text);
    return {
      ...base,
      status: 'ok',
      response: {
        text: res.text,
        finish_reason: res.finishReason,
        attempts: res.attempts,
        latency_ms: res.latencyMs,
        usage: res.usage,
        ...(typeof res.reasoning === 'string' ? { reasoning_content: res.reasoning } : {}),
        ...(res.server !== undefined ? { server: res.server } : {}),
        ...(res.ttftMs !== undefined ? { ttft_ms: res.ttftMs } : {}),
      },
      parsed: s.parsed,
      score: s.score,
      correct: s.correct,
      unparsed: s.unparsed,
    };
  } catch (e) {
    if (e instanceof FatalModelError || signal.aborted) throw e;
    return { ...base, status: 'error', error: { kind: 'model', message: errorMessage(e) } };
  }
}

/** Sample i of a question asks with seed + i, so a server that honours `seed` draws N different answers. */
export function sampleParams(params: GenParams, sample: number | undefined): GenParams {
  return sample ? { ...params, seed: (params.seed ?? 0) + sample } : params;
}

function recordBase(u: KeyedUnit, task: string): StoredRecord {
  return {
    key: u.key,
    task,
    item_id: u.itemId,
    condition: u.condition,
    ...(u.sample === undefined ? {} : { sample: u.sample }),
    status: 'error',
    item: u.facts,
    request: { prompt: u.prompt, visual: '', frames: null },
    response: null,
    parsed: null,
    score: null,
    correct: null,
    unparsed: null,
    error: null,
    time: new Date().toISOString(),
  };
}
