import { DISCIPLINES, TRACKS } from '../../core/types.js';
import { accuracyBy, accuracyOf, type AccuracyStat } from '../../metrics/accuracy.js';
import { baselines, type Baselines } from './baselines.js';
import type { CI95 } from '../../metrics/bootstrap.js';
import { deltaKnowledge, type DeltaKnowledge } from './deltaKnowledge.js';
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
}

interface Scored {
  r: StoredRecord;
  f: VideoMMMUFacts;
  correct: boolean;
  unparsed: boolean;
  stripped: boolean;
  unclosed: boolean;
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
    return { r, f: factsOf(r), correct: s.correct, unparsed: s.unparsed, stripped, unclosed: s.unclosed };
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

/** Adaptation questions answered in both conditions. */
function pairs(scored: readonly Scored[]): { before: boolean; after: boolean }[] {
  const b = new Map<string, boolean>();
  for (const s of scored) if (s.r.condition === 'before') b.set(s.r.item_id, s.correct);
  const out: { before: boolean; after: boolean }[] = [];
  for (const s of scored) {
    if (s.r.condition !== 'after' || s.f.track !== 'Adaptation') continue;
    const bv = b.get(s.r.item_id);
    if (bv !== undefined) out.push({ before: bv, after: s.correct });
  }
  return out;
}

export type { CI95 };
