/**
 * The generator's ground truth as `vreason data synth` writes it beside the data: `card.json`
 * (the config) and `meta/units.jsonl` (every unit's rule, questions and reasoning steps). The
 * trainer reads it for what the public formats do not carry: the slides' transcripts and the
 * Video-MMMU questions' chains of thought.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { SynthConfig, UnitSpec } from './plan.js';

export interface GeneratorMeta {
  config: SynthConfig;
  units: UnitSpec[];
}

export const hasGeneratorMeta = (root: string): boolean =>
  existsSync(join(root, 'meta', 'units.jsonl')) && existsSync(join(root, 'card.json'));

/** Read a synth folder's meta; `why` names what needs it, for the error. */
export function readGeneratorMeta(root: string, why: string): GeneratorMeta {
  const unitsFile = join(root, 'meta', 'units.jsonl');
  if (!hasGeneratorMeta(root))
    throw new UsageError(`${root}: ${why} needs meta/units.jsonl and card.json (written by vreason data synth)`);
  const config = (JSON.parse(readFileSync(join(root, 'card.json'), 'utf8')) as { config: SynthConfig }).config;
  const units = readFileSync(unitsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as UnitSpec;
      } catch (e) {
        throw new UsageError(`${unitsFile}:${i + 1}: not JSON (${(e as Error).message})`);
      }
    });
  return { config, units };
}
