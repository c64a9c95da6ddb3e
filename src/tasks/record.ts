/** The stored form of one request and the accounting every task's results carry. */
import type { Efficiency } from './efficiency.js';

/** One answered (or failed) request. Everything needed to score it travels with it. */
export interface StoredRecord {
  key: string;
  task: string;
  item_id: string;
  /** Video-MMMU: after | before; Video-R1 suite: ordered | shuffled. */
  condition: string;
  /** `--samples N` with N > 1: which of the question's N samples this is (0 … N−1); absent otherwise. */
  sample?: number;
  status: 'ok' | 'error';
  /**
   * The task's facts about the item (gold answer, type, track …): enough to re-score and aggregate without the dataset.
   */
  item: Record<string, unknown>;
  request: {
    prompt: string;
    visual: string;
    frames: {
      count: number;
      indices: number[];
      width: number;
      height: number;
      order?: number[];
      /** Present when the video was sent with fewer frames than planned (`--allow-short-videos`). */
      short?: { planned: number; decoded: number; reason: string };
    } | null;
  };
  response: {
    text: string;
    finish_reason: string | null;
    attempts: number;
    latency_ms: number;
    usage: unknown;
    /** The server's separate reasoning (vLLM/SGLang `reasoning_content`, DeepSeek-style APIs); never parsed. */
    reasoning_content?: string;
    /** Base URL of the server that answered (several with repeated `--base-url`); not part of the resume key. */
    server?: string;
    /** `--stream` only: ms from sending the answering attempt to its first token. */
    ttft_ms?: number;
  } | null;
  parsed: unknown;
  score: number | null;
  correct: boolean | null;
  unparsed: boolean | null;
  error: { kind: string; message: string } | null;
  time: string;
}

/** How a run's requests ended, reported by every task's results. */
export interface RunCounts {
  planned: number;
  answered: number;
  errored: number;
  missing: number;
}

export interface RunError {
  item_id: string;
  condition: string;
  kind: string;
  message: string;
}

/** A request sent with fewer video frames than planned (`--allow-short-videos`). */
export interface ShortVideoUse {
  item_id: string;
  condition: string;
  planned: number;
  decoded: number;
  reason: string;
}

export interface SkippedRow {
  file: string;
  row: number | null;
  field: string | null;
  message: string;
}

/** What every task's results report besides its metrics. */
export interface RunAccount {
  counts: RunCounts;
  errors: RunError[];
  /** Answered requests whose video was sent short (`--allow-short-videos`); empty otherwise. */
  short_videos: ShortVideoUse[];
  skipped_rows: SkippedRow[];
  manifest: Record<string, unknown>;
  /**
   * How fast the run asked (requests/s, latency percentiles, tokens, per server), from the records
   * and dispatch.jsonl; written by the evaluator after the task's own aggregation.
   */
  efficiency?: Efficiency;
}

/** Counts and error list of a run's records, against the number of requests planned. */
export function accountFor(
  records: readonly StoredRecord[],
  planned: number,
): { counts: RunCounts; errors: RunError[]; short_videos: ShortVideoUse[] } {
  const errored = records.filter((r) => r.status === 'error');
  const answered = records.filter((r) => r.status === 'ok' && r.response).length;
  return {
    counts: { planned, answered, errored: errored.length, missing: Math.max(0, planned - answered - errored.length) },
    errors: errored.map((r) => ({
      item_id: r.item_id,
      condition: r.condition,
      kind: r.error?.kind ?? 'unknown',
      message: r.error?.message ?? '',
    })),
    short_videos: records.flatMap((r) => {
      const s = r.status === 'ok' ? r.request.frames?.short : undefined;
      return s ? [{ item_id: r.item_id, condition: r.condition, ...s }] : [];
    }),
  };
}
