import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { hashObject } from '../core/hash.js';
import { loadVideoMMMU } from '../data/videommmu.js';
import { loadVideoR1 } from '../data/videor1.js';
import { OpenAIClient } from '../models/openai.js';
import type { ModelClient } from '../models/types.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSuiteMarkdown } from '../report/suiteMarkdown.js';
import type { PlannedDataset } from '../tasks/types.js';
import { PARSER_VERSION } from '../tasks/videommmu/parse.js';
import { LMMS_EVAL_PROMPTS } from '../tasks/videommmu/prompt.js';
import { planVideoMMMU, scoreVideoMMMUFacts } from '../tasks/videommmu/task.js';
import { TYPE_TEMPLATE } from '../tasks/videor1/prompt.js';
import { BENCHMARK_LABELS, planVideoR1, scoreVideoR1Facts } from '../tasks/videor1/task.js';
import { VERSION } from '../version.js';
import { DEFAULT_FRAMES, DEFAULT_PARAMS, resolveFrames, resolveParams, VIDEO_R1_FRAMES, VIDEO_R1_PARAMS, type EvalOptions } from './config.js';
import { computeResults, type Results } from './results.js';
import { keyUnits, runUnits, shardUnits, type RequestConfig } from './runUnits.js';
import { computeBenchmarkResults, type BenchmarkResults } from './suiteResults.js';

export interface EvalOutcome {
  results: Results;
  outputDir: string;
  /** Requests made in this invocation (0 when everything was already stored). */
  asked: number;
  reused: number;
}

export interface SuiteOutcome {
  results: SuiteResults;
  outputDir: string;
  asked: number;
  reused: number;
}

export interface SuiteResults {
  /** One row per benchmark, like the Video-R1 paper's table. */
  table: { benchmark: string; label: string; n: number; score: number | null; accuracy: number | null; mra: number | null; probe_drop: number | null; errors: number }[];
  benchmarks: Record<string, BenchmarkResults>;
  manifest: Record<string, unknown>;
}

const clientFor = (opts: EvalOptions): ModelClient =>
  new OpenAIClient({ baseUrl: opts.model.baseUrl, model: opts.model.name, apiKey: opts.model.apiKey, timeoutMs: opts.model.timeoutMs, retry: opts.model.retry });

const logOf = (opts: EvalOptions): NodeJS.WriteStream | null => (opts.log === undefined ? process.stderr : opts.log);

/** True when `tasks` should be read in Video-R1's JSON format (eval_<name>.json files or a record file). */
export function isVideoR1Format(opts: Pick<EvalOptions, 'tasks' | 'data'>): boolean {
  const data = resolve(opts.data);
  if (/\.jsonl?$/.test(data)) return true;
  return opts.tasks.some((t) => t !== 'videommmu') || opts.tasks.some((t) => videoR1File(data, t) !== null);
}

/**
 * Evaluate a model on Video-MMMU in lmms-eval's layout. Every answer is appended to
 * `<output>/records.jsonl` as it arrives; re-running the same command asks only what is not stored.
 */
export async function evaluate(opts: EvalOptions, client?: ModelClient): Promise<EvalOutcome> {
  const out = resolve(opts.output);
  prepareOutputDir(out);
  const data = await loadVideoMMMU(opts.data, { tracks: opts.tracks, allowOutside: opts.allowOutsidePaths });
  const model = client ?? clientFor(opts);
  const cfg: RequestConfig = { task: 'videommmu', frames: resolveFrames(DEFAULT_FRAMES, opts.frames), videoMode: opts.videoMode, params: resolveParams(DEFAULT_PARAMS, opts.params) };
  const units = keyUnits(shardUnits(planVideoMMMU(data.items, opts), opts.shard), cfg, model.name);
  const dataset: PlannedDataset = { root: data.root, files: data.files, items: data.items.length, errors: data.errors };
  const manifest = { ...baseManifest(opts, cfg, dataset, model), prompt_style: opts.promptStyle, prompt_template_hash: hashObject({ style: opts.promptStyle, prompts: LMMS_EVAL_PROMPTS }, 16), parser_version: PARSER_VERSION, conditions: opts.conditions };
  writeJsonAtomic(join(out, 'config.json'), { ...manifest, units: units.length });
  const log = logOf(opts);
  for (const e of data.errors) log?.write(`skipped: ${e.message}\n`);
  const { records, asked } = await runUnits(units, model, { ...cfg, storePath: join(out, 'records.jsonl'), concurrency: opts.concurrency, score: scoreVideoMMMUFacts, log });
  const results = computeResults(records, { task: 'videommmu', planned: units.length, skippedRows: skippedRows(dataset), manifest, seed: opts.seed });
  writeResults(out, results);
  return { results, outputDir: out, asked, reused: units.length - asked };
}

/**
 * Evaluate on Video-R1-format benchmarks (`eval_<name>.json` under --data, as Video-R1's
 * Evaluation folder), each into `<output>/<name>/`, plus one results.json with a row per benchmark.
 */
export async function evaluateSuite(opts: EvalOptions, client?: ModelClient): Promise<SuiteOutcome> {
  const out = resolve(opts.output);
  prepareOutputDir(out);
  const model = client ?? clientFor(opts);
  const benchmarks: Record<string, BenchmarkResults> = {};
  let asked = 0;
  let reused = 0;
  for (const [name, file] of suiteFiles(opts)) {
    const r = await evaluateBenchmark(name, file, join(out, name), opts, model);
    benchmarks[name] = r.results;
    asked += r.asked;
    reused += r.reused;
  }
  const results: SuiteResults = {
    table: suiteTable(benchmarks),
    benchmarks,
    manifest: { vreason_version: VERSION, model: { endpoint: model.endpoint, name: model.name }, tasks: opts.tasks, data: resolve(opts.data), prompt: opts.prompt ?? 'think', probe: Boolean(opts.probe), seed: opts.seed },
  };
  writeJsonAtomic(join(out, 'results.json'), results);
  writeTextAtomic(join(out, 'results.md'), renderSuiteMarkdown(results));
  return { results, outputDir: out, asked, reused };
}

/** The paper-style table: one row per benchmark, in the order the benchmarks were run. */
export function suiteTable(benchmarks: Record<string, BenchmarkResults>): SuiteResults['table'] {
  return Object.values(benchmarks).map((b) => ({
    benchmark: b.benchmark,
    label: BENCHMARK_LABELS[b.benchmark] ?? b.benchmark,
    n: b.score.n,
    score: b.score.mean,
    accuracy: b.accuracy.mean,
    mra: b.mra.mean,
    probe_drop: b.probe?.drop ?? null,
    errors: b.counts.errored,
  }));
}

async function evaluateBenchmark(name: string, file: string, out: string, opts: EvalOptions, model: ModelClient): Promise<{ results: BenchmarkResults; asked: number; reused: number }> {
  prepareOutputDir(out);
  const data = await loadVideoR1(file, { allowOutside: opts.allowOutsidePaths });
  const cfg: RequestConfig = { task: name, frames: resolveFrames(VIDEO_R1_FRAMES, opts.frames), videoMode: opts.videoMode, params: resolveParams(VIDEO_R1_PARAMS, opts.params) };
  if (opts.probe && opts.videoMode === 'video') throw new UsageError('--probe shuffle needs --video-mode frames (the server would sample the clip itself)');
  const plan = planVideoR1(data.items, { benchmark: name, prompt: opts.prompt ?? 'think', probe: Boolean(opts.probe), seed: opts.seed, limit: opts.limit });
  const units = keyUnits(shardUnits(plan, opts.shard), cfg, model.name);
  const dataset: PlannedDataset = { root: data.root, files: [{ path: basename(file), sha256: data.sha256, rows: data.items.length + data.errors.length }], items: data.items.length, errors: data.errors };
  const manifest = { ...baseManifest(opts, cfg, dataset, model), benchmark: name, prompt: opts.prompt ?? 'think', prompt_template_hash: hashObject({ prompt: opts.prompt ?? 'think', types: TYPE_TEMPLATE }, 16), probe: Boolean(opts.probe) };
  writeJsonAtomic(join(out, 'config.json'), { ...manifest, units: units.length });
  const log = logOf(opts);
  for (const e of data.errors) log?.write(`skipped: ${e.message}\n`);
  const { records, asked } = await runUnits(units, model, { ...cfg, storePath: join(out, 'records.jsonl'), concurrency: opts.concurrency, score: scoreVideoR1Facts, log });
  const results = computeBenchmarkResults(records, { benchmark: name, planned: units.length, skippedRows: skippedRows(dataset), manifest, seed: opts.seed });
  writeJsonAtomic(join(out, 'results.json'), results);
  return { results, asked, reused: units.length - asked };
}

/** Which file each requested benchmark reads. */
export function suiteFiles(opts: Pick<EvalOptions, 'tasks' | 'data'>): [string, string][] {
  const data = resolve(opts.data);
  if (/\.jsonl?$/.test(data)) return [[basename(data).replace(/\.jsonl?$/, '').replace(/^eval_/, ''), data]];
  return opts.tasks.map((t) => {
    const f = videoR1File(data, t);
    if (!f) throw new UsageError(`${data}: no eval_${t}.json or eval_${t}.jsonl for task '${t}' (Video-R1's Evaluation folder layout)`);
    return [t, f];
  });
}

function videoR1File(dir: string, task: string): string | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  for (const ext of ['json', 'jsonl']) {
    const p = join(dir, `eval_${task}.${ext}`);
    if (existsSync(p)) return p;
  }
  return null;
}

function baseManifest(opts: EvalOptions, cfg: RequestConfig, dataset: PlannedDataset, model: ModelClient): Record<string, unknown> {
  return {
    vreason_version: VERSION,
    node: process.version,
    task: cfg.task,
    dataset: { root: dataset.root, hash: hashObject(dataset.files.map((f) => f.sha256), 16), files: dataset.files, items: dataset.items, skipped_rows: dataset.errors.length },
    sampling: cfg.params,
    frames: cfg.frames,
    video_mode: cfg.videoMode,
    model: { endpoint: model.endpoint, name: model.name },
    limit: opts.limit ?? null,
    shard: opts.shard ?? null,
    seed: opts.seed,
  };
}

const skippedRows = (d: PlannedDataset): Results['skipped_rows'] => d.errors.map((e) => ({ file: e.file, row: e.row, field: e.field, message: e.message }));

export function writeResults(out: string, results: Results): void {
  writeJsonAtomic(join(out, 'results.json'), results);
  writeTextAtomic(join(out, 'results.md'), renderMarkdown(results));
}

/**
 * Create the run directory and prove it takes writes before anything is asked, so a read-only or
 * impossible output path is one clear error up front instead of a failure after the first answers.
 */
export function prepareOutputDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test.${process.pid}.tmp`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`output directory ${dir} is not writable (${code}): choose another --output`);
  }
  cleanStaleTemps(dir);
}

/** Remove temp files a killed writer left behind (`<name>.<pid>.tmp`). */
export function cleanStaleTemps(dir: string): void {
  for (const f of readdirSync(dir)) if (/\.\d+\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
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
