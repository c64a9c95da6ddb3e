import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { errorMessage, MediaError } from '../core/errors.js';
import { hashObject, sha256 } from '../core/hash.js';
import type { Condition, VideoMMMUItem } from '../core/types.js';
import { loadVideoMMMU, type LoadedDataset } from '../data/videommmu.js';
import { FatalModelError, OpenAIClient } from '../models/openai.js';
import type { ModelClient } from '../models/types.js';
import { renderMarkdown } from '../report/markdown.js';
import { PARSER_VERSION, scoreVideoMMMU } from '../tasks/videommmu/parse.js';
import { buildPrompt, LMMS_EVAL_PROMPTS } from '../tasks/videommmu/prompt.js';
import { VERSION } from '../version.js';
import { conditionsFor, type EvalOptions } from './config.js';
import { runPool, Semaphore } from './pool.js';
import { Progress } from './progress.js';
import { computeResults, type Results } from './results.js';
import { RunStore, type StoredRecord } from './runStore.js';
import { prepareVisuals } from './visuals.js';

export interface Unit {
  item: VideoMMMUItem;
  condition: Condition;
  prompt: string;
  key: string;
}

export interface EvalOutcome {
  results: Results;
  outputDir: string;
  /** Requests made in this invocation (0 when everything was already stored). */
  asked: number;
  reused: number;
}

/**
 * Evaluate a model on Video-MMMU. Every answer is appended to `<output>/records.jsonl` as it
 * arrives; re-running the same command asks only what is not stored yet.
 */
export async function evaluate(opts: EvalOptions, client?: ModelClient): Promise<EvalOutcome> {
  const out = resolve(opts.output);
  mkdirSync(out, { recursive: true });
  const data = await loadVideoMMMU(opts.data, opts.tracks ? { tracks: opts.tracks } : {});
  const model = client ?? new OpenAIClient({ baseUrl: opts.model.baseUrl, model: opts.model.name, apiKey: opts.model.apiKey, timeoutMs: opts.model.timeoutMs, retry: opts.model.retry });
  const units = planUnits(data, opts, model.name);
  const manifest = buildManifest(opts, data, model);
  writeJsonAtomic(join(out, 'config.json'), { ...manifest, units: units.length });

  const store = await RunStore.open(join(out, 'records.jsonl'));
  const todo = units.filter((u) => !store.hasAnswer(u.key));
  const log = opts.log === undefined ? process.stderr : opts.log;
  log?.write(`videommmu: ${units.length} requests planned, ${units.length - todo.length} already stored, ${todo.length} to ask → ${out}\n`);
  for (const e of data.errors) log?.write(`skipped: ${e.message}\n`);

  const progress = new Progress('videommmu', todo.length, log ?? null);
  const media = new Semaphore(Math.max(1, cpus().length));
  const abort = new AbortController();
  // Lanes do not wait for fsync: a record lost to a crash before its flush is simply asked
  // again on resume, so durability stays exact while fsync latency leaves the critical path.
  let writeError: unknown = null;
  try {
    await runPool(todo, opts.concurrency, async (u) => {
      if (writeError) throw writeError;
      const rec = await answer(u, opts, model, media, abort.signal);
      store.append(rec).catch((e: unknown) => (writeError ??= e));
      progress.tick(rec.status === 'ok');
    });
  } catch (e) {
    abort.abort(e);
    throw e;
  } finally {
    await store.close();
  }
  if (writeError) throw writeError;

  const planned = new Set(units.map((u) => u.key));
  const records = store.records().filter((r) => planned.has(r.key));
  const results = computeResults(records, {
    task: opts.task,
    planned: units.length,
    skippedRows: data.errors.map((e) => ({ file: e.file, row: e.row, field: e.field, message: e.message })),
    manifest,
    seed: opts.seed,
  });
  writeResults(out, results);
  return { results, outputDir: out, asked: todo.length, reused: units.length - todo.length };
}

export function planUnits(data: LoadedDataset, opts: EvalOptions, modelName: string): Unit[] {
  const perTrack = new Map<string, number>();
  const units: Unit[] = [];
  // Everything but the item, condition and prompt is shared: hash it once.
  const shared = hashObject({ task: opts.task, model: modelName, frames: opts.frames, videoMode: opts.videoMode, params: opts.params }, 64);
  data.items.forEach((item) => {
    const n = perTrack.get(item.track) ?? 0;
    if (opts.limit !== undefined && n >= opts.limit) return;
    perTrack.set(item.track, n + 1);
    // Shard by item so a question's before/after pair stays together.
    if (opts.shard && hashShard(item.track, item.id, opts.shard.count) !== opts.shard.index) return;
    for (const condition of conditionsFor(item.track, opts.conditions)) {
      const prompt = buildPrompt(item, condition, opts.promptStyle);
      const key = sha256(`${shared}\0${item.track}\0${item.id}\0${condition}\0${prompt}`).slice(0, 24);
      units.push({ item, condition, prompt, key });
    }
  });
  return units;
}

/** Stable shard of an item: independent of dataset order and of --limit. */
function hashShard(track: string, id: string, count: number): number {
  return parseInt(hashObject({ track, id }, 8), 16) % count;
}

async function answer(u: Unit, opts: EvalOptions, model: ModelClient, media: Semaphore, signal: AbortSignal): Promise<StoredRecord> {
  const base = recordBase(u, opts);
  let prepared;
  try {
    prepared = await media.use(() => prepareVisuals(u.item, u.condition, opts.frames, opts.videoMode));
  } catch (e) {
    const kind = e instanceof MediaError ? `media:${e.code}` : 'media';
    return { ...base, status: 'error', error: { kind, message: errorMessage(e) } };
  }
  base.request = { prompt: u.prompt, visual: prepared.description, frames: prepared.frames };
  try {
    const res = await model.complete({ prompt: u.prompt, visuals: prepared.visuals, params: opts.params }, signal);
    const s = scoreVideoMMMU(u.item.questionType, res.text, u.item.options, u.item.answer);
    return {
      ...base,
      status: 'ok',
      response: { text: res.text, finish_reason: res.finishReason, attempts: res.attempts, latency_ms: res.latencyMs, usage: res.usage },
      parsed: s.parsed,
      correct: s.correct,
      unparsed: s.unparsed,
    };
  } catch (e) {
    if (e instanceof FatalModelError || signal.aborted) throw e;
    return { ...base, status: 'error', error: { kind: 'model', message: errorMessage(e) } };
  }
}

function recordBase(u: Unit, opts: EvalOptions): StoredRecord {
  const it = u.item;
  return {
    key: u.key,
    task: opts.task,
    item_id: it.id,
    condition: u.condition,
    status: 'error',
    item: { track: it.track, subject: it.subject, discipline: it.discipline, question_type: it.questionType, options: it.options, answer: it.answer },
    request: { prompt: u.prompt, visual: '', frames: null },
    response: null,
    parsed: null,
    correct: null,
    unparsed: null,
    error: null,
    time: new Date().toISOString(),
  };
}

function buildManifest(opts: EvalOptions, data: LoadedDataset, model: ModelClient): Record<string, unknown> {
  return {
    vreason_version: VERSION,
    node: process.version,
    task: opts.task,
    dataset: { root: data.root, hash: hashObject(data.files.map((f) => f.sha256), 16), files: data.files, items: data.items.length, skipped_rows: data.errors.length },
    prompt_style: opts.promptStyle,
    prompt_template_hash: hashObject({ style: opts.promptStyle, prompts: LMMS_EVAL_PROMPTS }, 16),
    parser_version: PARSER_VERSION,
    sampling: opts.params,
    frames: opts.frames,
    video_mode: opts.videoMode,
    model: { endpoint: model.endpoint, name: model.name },
    conditions: opts.conditions,
    limit: opts.limit ?? null,
    shard: opts.shard ?? null,
    seed: opts.seed,
  };
}

export function writeResults(out: string, results: Results): void {
  writeJsonAtomic(join(out, 'results.json'), results);
  writeTextAtomic(join(out, 'results.md'), renderMarkdown(results));
}

/** Temp file + rename: a crash never leaves a half-written results file. */
export function writeTextAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
