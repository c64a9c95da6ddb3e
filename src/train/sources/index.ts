/**
 * Where SFT examples come from: a registry of named example sources, and a `Mix` that says how much
 * of each goes into the training pool (`--mix lectures=1,reading=8,drills=1500`). A new kind of
 * practice is one module here and one registry line. The pool is laid out in registry order, so a
 * mix means the same pool however it is written.
 */
import type { FrameEncoderConfig } from '../../nn/model.js';
import type { Tokenizer } from '../../nn/tokenizer.js';
import { readGeneratorMeta } from '../../synth/meta.js';
import type { SynthConfig } from '../../synth/plan.js';
import { UsageError } from '../../core/errors.js';
import { loadReadingSplit, loadSftSplit, prepareExamples, type SftExample, type TargetOptions } from '../sftData.js';
import type { ExampleUnit } from '../exampleUnit.js';
import { arithDrillUnits } from './arithDrills.js';
import { copyDrillUnits } from './copyDrills.js';
import { drillUnits } from './drills.js';
import { quizDrillUnits } from './quizDrills.js';
import { slideDrillUnits } from './slideDrills.js';

export interface SourceContext {
  /** The `vreason data synth` folder and its training split. */
  data: string;
  split: string;
  seed: number;
  tok: Tokenizer;
  enc: FrameEncoderConfig;
  /** Prepared examples are cached here (frames decoded once). */
  cache: string;
  targets: TargetOptions;
  log: (line: string) => void;
}

export interface ExampleSource {
  name: string;
  /** What the count counts, for `--help`. */
  count: string;
  /** One line for `--help`: what the examples are and what they teach. */
  describe: string;
  examples(count: number, ctx: SourceContext): Promise<SftExample[]>;
}

/** Source name → count. Sources left out (or 0) add nothing. */
export type Mix = Readonly<Record<string, number>>;

export const DEFAULT_MIX: Mix = { lectures: 1 };

const repeat = <T>(xs: readonly T[], n: number): T[] => Array.from({ length: n }, () => xs).flat();

/** A drill kind: units generated from the count and the seed, prepared once and cached under its name. */
function drill(
  name: string,
  key: string,
  count: string,
  describe: string,
  units: (n: number, seed: number, ctx: SourceContext) => ExampleUnit[],
): ExampleSource {
  return {
    name,
    count,
    describe,
    examples: (n, ctx) =>
      prepareExamples(
        name,
        { [key]: n, seed: ctx.seed },
        units(n, ctx.seed, ctx),
        ctx.tok,
        ctx.enc,
        ctx.cache,
        ctx.log,
      ),
  };
}

/** Quiz and slide drills are drawn at the data's frame size. */
const frameSize = (ctx: SourceContext): SynthConfig =>
  readGeneratorMeta(ctx.data, 'quiz and slide drills (quiz-drills, slide-drills)').config;

const registry = new Map<string, ExampleSource>();

export function registerSource(s: ExampleSource): void {
  if (registry.has(s.name)) throw new Error(`example source '${s.name}' is registered twice`);
  registry.set(s.name, s);
}

export const sourceNames = (): string[] => [...registry.keys()];
export const sources = (): ExampleSource[] => [...registry.values()];

registerSource({
  name: 'lectures',
  count: 'copies',
  describe:
    "the world's own examples: Video-MMMU items with their frames and the Video-R1 chain-of-thought records (0: a " +
    'text-only stage)',
  async examples(n, ctx) {
    const xs = await loadSftSplit(ctx.data, ctx.split, ctx.tok, ctx.enc, ctx.cache, ctx.log, ctx.targets);
    if (!xs.length) throw new UsageError(`${ctx.data}: no training examples in split '${ctx.split}'`);
    return repeat(xs, n);
  },
});
registerSource({
  name: 'reading',
  count: 'copies',
  describe:
    '"read the slides": the frames the evaluator samples, a one-line transcript of each as the target (its accuracy ' +
    'joins each evaluation)',
  async examples(n, ctx) {
    return repeat(await loadReadingSplit(ctx.data, ctx.split, ctx.tok, ctx.enc, ctx.cache, ctx.log), n);
  },
});
registerSource(
  drill(
    'drills',
    'drills',
    'lectures',
    "text-only reasoning drills: a fresh world's lecture questions with the slides' facts as notes, " +
      'both answer formats',
    (n, seed) => drillUnits(n, seed),
  ),
);
registerSource(
  drill(
    'copy-drills',
    'copyDrills',
    'examples',
    'copy drills: random rules and options the answer restates and walks to a given value (copying from the prompt ' +
      'is the only way)',
    (n, seed) => copyDrillUnits(n, seed),
  ),
);
registerSource(
  drill(
    'quiz-drills',
    'quizDrills',
    'examples',
    'quiz drills: fresh Adaptation questions shown as their quiz image alone, the rule as a note (the operands ' +
      'only in the pixels)',
    (n, seed, ctx) => quizDrillUnits(n, seed, frameSize(ctx)),
  ),
);
registerSource(
  drill(
    'slide-drills',
    'slideDrills',
    'examples',
    "slide drills: a fresh lecture's title, rule, recap or quiz slide as one image, its transcript as the target",
    (n, seed, ctx) => slideDrillUnits(n, seed, frameSize(ctx)),
  ),
);
registerSource(
  drill(
    'arith-drills',
    'arithDrills',
    'examples',
    'arithmetic drills: the equations of the chains of thought alone (What is 9 + 12? → 9 + 12 = 21)',
    (n, seed) => arithDrillUnits(n, seed),
  ),
);

/** A mix with every name known and every count a non-negative integer; zero counts dropped. */
export function checkMix(mix: Mix): Mix {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(mix)) {
    if (!registry.has(k)) throw new UsageError(`unknown example source '${k}' (known: ${sourceNames().join(', ')})`);
    if (!Number.isInteger(v) || v < 0)
      throw new UsageError(`example source '${k}': count must be an integer ≥ 0, got ${v}`);
    if (v > 0) out[k] = v;
  }
  if (!Object.keys(out).length) throw new UsageError('the mix is empty: give at least one source a count above 0');
  return out;
}

/** `lectures=1,reading=8,drills=1500` → a mix. */
export function parseMix(spec: string): Mix {
  const mix: Record<string, number> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z][a-z-]*)=(\d+)$/.exec(part);
    if (!m) throw new UsageError(`--mix expects name=count pairs separated by commas, got '${part}'`);
    mix[m[1]!] = Number(m[2]);
  }
  return checkMix(mix);
}

export const mixText = (mix: Mix): string =>
  sources()
    .filter((s) => (mix[s.name] ?? 0) > 0)
    .map((s) => `${s.name}=${mix[s.name]}`)
    .join(',');

/** The training pool of a mix, in registry order, and how many examples each source gave. */
export async function mixPool(
  mix: Mix,
  ctx: SourceContext,
): Promise<{ pool: SftExample[]; counts: { name: string; examples: number }[] }> {
  const pool: SftExample[] = [];
  const counts: { name: string; examples: number }[] = [];
  for (const s of sources()) {
    const n = mix[s.name] ?? 0;
    if (!n) continue;
    const xs = await s.examples(n, ctx);
    for (const x of xs) pool.push(x);
    counts.push({ name: s.name, examples: xs.length });
  }
  return { pool, counts };
}
