/**
 * `--samples N`: each planned request asked N times, each sample its own record and resume key.
 * With N = 1 the units are returned as they are (no sample index), so single-sample runs and their
 * keys are exactly what they were before there was a choice.
 */
import { UsageError } from '../core/errors.js';
import type { UnitSpec } from '../tasks/types.js';

export function expandSamples<T extends UnitSpec>(units: readonly T[], samples = 1): T[] {
  if (!Number.isInteger(samples) || samples < 1)
    throw new UsageError(`--samples expects an integer ≥ 1, got ${samples}`);
  if (samples === 1) return [...units];
  return units.flatMap((u) => Array.from({ length: samples }, (_, sample) => ({ ...u, sample })));
}
