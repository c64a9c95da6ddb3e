/**
 * Arithmetic drills: the equations of the chains of thought, alone.
 *
 * Why: after the curriculum the model read the rule and copied the operands right in most
 * Comprehension chains and still got the answer wrong, because the sum was wrong
 * (`3 × 3 + 4 × 3 = 9 + 12 = 27`): about a third of its equations were right. With whole-number
 * tokens every sum is a table entry (9 + 12 → 21) to be learned from examples, and the lectures and
 * reasoning drills hold one or two equations per hundred tokens. A drill is one equation of a
 * freshly planned lecture question: the left side as the prompt, the worked equation as the target,
 * so the table is practised at the density and with the operand ranges the questions use.
 */
import { DEFAULT_CONFIG, planDataset } from '../../synth/plan.js';
import { DEFAULT_FRAMES } from '../../eval/config.js';
import type { ExampleUnit } from '../sftData.js';

/** Offsets the arithmetic world's seed from the SFT seed (away from the other drills' bases). */
export const ARITH_SEED_BASE = 4_000_003;

/**
 * `a × b + c = d = e`-style statements (and the colour family's `5 mod 5 = 0`): operands and
 * operators, then one or more `= x` steps. Whole numbers only — a statement never starts or ends
 * inside a number — and an ASCII `-` is read as `−`, so a model's chain (experiments/curriculum/chain-checks.mjs)
 * is read by the same rule as the world's.
 */
const EQUATION = /(?<!\d|\d\.)(?:\d+ (?:[×+−-]|mod) )+\d+(?: = (?:\d+ (?:[×+−-]|mod) )*\d+)+(?!\d|\.\d)/g;

/** The worked equations of a chain step or a model's text, e.g. `3 × 3 + 4 × 3 = 9 + 12 = 21`. */
export function equationsOf(step: string): string[] {
  return step.match(EQUATION) ?? [];
}

/** 1 when the response is the worked equation exactly (an arithmetic drill's target), else 0. */
export function scoreEquation(facts: Record<string, unknown>, text: string): number {
  return text.trim() === facts.equation ? 1 : 0;
}

/** Prompt and target of one equation: `What is 3 × 3 + 4 × 3?` → `3 × 3 + 4 × 3 = 9 + 12 = 21`. */
export function arithExample(equation: string): { prompt: string; answer: string } {
  return { prompt: `What is ${equation.slice(0, equation.indexOf(' = '))}?`, answer: equation };
}

/** `count` arithmetic drills (text only), from lectures planned from `seed`. */
export function arithDrillUnits(count: number, seed: number): ExampleUnit[] {
  if (!(Number.isInteger(count) && count > 0))
    throw new RangeError('arithmetic drills must be a positive number of examples');
  const worldSeed = ARITH_SEED_BASE + seed;
  const out: ExampleUnit[] = [];
  // Each lecture has three questions with about one equation each: plan in rounds until enough.
  for (let round = 0; out.length < count; round++) {
    const plan = planDataset({
      ...DEFAULT_CONFIG,
      seed: worldSeed + 7919 * round,
      videos: Math.max(10, Math.ceil((count - out.length) / 2)),
      ratios: [1, 0, 0],
    });
    for (const u of plan.units) {
      for (const q of u.questions) {
        for (const eq of q.steps.flatMap(equationsOf)) {
          if (out.length >= count) return out;
          const id = `arith-${out.length}`;
          const { prompt, answer } = arithExample(eq);
          out.push({
            unit: {
              itemId: id,
              condition: 'drill',
              prompt,
              visual: { kind: 'none', reason: 'drill' },
              facts: { equation: eq },
              shardKey: id,
            },
            scorer: 'equation',
            group: 'arith',
            answer,
            frameCfg: DEFAULT_FRAMES,
          });
        }
      }
    }
    if (round > 100) throw new RangeError('arithmetic drills: the planned lectures hold no equations');
  }
  return out;
}
