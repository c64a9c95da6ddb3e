/**
 * Copy drills: the copying that the Video-MMMU chains need, with nothing else to learn.
 *
 * Why: a reasoning answer restates the rule slide ("The rule slide says 1 KO = 8 DUP."), names a
 * value, then walks the options to it ("Checking the options: A is 16 vs 48 no, B is 24 vs 48 no, …
 * so it is option D."). Restating names and walking the options are copies from the prompt.
 * Trained on the lecture data and the reasoning drills alone, the small decoder never learned to
 * copy (6–10% of walked options right, even on drill prompts it was trained on): names and numbers there have strong
 * priors, so predicting the usual option or the usual colour lowers the loss almost as much as
 * copying, and the copy circuit does not form. In a copy drill every name, number and option is
 * drawn at random, so the only way to predict the answer is to copy it from the prompt.
 *
 * Each drill is a lecture question of a freshly planned world (its own seed, as the reasoning
 * drills) with its rule sentence scrambled (names and numbers replaced at random), its options
 * redrawn from the world's option values, and the value to find given in the notes. The target is
 * the Video-MMMU chain's shape: the rule restated, the value named, the options walked to it, the
 * last line `Answer: D. 48`.
 */
import { buildPrompt } from '../../tasks/videommmu/prompt.js';
import { factsOf as videoMMMUFacts, VIDEOMMMU } from '../../tasks/videommmu/task.js';
import { DEFAULT_CONFIG, planDataset, type LectureQuestion, type UnitSpec } from '../../synth/plan.js';
import { Rng } from '../../nn/random.js';
import { scanSentence } from '../../synth/annotator.js';
import { DEFAULT_FRAMES } from '../../eval/config.js';
import type { ExampleUnit } from '../sftData.js';

/** Offsets the copy world's seed from the SFT seed (away from the reasoning drills' 1 000 003). */
export const COPY_SEED_BASE = 2_000_003;

const NAME = /\b[A-Z]{2,}\b/g;
const NUMBER = /\b\d+\b/g;

/** `count` copy drills (text only), planned from `seed`. */
export function copyDrillUnits(count: number, seed: number): ExampleUnit[] {
  if (!(Number.isInteger(count) && count > 0))
    throw new RangeError('copy drills must be a positive number of examples');
  const worldSeed = COPY_SEED_BASE + seed;
  // Three multiple-choice questions at most per lecture: plan enough lectures for `count`.
  const plan = planDataset({
    ...DEFAULT_CONFIG,
    seed: worldSeed,
    videos: Math.max(10, Math.ceil(count / 2)),
    ratios: [1, 0, 0],
  });
  const asked = plan.units.flatMap((u) =>
    u.questions.filter((q) => q.questionType === 'multiple-choice').map((q) => ({ u, q })),
  );
  const names = unique(plan.units.flatMap((u) => u.questions.flatMap((q) => (q.steps[0] ?? '').match(NAME) ?? [])));
  const words = unique(asked.flatMap(({ q }) => q.options.filter((o) => !/^\d+$/.test(o))));
  const rng = new Rng(worldSeed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const out: ExampleUnit[] = [];
  for (let i = 0; i < count; i++) {
    const { u, q } = asked[i % asked.length]!;
    const numeric = q.options.every((o) => /^\d+$/.test(o));
    const options = drawDistinct(q.options.length, () => (numeric ? String(rng.int(100)) : pick(words)));
    const t = rng.int(options.length);
    const rule = (q.steps[0] ?? '').replace(NAME, () => pick(names)).replace(NUMBER, () => String(rng.int(20)));
    out.push(copyUnit(`copy-${i}-${u.id}-${q.track}`, u, { ...q, options, value: options[t]! }, rule, t));
  }
  return out;
}

function copyUnit(id: string, u: UnitSpec, q: LectureQuestion, rule: string, t: number): ExampleUnit {
  const value = q.options[t]!;
  const letters = q.options.map((_, i) => String.fromCharCode(65 + i));
  const letter = letters[t]!;
  const answer = `<think>${rule} ${scanSentence(letters, q.options, t)}</think>\nAnswer: ${letter}. ${value}`;
  const item = { ...q, answer: letter, subject: u.subject, discipline: u.discipline };
  return {
    unit: {
      itemId: id,
      condition: 'drill',
      prompt: `Notes: ${rule} The answer is ${value}.\n${buildPrompt(item, 'after')}`,
      visual: { kind: 'none', reason: 'drill' },
      facts: videoMMMUFacts(item),
      shardKey: id,
    },
    scorer: VIDEOMMMU,
    group: 'copy',
    answer,
    frameCfg: DEFAULT_FRAMES,
  };
}

/** n distinct values from `draw` (gives up on distinctness after many tries: tiny pools). */
function drawDistinct(n: number, draw: () => string): string[] {
  const seen = new Set<string>();
  for (let tries = 0; seen.size < n && tries < 1000; tries++) seen.add(draw());
  return [...seen];
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort();
}
