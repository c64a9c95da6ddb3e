import { bootstrapCI, type CI95 } from '../../metrics/bootstrap.js';
import { clusterStat, type ClusterStat } from '../../metrics/cluster.js';
import { stabilityOf, type StabilityStat } from '../../metrics/stability.js';
import { scoreVideoR1Facts, type VideoR1Facts } from './task.js';
import { accountFor, type RunAccount, type StoredRecord } from '../record.js';

export interface MeanStat {
  mean: number | null;
  n: number;
  ci95: CI95 | null;
}

/** Ordered vs shuffled frames on the same video items. */
export interface ProbeResult {
  pairs: number;
  ordered: MeanStat;
  shuffled: MeanStat;
  /** ordered − shuffled mean score, with a paired bootstrap CI. */
  drop: number | null;
  drop_ci95: CI95 | null;
  /** Share of items whose extracted answer changes when the frames are shuffled. */
  changed_share: number | null;
  changed: number;
}

export interface BenchmarkResults extends RunAccount {
  benchmark: string;
  /** Mean score over every item (MRA for regression items, accuracy otherwise): the table's number. */
  score: MeanStat;
  /** eval_bench's mean_acc: non-regression items. */
  accuracy: MeanStat;
  /** eval_bench's mean_mra: regression items (VSI-Bench numeric questions). */
  mra: MeanStat;
  by_problem_type: Record<string, MeanStat>;
  by_data_type: Record<string, MeanStat>;
  /** Answers with no <answer> tag (the whole output was taken as the answer). */
  no_answer_tag: number;
  probe: ProbeResult | null;
  /**
   * score, accuracy and mra with items clustered by their video (or image): questions about one
   * clip, and a question's samples, are not independent.
   */
  clustered: { by: 'media'; score: ClusterStat; accuracy: ClusterStat; mra: ClusterStat };
  /** `--samples N` with N > 1 only: how stable the N answers to each item are (ordered frames). */
  stability?: { samples: number } & StabilityStat;
}

interface Scored {
  r: StoredRecord;
  f: VideoR1Facts;
  score: number;
  parsed: unknown;
  noTag: boolean;
}

/** The clip an item asks about (its media path, stored with the facts); the item itself for older records. */
const mediaOf = (s: Scored): string => (typeof s.f.media === 'string' ? s.f.media : `item ${s.r.item_id}`);
const clusteredOf = (xs: readonly Scored[], seed: number): ClusterStat =>
  clusterStat(
    xs.map((s) => s.score),
    xs.map(mediaOf),
    seed,
  );

/** Aggregate one Video-R1-format benchmark from its stored records (re-scored with the current scorer). */
export function computeBenchmarkResults(
  records: readonly StoredRecord[],
  opts: {
    benchmark: string;
    planned?: number;
    skippedRows?: BenchmarkResults['skipped_rows'];
    manifest?: Record<string, unknown>;
    seed?: number;
  },
): BenchmarkResults {
  const seed = opts.seed ?? 0;
  const sorted = [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const scored: Scored[] = sorted
    .filter((r) => r.status === 'ok' && r.response)
    .map((r) => {
      const s = scoreVideoR1Facts(r.item, r.response?.text ?? '');
      return { r, f: r.item as unknown as VideoR1Facts, score: s.score, parsed: s.parsed, noTag: s.unparsed };
    });
  const ordered = scored.filter((s) => s.r.condition === 'ordered');
  return {
    benchmark: opts.benchmark,
    score: meanOf(
      ordered.map((s) => s.score),
      seed,
    ),
    accuracy: meanOf(
      ordered.filter((s) => s.f.problem_type !== 'regression').map((s) => s.score),
      seed,
    ),
    mra: meanOf(
      ordered.filter((s) => s.f.problem_type === 'regression').map((s) => s.score),
      seed,
    ),
    by_problem_type: groupMeans(ordered, (s) => s.f.problem_type, seed),
    by_data_type: groupMeans(ordered, (s) => s.f.data_type, seed),
    no_answer_tag: ordered.filter((s) => s.noTag).length,
    probe: probeOf(scored, seed),
    clustered: {
      by: 'media',
      score: clusteredOf(ordered, seed),
      accuracy: clusteredOf(
        ordered.filter((s) => s.f.problem_type !== 'regression'),
        seed,
      ),
      mra: clusteredOf(
        ordered.filter((s) => s.f.problem_type === 'regression'),
        seed,
      ),
    },
    ...stabilityOfRun(sorted, ordered, opts.manifest),
    ...accountFor(sorted, opts.planned ?? sorted.length),
    skipped_rows: opts.skippedRows ?? [],
    manifest: opts.manifest ?? {},
  };
}

function stabilityOfRun(
  records: readonly StoredRecord[],
  ordered: readonly Scored[],
  manifest?: Record<string, unknown>,
): { stability?: BenchmarkResults['stability'] } {
  if (!records.some((r) => r.sample !== undefined)) return {};
  const m = manifest?.samples;
  const N = typeof m === 'number' && m > 1 ? m : records.reduce((n, r) => Math.max(n, (r.sample ?? 0) + 1), 1);
  const rows = ordered.map((s) => ({
    question: s.r.item_id,
    sample: s.r.sample ?? 0,
    score: s.score,
    answer: JSON.stringify(s.parsed),
  }));
  return { stability: { samples: N, ...stabilityOf(rows, N) } };
}

export function meanOf(xs: readonly number[], seed = 0): MeanStat {
  if (xs.length === 0) return { mean: null, n: 0, ci95: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ci95 = bootstrapCI(
    xs.length,
    (idx) => {
      let s = 0;
      for (const i of idx) s += xs[i] as number;
      return s / idx.length;
    },
    { seed },
  );
  return { mean, n: xs.length, ci95 };
}

function groupMeans(xs: readonly Scored[], key: (s: Scored) => string, seed: number): Record<string, MeanStat> {
  const groups = new Map<string, number[]>();
  for (const s of xs) groups.set(key(s), [...(groups.get(key(s)) ?? []), s.score]);
  return Object.fromEntries([...groups].map(([k, v]) => [k, meanOf(v, seed)]));
}

function probeOf(scored: readonly Scored[], seed: number): ProbeResult | null {
  const shuffled = new Map(scored.filter((s) => s.r.condition === 'shuffled').map((s) => [s.r.item_id, s]));
  if (shuffled.size === 0) return null;
  const pairs = scored
    .filter((s) => s.r.condition === 'ordered' && shuffled.has(s.r.item_id))
    .map((o) => ({ o, s: shuffled.get(o.r.item_id) as Scored }));
  const changed = pairs.filter((p) => JSON.stringify(p.o.parsed) !== JSON.stringify(p.s.parsed)).length;
  const o = pairs.map((p) => p.o.score);
  const s = pairs.map((p) => p.s.score);
  const drop = pairs.length ? (o.reduce((a, b) => a + b, 0) - s.reduce((a, b) => a + b, 0)) / pairs.length : null;
  const dropCi = bootstrapCI(
    pairs.length,
    (idx) => {
      let d = 0;
      for (const i of idx) d += (o[i] as number) - (s[i] as number);
      return d / idx.length;
    },
    { seed },
  );
  return {
    pairs: pairs.length,
    ordered: meanOf(o, seed),
    shuffled: meanOf(s, seed),
    drop,
    drop_ci95: dropCi,
    changed_share: pairs.length ? changed / pairs.length : null,
    changed,
  };
}
