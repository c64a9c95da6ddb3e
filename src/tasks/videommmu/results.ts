import { DISCIPLINES, TRACKS } from '../../core/types.js';
import { accuracyBy, accuracyOf, type AccuracyStat } from '../../metrics/accuracy.js';
import { baselines, type Baselines } from './baselines.js';
import type { CI95 } from '../../metrics/bootstrap.js';
import { clusterStat, type ClusterStat } from '../../metrics/cluster.js';
import { stabilityOf, type StabilityStat } from '../../metrics/stability.js';
import {
  deltaKnowledge,
  deltaKnowledgeClustered,
  type DeltaKnowledge,
  type DeltaKnowledgeClustered,
} from './deltaKnowledge.js';
import type { ScoringConfig } from './scoring.js';
import { scoreVideoMMMUDetailed, type VideoMMMUFacts } from './task.js';
import { accountFor, type RunAccount, type StoredRecord } from '../record.js';

export interface Results extends RunAccount {
  task: string;
  overall: AccuracyStat;
  tracks: Record<string, AccuracyStat>;
  disciplines: Record<string, AccuracyStat>;
  question_types: Record<string, AccuracyStat>;
  /** Adaptation asked without the video (question-only): accuracy of that condition. */
  before: AccuracyStat | null;
  delta_knowledge: DeltaKnowledge;
  baselines: Baselines & { by_track: Record<string, Baselines> };
  /** Answered responses the parser could not read (counted wrong). */
  unparsed: number;
  unparsed_by_condition: { after: number; before: number };
  /** Answered responses with reasoning cut before parsing, left unclosed, or sent apart by the server. */
  reasoning: { stripped: number; unclosed: number; reasoning_content: number };
  /**
   * The same accuracies with questions clustered by lecture video: a video's Perception,
   * Comprehension and Adaptation questions (and a question's samples) are not independent.
   */
  clustered: ClusteredResults;
  /** `--samples N` with N > 1 only: how stable the N answers to each question are (with the video). */
  stability?: StabilityResults;
}

export interface ClusteredResults {
  /** A cluster is one lecture video (the item id, shared by its tracks' questions). */
  by: 'video';
  overall: ClusterStat;
  tracks: Record<string, ClusterStat>;
  delta_knowledge: DeltaKnowledgeClustered;
}

export interface StabilityResults {
  /** N: samples asked per question. */
  samples: number;
  overall: StabilityStat;
  tracks: Record<string, StabilityStat>;
}

interface Scored {
  r: StoredRecord;
  f: VideoMMMUFacts;
  correct: boolean;
  unparsed: boolean;
  stripped: boolean;
  unclosed: boolean;
  sample: number;
  /** The parsed answer as a string, to tell whether two samples agree. */
  answer: string;
}

const factsOf = (r: StoredRecord): VideoMMMUFacts => r.item as unknown as VideoMMMUFacts;

/**
 * Score stored responses with the current parser and aggregate. Everything comes from the
 * records, so shards merge exactly and a parser fix re-scores old runs without re-asking.
 */
export function computeResults(
  records: readonly StoredRecord[],
  opts: {
    task: string;
    planned?: number;
    skippedRows?: Results['skipped_rows'];
    manifest?: Record<string, unknown>;
    seed?: number;
    /** Score every record with this choice instead of the one stored with it (`vreason score --parser`). */
    scoring?: ScoringConfig;
  },
): Results {
  const seed = opts.seed ?? 0;
  const ordered = [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ok = ordered.filter((r) => r.status === 'ok' && r.response);
  const scored: Scored[] = ok.map((r) => {
    const s = scoreVideoMMMUDetailed(r.item, r.response?.text ?? '', opts.scoring);
    const stripped = s.thinking.length > 0;
    return {
      r,
      f: factsOf(r),
      correct: s.correct,
      unparsed: s.unparsed,
      stripped,
      unclosed: s.unclosed,
      sample: r.sample ?? 0,
      answer: s.unparsed ? '' : JSON.stringify(s.parsed),
    };
  });
  const after = scored.filter((s) => s.r.condition === 'after');
  const before = scored.filter((s) => s.r.condition === 'before');
  const isCorrect = (s: Scored): boolean => s.correct;
  const afterAll = ordered.filter((r) => r.condition === 'after');
  const q = (rs: readonly StoredRecord[]) =>
    rs.map(factsOf).map((f) => ({ questionType: f.question_type, options: f.options, answer: f.answer }));
  const byTrack: Record<string, Baselines> = {};
  for (const t of TRACKS) {
    const rs = afterAll.filter((r) => factsOf(r).track === t);
    if (rs.length) byTrack[t] = baselines(q(rs));
  }
  return {
    task: opts.task,
    overall: accuracyOf(after.map(isCorrect), seed),
    tracks: accuracyBy(after, (s) => s.f.track, isCorrect, TRACKS, seed),
    disciplines: accuracyBy(after, (s) => s.f.discipline, isCorrect, DISCIPLINES, seed),
    question_types: accuracyBy(after, (s) => s.f.question_type, isCorrect, undefined, seed),
    before: before.length ? accuracyOf(before.map(isCorrect), seed) : null,
    delta_knowledge: deltaKnowledge(pairs(scored), seed),
    clustered: {
      by: 'video',
      overall: clustered(after, seed),
      tracks: Object.fromEntries(
        TRACKS.map(
          (t) =>
            [
              t,
              clustered(
                after.filter((s) => s.f.track === t),
                seed,
              ),
            ] as const,
        ).filter(([, c]) => c.n),
      ),
      delta_knowledge: deltaKnowledgeClustered(pairs(scored), seed),
    },
    ...stability(ordered, after, opts.manifest),
    baselines: { ...baselines(q(afterAll)), by_track: byTrack },
    unparsed: scored.filter((s) => s.unparsed).length,
    unparsed_by_condition: {
      after: after.filter((s) => s.unparsed).length,
      before: before.filter((s) => s.unparsed).length,
    },
    reasoning: {
      stripped: scored.filter((s) => s.stripped).length,
      unclosed: scored.filter((s) => s.unclosed).length,
      reasoning_content: scored.filter((s) => typeof s.r.response?.reasoning_content === 'string').length,
    },
    ...accountFor(ordered, opts.planned ?? ordered.length),
    skipped_rows: opts.skippedRows ?? [],
    manifest: opts.manifest ?? {},
  };
}

/** Adaptation questions answered in both conditions (sample i without the video paired with sample i with it). */
function pairs(scored: readonly Scored[]): { before: boolean; after: boolean; cluster: string }[] {
  const b = new Map<string, boolean>();
  for (const s of scored) if (s.r.condition === 'before') b.set(`${s.r.item_id}\0${s.sample}`, s.correct);
  const out: { before: boolean; after: boolean; cluster: string }[] = [];
  for (const s of scored) {
    if (s.r.condition !== 'after' || s.f.track !== 'Adaptation') continue;
    const bv = b.get(`${s.r.item_id}\0${s.sample}`);
    if (bv !== undefined) out.push({ before: bv, after: s.correct, cluster: s.r.item_id });
  }
  return out;
}

/** Accuracy's uncertainty over lecture videos: the item id names the video every track asks about. */
function clustered(xs: readonly Scored[], seed: number): ClusterStat {
  return clusterStat(
    xs.map((s) => (s.correct ? 1 : 0)),
    xs.map((s) => s.r.item_id),
    seed,
  );
}

/** N from the manifest, else from the records' sample indices; absent when the run asked one sample. */
export function samplesOf(records: readonly StoredRecord[], manifest?: Record<string, unknown>): number {
  const m = manifest?.samples;
  if (typeof m === 'number' && m > 1) return m;
  return records.reduce((n, r) => Math.max(n, (r.sample ?? 0) + 1), 1);
}

function stability(
  records: readonly StoredRecord[],
  after: readonly Scored[],
  manifest?: Record<string, unknown>,
): { stability?: StabilityResults } {
  if (!records.some((r) => r.sample !== undefined)) return {};
  const N = samplesOf(records, manifest);
  const rows = (xs: readonly Scored[]) =>
    xs.map((s) => ({
      question: `${s.r.item_id}\0${s.f.track}`,
      sample: s.sample,
      score: s.correct ? 1 : 0,
      answer: s.answer,
    }));
  const tracks: Record<string, StabilityStat> = {};
  for (const t of TRACKS) {
    const xs = after.filter((s) => s.f.track === t);
    if (xs.length) tracks[t] = stabilityOf(rows(xs), N);
  }
  return { stability: { samples: N, overall: stabilityOf(rows(after), N), tracks } };
}

export type { CI95 };
