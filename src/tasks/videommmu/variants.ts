/**
 * Robustness settings for any Video-MMMU run (`--variant`), after the ones lmms-eval added for video
 * benchmarks (lmms_eval/tasks/videommmu/{gt_none_option,number_option,random_choice,no_visual} at
 * 75571cfe). The first three change multiple-choice items only, and only when the gold is one
 * letter A–H within the options, as there:
 * - `gt_none_option`: the correct option's text becomes "None" (the gold letter stays): does the model
 *   still find it, or did it recognise the text?
 * - `number_option`: options numbered `1. …` and the gold a number. lmms-eval keeps the `A.` labels
 *   in the prompt and the letter parser, so a parsed letter never equals the numeric gold there;
 *   here the options are shown numbered (with lmms-eval's Adaptation wording "with the option
 *   number") and read with the extractor over the numbers.
 * - `random_choice`: options shuffled and the gold letter moved with its option. lmms-eval seeds
 *   with Python's `hash(id)`, which changes with every process (PYTHONHASHSEED); here the shuffle is
 *   seeded by `--seed` and the item id, so a run is reproducible.
 * - `no_visual`: nothing is shown (no video, no quiz image); the prompt is unchanged.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../core/errors.js';
import type { VideoMMMUItem } from '../../core/types.js';

export type Variant = 'standard' | 'gt_none_option' | 'number_option' | 'random_choice' | 'no_visual';
export const VARIANTS: readonly Variant[] = [
  'standard',
  'gt_none_option',
  'number_option',
  'random_choice',
  'no_visual',
];

export const checkVariant = (v: string | undefined): Variant => {
  const x = (v ?? 'standard') as Variant;
  if (!VARIANTS.includes(x)) throw new UsageError(`unknown variant '${v}' (use ${VARIANTS.join(', ')})`);
  return x;
};

/** The gold's index when the variant may change the item (a one-letter gold A–H within the options). */
function goldIndex(item: VideoMMMUItem): number | null {
  if (item.questionType !== 'multiple-choice' || item.options.length === 0) return null;
  if (typeof item.answer !== 'string' || !item.answer) return null;
  const letter = item.answer.trim().toUpperCase();
  if (letter.length !== 1 || !'ABCDEFGH'.includes(letter)) return null;
  const i = letter.charCodeAt(0) - 65;
  return i < item.options.length ? i : null;
}

/** A permutation of 0..n-1 from a seeded SHA-256 stream (Fisher–Yates). */
function permutation(n: number, seed: string): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let block = createHash('sha256').update(seed).digest();
  let at = 0;
  const next = (): number => {
    if (at + 4 > block.length) {
      block = createHash('sha256').update(block).digest();
      at = 0;
    }
    const v = block.readUInt32BE(at);
    at += 4;
    return v / 2 ** 32;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx;
}

export interface VariantItem extends VideoMMMUItem {
  /** number_option: options are labelled 1, 2, 3 … and the gold is a number. */
  labels?: 'numbers';
}

/** The item as the variant asks it. */
export function applyVariant(item: VideoMMMUItem, variant: Variant, seed: number): VariantItem {
  const gi = goldIndex(item);
  if (variant === 'standard' || variant === 'no_visual' || gi === null) return item;
  if (variant === 'gt_none_option') {
    const options = [...item.options];
    options[gi] = 'None';
    return { ...item, options };
  }
  if (variant === 'number_option') return { ...item, answer: String(gi + 1), labels: 'numbers' };
  const perm = permutation(item.options.length, `${seed}\0${item.track}\0${item.id}`);
  const options = perm.map((i) => item.options[i] as string);
  return { ...item, options, answer: String.fromCharCode(65 + perm.indexOf(gi)) };
}
