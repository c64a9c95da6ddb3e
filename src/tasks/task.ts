/**
 * The one interface every benchmark implements, and the group that runs several as a suite.
 * A task owns its whole life cycle except the asking: load and validate its data, plan requests
 * (prompt, visuals, conditions), score one answer, aggregate stored records into its results,
 * and render its own Markdown. The evaluator (src/eval) asks; the report reads runs through it.
 */
import type { GenParams } from '../clients/types.js';
import type { FrameConfig } from '../core/types.js';
import type { RunAccount, SkippedRow, StoredRecord } from './record.js';
import type { PlannedDataset, Scored, UnitSpec } from './types.js';
import type { ClusterStat } from '../metrics/cluster.js';
import type { StabilityStat } from '../metrics/stability.js';

/** What a task reads from the run options when it plans (a subset of EvalOptions). */
export interface PlanOptions {
  /** The dataset: a folder or a file, as the task's loader expects. */
  data: string;
  limit?: number;
  /** Video-MMMU only: tracks to load. */
  tracks?: readonly string[];
  /** Video-MMMU only: after | before | both. */
  conditions?: string;
  /** Video-MMMU only: lmms-eval | paper. */
  promptStyle?: string;
  /** Video-R1 format only: think | direct. */
  prompt?: string;
  /** Ask video items again with shuffled frames. */
  probe?: boolean;
  allowOutsidePaths?: boolean;
  videoMode?: 'frames' | 'video';
  seed: number;
  /** Video-MMMU only: lmms-eval | videommmu-release. */
  parser?: string;
  /** Video-MMMU only: reasoning blocks cut before parsing (undefined = the parser's default, [] = none). */
  reasoningTags?: readonly (readonly [string, string])[];
  /** Video-MMMU only: unparsed | keep. */
  unclosedThinking?: 'unparsed' | 'keep';
  /** Video-MMMU only: standard | gt_none_option | number_option | random_choice | no_visual. */
  variant?: string;
}

export interface TaskPlan {
  units: UnitSpec[];
  dataset: PlannedDataset;
  /** The task's own manifest fields (prompt and parser versions …), written after the common ones. */
  manifest: Record<string, unknown>;
  /** Task choices that are part of every resume key (e.g. the parser); absent = none. */
  resumeKey?: Record<string, unknown>;
}

export interface AggregateOptions {
  planned?: number;
  skippedRows?: SkippedRow[];
  manifest?: Record<string, unknown>;
  seed?: number;
}

/** A task's results in the shape a suite table and a comparison need, whatever the task measures. */
export interface TaskSummary {
  n: number;
  /** The headline number, 0–1. */
  score: number | null;
  score_ci95: [number, number] | null;
  /** Share correct on exactly-scored items, and mean relative accuracy on numeric ones (null where none). */
  accuracy: number | null;
  mra: number | null;
  /** The headline's uncertainty with items clustered by video (absent in results written before it existed). */
  clustered?: ClusterStat;
  /** `--samples N` with N > 1: the stability of the headline's N answers per question. */
  stability?: StabilityStat & { samples: number };
  /** Answers the scorer could not read. */
  unparsed: number;
  errors: number;
  /** Ordered vs shuffled frames, when the run probed. */
  probe: {
    pairs: number;
    ordered: number | null;
    shuffled: number | null;
    drop: number | null;
    drop_ci95: [number, number] | null;
    changed_share: number | null;
    changed: number;
  } | null;
}

/** A metric the report compares between runs item by item: its JSON path, and which records it counts. */
export interface CompareMetric<R> {
  path: string;
  label: string;
  value(results: R): number | null | undefined;
  include(record: StoredRecord): boolean;
}

export interface Task<R extends RunAccount = RunAccount> {
  readonly kind: 'task';
  /** The name on the command line, in records and in config.json (`task`). */
  readonly name: string;
  readonly label: string;
  /** Tasks of one family share report sections and can be compared (e.g. the Video-R1 benchmarks). */
  readonly family: string;
  /** Frame sampling and generation defaults; the user's flags override them. */
  readonly frames: FrameConfig;
  readonly params: GenParams;
  plan(opts: PlanOptions): Promise<TaskPlan>;
  /** Score one answer from the facts stored with its record (pure). */
  score(facts: Record<string, unknown>, text: string): Scored;
  /** Results from stored records, re-scored with the current scorer (pure). */
  aggregate(records: readonly StoredRecord[], opts?: AggregateOptions): R;
  markdown(results: R): string;
  /** One line for the terminal when a run ends. */
  line(results: R): string;
  summary(results: R): TaskSummary;
  /** Drill-down facets: [key, label] in display order, and each record's values. */
  readonly facets: readonly [string, string][];
  facetsOf(facts: Record<string, unknown>): Record<string, string>;
  gold(facts: Record<string, unknown>): unknown;
  /** True when an unreadable answer is shown apart from a wrong one (it still scores 0). */
  readonly unparsedApart: boolean;
  /** What a comparison of two runs of this task reports. */
  compareMetrics(): CompareMetric<R>[];
}

/** Several tasks run as one suite: one sub-folder each, plus a table with a row per task. */
export interface TaskGroup<R extends RunAccount = RunAccount> {
  readonly kind: 'group';
  readonly name: string;
  readonly tasks: readonly Task<R>[];
  /** The suite-level manifest of results.json. */
  manifest(
    opts: PlanOptions & { tasks: readonly string[] },
    model: { endpoint: string; name: string },
  ): Record<string, unknown>;
}

export interface GroupRow {
  benchmark: string;
  label: string;
  n: number;
  score: number | null;
  accuracy: number | null;
  mra: number | null;
  probe_drop: number | null;
  errors: number;
}

export interface GroupResults<R extends RunAccount = RunAccount> {
  /** One row per task, in the order they ran (the Video-R1 paper's table). */
  table: GroupRow[];
  benchmarks: Record<string, R>;
  manifest: Record<string, unknown>;
}
