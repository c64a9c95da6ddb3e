/**
 * A run directory as the report sees it: its results, its records (one per request, the store's
 * precedence applied), its config and its training log. Two layouts: a Video-MMMU run
 * (`config.json`, `records.jsonl`, `results.json`) and a Video-R1 suite (`<benchmark>/…` plus a
 * top-level `results.json`); a single benchmark folder of a suite reads as a suite of one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { suiteTable, type SuiteResults } from '../eval/evaluate.js';
import { computeResults, type Results } from '../eval/results.js';
import { latestByKey, readStoreFile, type StoredRecord } from '../eval/runStore.js';
import { computeBenchmarkResults, type BenchmarkResults } from '../eval/suiteResults.js';
import type { Scored } from '../tasks/types.js';
import { scoreVideoMMMUFacts } from '../tasks/videommmu/task.js';
import { scoreVideoR1Facts } from '../tasks/videor1/task.js';
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

export interface MmmuRun extends RunBase {
  kind: 'videommmu';
  config: Record<string, unknown>;
  results: Results;
  records: StoredRecord[];
}

export interface SuiteBenchmark {
  name: string;
  config: Record<string, unknown>;
  records: StoredRecord[];
}

export interface SuiteRun extends RunBase {
  kind: 'suite';
  results: SuiteResults;
  benchmarks: SuiteBenchmark[];
  /** A benchmark folder given on its own: results.json paths refer to BenchmarkResults, not SuiteResults. */
  single: boolean;
}

export type LoadedRun = MmmuRun | SuiteRun;

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

/** What kind of run a folder holds, or null when it is none. */
export function runKind(dir: string): 'videommmu' | 'benchmark' | 'suite' | null {
  const cfg = join(dir, 'config.json');
  if (existsSync(cfg)) return typeof readJson(cfg).benchmark === 'string' ? 'benchmark' : 'videommmu';
  if (existsSync(join(dir, 'results.json')) && 'table' in readJson(join(dir, 'results.json'))) return 'suite';
  return benchmarkDirs(dir).length ? 'suite' : null;
}

/** Sub-folders of a suite run that are benchmark runs (a config.json naming a benchmark). */
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
  if (kind === null) throw new UsageError(`${dirIn}: not a run directory (no config.json, results.json or benchmark folders)`);
  const base = { index: opts.index ?? 0, dir, name: opts.name ?? basename(dir), train: readTrainLog(dir) };
  if (kind === 'videommmu') return loadMmmu(dir, base, opts.prefer ?? 'results');
  if (kind === 'benchmark') {
    const b = loadBenchmark(dir, opts.prefer ?? 'results');
    const results: SuiteResults = { table: suiteTable({ [b.name]: b.results }), benchmarks: { [b.name]: b.results }, manifest: b.config };
    return { ...base, kind: 'suite', model: modelName(b.config), results, benchmarks: [b], single: true, computed: b.computed };
  }
  return loadSuite(dir, base, opts.prefer ?? 'results');
}

function loadMmmu(dir: string, base: Omit<RunBase, 'model' | 'computed'>, prefer: 'results' | 'newest'): MmmuRun {
  const config = readJson(join(dir, 'config.json'));
  const records = readRecords(dir);
  const useFile = resultsUsable(dir, prefer);
  const { units, ...manifest } = config;
  const results = useFile
    ? (readJson(join(dir, 'results.json')) as unknown as Results)
    : computeResults(records, { task: String(config.task ?? 'videommmu'), planned: Number(units ?? records.length), manifest, seed: Number(config.seed ?? 0) });
  return { ...base, kind: 'videommmu', model: modelName(config), config, results, records, computed: !useFile };
}

function loadBenchmark(dir: string, prefer: 'results' | 'newest'): SuiteBenchmark & { results: BenchmarkResults; computed: boolean } {
  const config = readJson(join(dir, 'config.json'));
  const records = readRecords(dir);
  const useFile = resultsUsable(dir, prefer);
  const { units, ...manifest } = config;
  const name = String(config.benchmark);
  const results = useFile
    ? (readJson(join(dir, 'results.json')) as unknown as BenchmarkResults)
    : computeBenchmarkResults(records, { benchmark: name, planned: Number(units ?? records.length), manifest, seed: Number(config.seed ?? 0) });
  return { name, config, records, results, computed: !useFile };
}

function loadSuite(dir: string, base: Omit<RunBase, 'model' | 'computed'>, prefer: 'results' | 'newest'): SuiteRun {
  const loaded = benchmarkDirs(dir).map((d) => loadBenchmark(d, prefer));
  const top = join(dir, 'results.json');
  const newest = Math.max(0, ...benchmarkDirs(dir).map((d) => mtime(join(d, 'records.jsonl'))));
  const useFile = existsSync(top) && (prefer === 'results' || mtime(top) >= newest);
  let results: SuiteResults;
  if (useFile) results = readJson(top) as unknown as SuiteResults;
  else {
    const benchmarks = Object.fromEntries(loaded.map((b) => [b.name, b.results]));
    results = { table: suiteTable(benchmarks), benchmarks, manifest: loaded[0]?.config ?? {} };
  }
  const benchmarks = loaded.map(({ name, config, records }) => ({ name, config, records }));
  return { ...base, kind: 'suite', model: modelName(results.manifest), results, benchmarks, single: false, computed: !useFile };
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

/** Score a stored answer with the current scorer, as results.json was computed; null for errors. */
export function scoreRecord(kind: LoadedRun['kind'], r: StoredRecord): Scored | null {
  if (r.status !== 'ok' || !r.response) return null;
  return kind === 'videommmu' ? scoreVideoMMMUFacts(r.item, r.response.text) : scoreVideoR1Facts(r.item, r.response.text);
}

/** A run's records with the dataset root they were evaluated against (one group per benchmark of a suite). */
export function recordGroups(run: LoadedRun): { records: StoredRecord[]; datasetRoot: string | null }[] {
  const rootOf = (config: Record<string, unknown>): string | null => {
    const root = (config.dataset as { root?: unknown } | undefined)?.root;
    return typeof root === 'string' ? root : null;
  };
  return run.kind === 'videommmu' ? [{ records: run.records, datasetRoot: rootOf(run.config) }] : run.benchmarks.map((b) => ({ records: b.records, datasetRoot: rootOf(b.config) }));
}
