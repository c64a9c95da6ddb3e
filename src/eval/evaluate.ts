/**
 * `evaluate(task, options)`: plan a task's requests, ask what is not stored yet, and aggregate.
 * Every answer is appended to `<output>/records.jsonl` as it arrives; re-running the same command
 * asks only what is missing. A group (the Video-R1 suite) runs each task into `<output>/<name>/`
 * and adds a table with a row per task.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ServerPool } from '../clients/serverPool.js';
import type { ModelClient } from '../clients/types.js';
import { cleanStaleTemps, writeJsonAtomic, writeTextAtomic } from '../core/atomicWrite.js';
import { UsageError } from '../core/errors.js';
import { hashObject } from '../core/hash.js';
import { groupMarkdown, groupTable } from '../tasks/group.js';
import type { RunAccount, SkippedRow } from '../tasks/record.js';
import { resolveTasks } from '../tasks/registry.js';
import type { GroupResults, Task, TaskGroup } from '../tasks/task.js';
import type { PlannedDataset } from '../tasks/types.js';
import { VERSION } from '../version.js';
import { FrameCache, type FrameCacheStats } from '../media/frameCache.js';
import { emptyPlanMessage } from '../tasks/account.js';
import { efficiencyOf, readDispatchLog } from '../tasks/efficiency.js';
import { resolveFrames, resolveParams, type EvalOptions } from './config.js';
import { keyUnits, runUnits, shardUnits, type RequestConfig } from './runUnits.js';
import { expandSamples } from './samples.js';

export interface EvalOutcome<R = RunAccount> {
  results: R;
  outputDir: string;
  /** Requests made in this invocation (0 when everything was already stored). */
  asked: number;
  reused: number;
  /** This invocation's frame cache account, also written to `<output>/frames/stats.json`. */
  frames: FrameCacheStats;
}

/** The servers a run talks to: `model.baseUrls` when given, else `model.baseUrl`. */
export const serverUrls = (opts: EvalOptions): string[] =>
  opts.model.baseUrls?.length ? [...opts.model.baseUrls] : [opts.model.baseUrl];

/**
 * The client a run uses: every server of `--base-url` behind one pool (least-loaded dispatch,
 * benching, adaptive windows of at most `--concurrency` each).
 */
export function clientFor(opts: EvalOptions): ServerPool {
  const log = logOf(opts);
  return new ServerPool({
    baseUrls: serverUrls(opts),
    model: opts.model.name,
    apiKey: opts.model.apiKey,
    timeoutMs: opts.model.timeoutMs,
    retry: opts.model.retry,
    stream: opts.model.stream,
    concurrency: opts.concurrency,
    adaptive: !opts.fixedConcurrency,
    latencyTargetMs: opts.latencyTargetMs,
    log: log ? (line) => log.write(`${line}\n`) : undefined,
  });
}

const logOf = (opts: EvalOptions): NodeJS.WriteStream | null => (opts.log === undefined ? process.stderr : opts.log);

export function evaluate<R extends RunAccount>(
  task: Task<R>,
  opts: EvalOptions,
  client?: ModelClient,
): Promise<EvalOutcome<R>>;
export function evaluate<R extends RunAccount>(
  group: TaskGroup<R>,
  opts: EvalOptions,
  client?: ModelClient,
): Promise<EvalOutcome<GroupResults<R>>>;
export function evaluate(
  target: Task | TaskGroup,
  opts: EvalOptions,
  client?: ModelClient,
): Promise<EvalOutcome<unknown>>;
export async function evaluate(
  target: Task | TaskGroup,
  opts: EvalOptions,
  client?: ModelClient,
): Promise<EvalOutcome<unknown>> {
  const model = client ?? clientFor(opts);
  const root = resolve(opts.output);
  // One cache for the whole invocation (a suite's tasks share it), spilled under the run folder.
  const cache = new FrameCache({ maxBytes: opts.frameCacheBytes, spillDir: join(root, 'frames') });
  const outcome =
    target.kind === 'group'
      ? await evaluateGroup(target, opts, model, cache)
      : await evaluateTask(target, root, opts, model, cache);
  const frames = cache.stats();
  if (frames.decoded_videos + frames.cache_hits + frames.spill_hits > 0) {
    try {
      mkdirSync(join(root, 'frames'), { recursive: true });
      writeJsonAtomic(join(root, 'frames', 'stats.json'), frames);
    } catch {
      // The account is informational; the results are already written.
    }
    logOf(opts)?.write(
      `frames: ${frames.decoded_videos} videos decoded (${frames.methods.seek} by keyframe seeks), ` +
        `${frames.cache_hits} cache hits, ${frames.spill_hits} read back from ${join(root, 'frames')}\n`,
    );
  }
  return { ...outcome, frames };
}

/** What `vreason eval --task …` runs: the registry resolves the names, then `evaluate`. */
export function evaluateTasks(opts: EvalOptions, client?: ModelClient): Promise<EvalOutcome<unknown>> {
  return evaluate(resolveTasks(opts), opts, client);
}

async function evaluateTask<R extends RunAccount>(
  task: Task<R>,
  out: string,
  opts: EvalOptions,
  model: ModelClient,
  cache: FrameCache,
): Promise<Omit<EvalOutcome<R>, 'frames'>> {
  const plan = await task.plan(opts);
  if (plan.units.length === 0) throw new UsageError(emptyPlanMessage(task.name, plan.dataset, opts));
  prepareOutputDir(out);
  const cfg: RequestConfig = {
    task: task.name,
    frames: resolveFrames(task.frames, opts.frames),
    videoMode: opts.videoMode,
    params: resolveParams(task.params, opts.params),
  };
  const units = keyUnits(
    expandSamples(shardUnits(plan.units, opts.shard), opts.samples),
    cfg,
    model.name,
    plan.resumeKey,
  );
  const manifest = { ...baseManifest(opts, cfg, plan.dataset, model), ...plan.manifest };
  writeJsonAtomic(join(out, 'config.json'), { ...manifest, units: units.length });
  const log = logOf(opts);
  for (const e of plan.dataset.errors) log?.write(`skipped: ${e.message}\n`);
  const storePath = join(out, 'records.jsonl');
  const dispatchLog = join(out, 'dispatch.jsonl');
  const { records, asked } = await runUnits(units, model, {
    ...cfg,
    storePath,
    concurrency: opts.concurrency,
    score: task.score,
    log,
    allowShortVideos: opts.allowShortVideos,
    order: opts.order,
    dispatchLogPath: dispatchLog,
    stream: opts.model.stream,
    frameCache: cache,
  });
  const results: R = {
    ...task.aggregate(records, {
      planned: units.length,
      skippedRows: skippedRows(plan.dataset),
      manifest,
      seed: opts.seed,
    }),
    efficiency: efficiencyOf(records, readDispatchLog(dispatchLog)),
  };
  writeTaskResults(out, task, results);
  return { results, outputDir: out, asked, reused: units.length - asked };
}

async function evaluateGroup<R extends RunAccount>(
  group: TaskGroup<R>,
  opts: EvalOptions,
  model: ModelClient,
  cache: FrameCache,
): Promise<Omit<EvalOutcome<GroupResults<R>>, 'frames'>> {
  const out = resolve(opts.output);
  prepareOutputDir(out);
  const members: { task: Task<R>; results: R }[] = [];
  let asked = 0;
  let reused = 0;
  for (const task of group.tasks) {
    const r = await evaluateTask(task, join(out, task.name), opts, model, cache);
    members.push({ task, results: r.results });
    asked += r.asked;
    reused += r.reused;
  }
  const manifest = {
    vreason_version: VERSION,
    ...group.manifest({ ...opts, data: resolve(opts.data) }, { endpoint: model.endpoint, name: model.name }),
  };
  const results: GroupResults<R> = {
    table: groupTable(members),
    benchmarks: Object.fromEntries(members.map((m) => [m.task.name, m.results])),
    manifest,
  };
  writeGroupResults(out, group.tasks, results);
  return { results, outputDir: out, asked, reused };
}

function baseManifest(
  opts: EvalOptions,
  cfg: RequestConfig,
  dataset: PlannedDataset,
  model: ModelClient,
): Record<string, unknown> {
  return {
    vreason_version: VERSION,
    node: process.version,
    task: cfg.task,
    dataset: {
      root: dataset.root,
      hash: hashObject(
        dataset.files.map((f) => f.sha256),
        16,
      ),
      files: dataset.files,
      items: dataset.items,
      skipped_rows: dataset.errors.length,
    },
    sampling: cfg.params,
    frames: cfg.frames,
    video_mode: cfg.videoMode,
    model: { endpoint: model.endpoint, name: model.name },
    // Which servers answered and how requests were dispatched: may differ between shards and resumes.
    servers: model instanceof ServerPool ? [...model.urls] : [model.endpoint],
    dispatch: {
      order: opts.order ?? 'video',
      concurrency: opts.concurrency,
      adaptive: !opts.fixedConcurrency,
      latency_target_ms: opts.latencyTargetMs ?? null,
      stream: Boolean(opts.model.stream),
    },
    limit: opts.limit ?? null,
    shard: opts.shard ?? null,
    seed: opts.seed,
    // Written only for several samples, so a single-sample manifest is what it was.
    ...((opts.samples ?? 1) > 1 ? { samples: opts.samples } : {}),
  };
}

const skippedRows = (d: PlannedDataset): SkippedRow[] =>
  d.errors.map((e) => ({ file: e.file, row: e.row, field: e.field, message: e.message }));

/** results.json and the task's own results.md. */
export function writeTaskResults<R extends RunAccount>(out: string, task: Task<R>, results: R): void {
  writeJsonAtomic(join(out, 'results.json'), results);
  writeTextAtomic(join(out, 'results.md'), task.markdown(results));
}

export function writeGroupResults<R extends RunAccount>(
  out: string,
  tasks: readonly Task<R>[],
  results: GroupResults<R>,
): void {
  writeJsonAtomic(join(out, 'results.json'), results);
  writeTextAtomic(join(out, 'results.md'), groupMarkdown(results, new Map(tasks.map((t) => [t.name, t]))));
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
