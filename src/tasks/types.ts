import type { DataError } from '../core/errors.js';
import type { QuizImage } from '../core/types.js';

/** What the model is shown for one request; the evaluator turns it into frames or a clip. */
export type VisualSpec =
  | {
      kind: 'video';
      path: string;
      /** An image appended as the last frame (Video-MMMU's quiz image). */
      appendImage?: QuizImage;
      /** Present for the temporal probe: the sampled frames are permuted with this seed. */
      shuffleSeed?: number;
    }
  | { kind: 'image'; image: QuizImage }
  | { kind: 'none'; reason: string };

/**
 * One request a task wants asked. `facts` travel into the stored record and must be enough to
 * score and aggregate without the dataset (so shards merge and old runs re-score exactly).
 */
export interface UnitSpec {
  itemId: string;
  /** Video-MMMU: after | before. Video-R1 suite: ordered | shuffled. */
  condition: string;
  prompt: string;
  visual: VisualSpec;
  facts: Record<string, unknown>;
  /** Groups units that must land in the same shard (an item's conditions). */
  shardKey: string;
  /** `--samples N` with N > 1: the sample index, part of the resume key; absent for a single sample. */
  sample?: number;
}

export interface Scored {
  parsed: unknown;
  /** 0–1; 1 means correct. Fractional for ROUGE/WER/MRA-scored items. */
  score: number;
  correct: boolean;
  unparsed: boolean;
}

/** The dataset side of a plan: what was read, for the manifest and the skipped-rows report. */
export interface PlannedDataset {
  root: string;
  files: { path: string; sha256: string; rows: number }[];
  items: number;
  errors: DataError[];
}
