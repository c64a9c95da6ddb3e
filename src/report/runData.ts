/**
 * A run directory as the report sees it: its results, its records (one per request, the store's
 * precedence applied), its config and its training log. Two layouts: a Video-MMMU run
 * (`config.json`, `records.jsonl`, `results.json`) and a Video-R1 suite (`<benchmark>/…` plus a
 * top-level `results.json`); a single benchmark folder of a suite reads as a suite of one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { latestByKey, readStoreFile, type StoredRecord } from '../eval/runStore.js';
import { groupTable } from '../tasks/group.js';
import type { RunAccount } from '../tasks/record.js';
import { taskFromConfig } from '../tasks/registry.js';
import type { GroupResults, Task } from '../tasks/task.js';
import type { Scored } from '../tasks/types.js';
import type { Results } from '../tasks/videommmu/results.js';
import type { BenchmarkResults } from '../tasks/videor1/results.js';
import { readTrainLog, type TrainLog } from './trainLog.js';

interface RunBase {
  /** Position in the report (run A = 0); what `data-run` on the page refers to. */
  index: number;
  dir: string;
  name: string;
  model: string;
  train: TrainLog | null;
  /** True when the numbers were computed from the records (no results.json, or an older one). */
  computed: boolean;
}

/** The folder of one task (config.json, records.jsonl, results.json). */
export interface TaskRun<R extends RunAccount = RunAccount> extends RunBase {
  kind: 'task';
  task: Task<R>;
  config: Record<string, unknown>;
  results: R;
  records: StoredRecord[];
}

export interface GroupMember {
  name: string;
  task: Task;
  config: Record<string, unknown>;
  records: StoredRecord[];
}

/** A suite: a folder per task plus a top-level results.json with a row per task. */
export interface GroupRun<R extends RunAccount = RunAccount> extends RunBase {
  kind: 'group';
  results: GroupResults<R>;
  members: GroupMember[];
  /** A member folder given on its own: results.json paths refer to the task's results, not the group's. */
  single: boolean;
}

export type LoadedRun = TaskRun | GroupRun;
/** The views the Video-MMMU and Video-R1 report sections read. */
export type MmmuRun = TaskRun<Results>;
export type SuiteRun = GroupRun<BenchmarkResults>;

export interface LoadOptions {
  /** Display name; defaults to the folder name. */
  name?: string;
  /** Position among the runs of one report. */
  index?: number;
  /**
   * `results`: take results.json as written (the report: its numbers are the run's numbers).
   * `newest`: recompute from the records when they are newer than results.json (the dashboard,
   * watching a run that is still going). Either way a missing results.json is computed.
   */
  prefer?: 'results' | 'newest';
}

const readJson = (p: string): Record<string, unknown> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
const mtime = (p: string): number => (existsSync(p) ? statSync(p).mtimeMs : 0);

/**
 * What kind of run a folder holds, or null when it is none. A task folder that a group wrote (its
 * config names the benchmark it was as a member) reads as a group of one, so it gets the suite's views.
 */
export function runKind(dir: string): 'task' | 'member' | 'group' | null {
  const cfg = join(dir, 'config.json');
  if (existsSync(cfg)) return typeof readJson(cfg).benchmark === 'string' ? 'member' : 'task';
  if (existsSync(join(dir, 'results.json')) && 'table' in readJson(join(dir, 'results.json'))) return 'group';
  return benchmarkDirs(dir).length ? 'group' : null;
}

/** Sub-folders of a group run that are member runs (a config.json naming a benchmark). */
export function benchmarkDirs(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'config.json')))
    .map((e) => join(dir, e.name))
    .filter((d) => typeof readJson(join(d, 'config.json')).benchmark === 'string')
    .sort();
}

export function loadRun(dirIn: string, opts: LoadOptions = {}): LoadedRun {
  const dir = resolve(dirIn);
  const kind = runKind(dir);
  if (kind === null)
    throw new UsageError(`${dirIn}: not a run directory (no config.json, results.json or benchmark folders)`);
  const base = { index: opts.index ?? 0, dir, name: opts.name ?? basename(dir), train: readTrainLog(dir) };
  const prefer = opts.prefer ?? 'results';
  if (kind === 'task') {
    const t = loadTask(dir, prefer);
    return {
      ...base,
      kind: 'task',
      model: modelName(t.config),
      task: t.task,
      config: t.config,
      results: t.results,
      records: t.records,
      computed: t.computed,
    };
  }
  if (kind === 'member') {
    const m = loadTask(dir, prefer);
    const results: GroupResults = { table: groupTable([m]), benchmarks: { [m.name]: m.results }, manifest: m.config };
    return {
      ...base,
      kind: 'group',
      model: modelName(m.config),
      results,
      members: [m],
      single: true,
      computed: m.computed,
    };
  }
  return loadGroup(dir, base, prefer);
}

function loadTask(dir: string, prefer: 'results' | 'newest'): GroupMember & { results: RunAccount; computed: boolean } {
  const config = readJson(join(dir, 'config.json'));
  const task = taskFromConfig(config);
  const records = readRecords(dir);
  const useFile = resultsUsable(dir, prefer);
  const { units, ...manifest } = config;
  const results = useFile
    ? (readJson(join(dir, 'results.json')) as unknown as RunAccount)
    : task.aggregate(records, { planned: Number(units ?? records.length), manifest, seed: Number(config.seed ?? 0) });
  return { name: task.name, task, config, records, results, computed: !useFile };
}

function loadGroup(dir: string, base: Omit<RunBase, 'model' | 'computed'>, prefer: 'results' | 'newest'): GroupRun {
  const loaded = benchmarkDirs(dir).map((d) => loadTask(d, prefer));
  const top = join(dir, 'results.json');
  const newest = Math.max(0, ...benchmarkDirs(dir).map((d) => mtime(join(d, 'records.jsonl'))));
  const useFile = existsSync(top) && (prefer === 'results' || mtime(top) >= newest);
  let results: GroupResults;
  if (useFile) results = readJson(top) as unknown as GroupResults;
  else {
    const benchmarks = Object.fromEntries(loaded.map((b) => [b.name, b.results]));
    results = { table: groupTable(loaded), benchmarks, manifest: loaded[0]?.config ?? {} };
  }
  const members = loaded.map(({ name, task, config, records }) => ({ name, task, config, records }));
  return {
    ...base,
    kind: 'group',
    model: modelName(results.manifest),
    results,
    members,
    single: false,
    computed: !useFile,
  };
}

function resultsUsable(dir: string, prefer: 'results' | 'newest'): boolean {
  const res = join(dir, 'results.json');
  if (!existsSync(res)) return false;
  return prefer === 'results' || mtime(res) >= mtime(join(dir, 'records.jsonl'));
}

function readRecords(dir: string): StoredRecord[] {
  const p = join(dir, 'records.jsonl');
  return existsSync(p) ? latestByKey(readStoreFile(p)) : [];
}

function modelName(config: Record<string, unknown>): string {
  const m = config.model as { name?: unknown } | undefined;
  return typeof m?.name === 'string' ? m.name : 'model';
}

/** A run's records, each group with the task that scores them and the dataset root they were evaluated against. */
export function recordGroups(run: LoadedRun): { task: Task; records: StoredRecord[]; datasetRoot: string | null }[] {
  const rootOf = (config: Record<string, unknown>): string | null => {
    const root = (config.dataset as { root?: unknown } | undefined)?.root;
    return typeof root === 'string' ? root : null;
  };
  return run.kind === 'task'
    ? [{ task: run.task, records: run.records, datasetRoot: rootOf(run.config) }]
    : run.members.map((b) => ({ task: b.task, records: b.records, datasetRoot: rootOf(b.config) }));
}

/** Score a stored answer with the current scorer, as results.json was computed; null for errors. */
export function scoreRecord(task: Task, r: StoredRecord): Scored | null {
  if (r.status !== 'ok' || !r.response) return null;
  return task.score(r.item, r.response.text);
}

/** The tasks of a run (one, or a group's members). */
export const tasksOf = (run: LoadedRun): Task[] => (run.kind === 'task' ? [run.task] : run.members.map((m) => m.task));
