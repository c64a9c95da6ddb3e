/** One planned training example before its frames are prepared, and how its answer is scored. */
import type { FrameConfig } from '../core/types.js';
import type { UnitSpec } from '../tasks/types.js';
import type { VIDEOMMMU } from '../tasks/videommmu/task.js';

/**
 * How an example's answer is scored: the evaluator's scorers, the reading task's
 * (src/train/readingData.ts) or the arithmetic drills' (src/train/arithDrills.ts).
 */
export type Scorer = typeof VIDEOMMMU | 'videor1' | 'reading' | 'equation';

export interface ExampleUnit {
  unit: UnitSpec;
  scorer: Scorer;
  group: string;
  answer: string;
  frameCfg: FrameConfig;
}
