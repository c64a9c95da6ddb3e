/**
 * The embedded model's SFT curriculum as data: a list of stages, each one `trainSft` run that starts
 * from the previous stage's checkpoint. `runCurriculum` trains them in order; every stage resumes
 * from its own run folder, so a killed curriculum continues where it stopped. The recipe was found
 * by the experiments in experiments/curriculum/ (why each stage exists is written there).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../core/atomicWrite.js';
import type { ModelConfig } from '../nn/model.js';
import { DEFAULT_SFT_MODEL, trainSft, type SftOptions, type SftOutcome } from './sft.js';
import { DEFAULT_MIX, mixText } from './sources/index.js';

/** What a stage sets; everything else comes from `STAGE_DEFAULTS` (the `vreason train sft` defaults). */
export type StageOptions = Partial<Omit<SftOptions, 'data' | 'out' | 'init' | 'log' | 'stopAfter' | 'model'>>;

export interface CurriculumStage {
  name: string;
  /** One line: what the stage teaches. */
  what: string;
  sft: StageOptions;
}

export interface Curriculum {
  name: string;
  /** The training world: `vreason data synth --videos <videos> --seed <seed>`. */
  world: { videos: number; seed: number };
  /** The first stage's model (later stages take the shape of the checkpoint they start from). */
  model: ModelConfig;
  stages: readonly CurriculumStage[];
}

export const STAGE_DEFAULTS: Omit<SftOptions, 'data' | 'out' | 'model' | 'init' | 'log' | 'stopAfter'> = {
  tokenizer: 'word',
  trainSplit: 'train',
  valSplit: 'validation',
  steps: 600,
  batchSize: 8,
  lr: 1e-3,
  minLr: 1e-4,
  warmup: 30,
  weightDecay: 0.01,
  gradClip: 1,
  evalEvery: 100,
  evalLossSamples: 64,
  evalGenSamples: 32,
  saveEvery: 50,
  seed: 0,
};

const late = { lr: 5e-4, minLr: 5e-5, warmup: 60, vmChains: true, numbers: 'whole' } as const;

/**
 * The recipe of the released `vreason-tiny` model (8 300 steps of 8 examples). The stages are those
 * the experiments found (experiments/curriculum/, 13 300 steps); every stage but the short slides
 * stage is cut to 60% of its steps so the whole curriculum trains in under two hours on two cores.
 */
export const TINY_CURRICULUM: Curriculum = {
  name: 'vreason-tiny',
  world: { videos: 600, seed: 0 },
  model: { ...DEFAULT_SFT_MODEL, rope: true, prevTokens: 2 },
  stages: [
    {
      name: 'copy',
      what: 'text only: copy rules and options from the prompt, walk the options to a value and stop there',
      sft: {
        mix: { drills: 1500, 'copy-drills': 30000 },
        vmChains: true,
        numbers: 'whole',
        steps: 1500,
        warmup: 60,
        evalEvery: 500,
      },
    },
    {
      name: 'lectures',
      what: 'the lectures: read the slides, reason in chains, keep the drills',
      sft: {
        mix: { lectures: 1, reading: 8, drills: 1500, 'copy-drills': 6000 },
        vmChains: true,
        numbers: 'whole',
        steps: 2100,
        warmup: 60,
        seed: 1,
        evalEvery: 500,
      },
    },
    {
      name: 'lectures-low-lr',
      what: 'the same mix at half the learning rate',
      sft: {
        ...late,
        mix: { lectures: 1, reading: 8, drills: 1500, 'copy-drills': 6000 },
        steps: 1200,
        seed: 2,
        evalEvery: 1000,
      },
    },
    {
      name: 'quiz-arith',
      what: 'read the quiz image, one arithmetic operation per step',
      sft: {
        ...late,
        mix: {
          lectures: 1,
          reading: 8,
          drills: 1500,
          'copy-drills': 6000,
          'quiz-drills': 6000,
          'arith-drills': 15000,
        },
        steps: 1200,
        seed: 3,
        evalEvery: 1000,
      },
    },
    {
      name: 'slides',
      what: 'reading only: slides and quiz images rendered afresh',
      sft: {
        ...late,
        mix: { 'quiz-drills': 4000, 'slide-drills': 8000 },
        steps: 800,
        warmup: 30,
        seed: 5,
        evalEvery: 0,
      },
    },
    {
      name: 'final',
      what: 'everything together',
      sft: {
        ...late,
        mix: {
          lectures: 1,
          reading: 4,
          drills: 1500,
          'quiz-drills': 4000,
          'slide-drills': 8000,
          'arith-drills': 15000,
        },
        steps: 1500,
        seed: 5,
        evalEvery: 500,
      },
    },
  ],
};

/** The full `trainSft` options of stage `i`. */
export function stageOptions(c: Curriculum, i: number, dirs: { data: string; out: string }): SftOptions {
  const s = c.stages[i];
  if (!s) throw new RangeError(`${c.name} has ${c.stages.length} stages, not ${i + 1}`);
  return {
    ...STAGE_DEFAULTS,
    ...s.sft,
    model: c.model,
    data: dirs.data,
    out: stageDir(dirs.out, i, c),
    init: i === 0 ? undefined : join(stageDir(dirs.out, i - 1, c), 'checkpoint'),
  };
}

export const stageDir = (out: string, i: number, c: Curriculum): string =>
  join(out, 'stages', `${i + 1}-${c.stages[i]!.name}`);

/** The `vreason train sft` command line a stage equals (for the help text and the manifest). */
export function stageCommand(c: Curriculum, i: number, dirs: { data: string; out: string }): string {
  const o = stageOptions(c, i, dirs);
  const flag = (name: string, v: unknown, dflt: unknown) => (v === undefined || v === dflt ? [] : [`--${name}`, v]);
  const kebab = (k: string) => k.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
  const parts: unknown[] = ['vreason train sft', '--data', o.data, '--out', o.out];
  if (o.init) parts.push('--init', o.init);
  if (i === 0) {
    if (o.model.rope) parts.push('--rope');
    if (o.model.prevTokens) parts.push('--prev-tokens', o.model.prevTokens);
  }
  parts.push('--mix', mixText(o.mix ?? DEFAULT_MIX));
  if (o.vmChains) parts.push('--vm-chains');
  if (o.numbers === 'whole') parts.push('--whole-numbers');
  const rest = ['steps', 'batchSize', 'lr', 'minLr', 'warmup', 'weightDecay', 'gradClip', 'evalEvery'] as const;
  for (const k of rest) parts.push(...flag(kebab(k), o[k], STAGE_DEFAULTS[k]));
  parts.push(...flag('seed', o.seed, STAGE_DEFAULTS.seed));
  return parts.join(' ');
}

export interface StageRecord {
  name: string;
  steps: number;
  /** Seconds this stage has trained, over all invocations. */
  seconds: number;
  done: boolean;
  lastEval?: SftOutcome['lastEval'];
}

export interface CurriculumProgress {
  curriculum: string;
  stages: StageRecord[];
}

export interface RunCurriculumOptions {
  curriculum: Curriculum;
  /** The training world (`vreason data synth` folder of `curriculum.world`). */
  data: string;
  out: string;
  /** Stop after this many stages in this invocation (run again to go on). */
  stopAfterStage?: number;
  log?: (line: string) => void;
}

export interface CurriculumOutcome {
  checkpoint: string;
  progress: CurriculumProgress;
  /** Whether every stage has finished. */
  complete: boolean;
}

const progressPath = (out: string) => join(out, 'curriculum.json');

export function readProgress(out: string, c: Curriculum): CurriculumProgress {
  const p = progressPath(out);
  if (existsSync(p)) {
    const r = JSON.parse(readFileSync(p, 'utf8')) as CurriculumProgress;
    if (r.curriculum === c.name && r.stages.length === c.stages.length) return r;
  }
  return {
    curriculum: c.name,
    stages: c.stages.map((s, i) => ({
      name: s.name,
      steps: stageOptions(c, i, { data: '', out }).steps,
      seconds: 0,
      done: false,
    })),
  };
}

const minutes = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(0)} min`);

/**
 * Train the stages in order. The ETA of the whole curriculum assumes the remaining steps take as
 * long as the steps trained so far in this invocation (stages differ, so it firms up as it goes).
 */
export async function runCurriculum(o: RunCurriculumOptions): Promise<CurriculumOutcome> {
  const c = o.curriculum;
  const log = o.log ?? (() => {});
  const progress = readProgress(o.out, c);
  const save = () => writeJsonAtomic(progressPath(o.out), progress);
  const total = c.stages.reduce((n, _s, i) => n + stageOptions(c, i, { data: o.data, out: o.out }).steps, 0);
  let trainedSteps = 0;
  let trainedSeconds = 0;
  let ran = 0;
  let checkpoint = '';
  for (let i = 0; i < c.stages.length; i++) {
    const opts = stageOptions(c, i, { data: o.data, out: o.out });
    const rec = progress.stages[i]!;
    checkpoint = join(opts.out, 'checkpoint');
    if (rec.done && existsSync(checkpoint)) continue;
    if (o.stopAfterStage !== undefined && ran >= o.stopAfterStage) {
      log(`stopping before stage ${i + 1} (--stop-after-stage ${o.stopAfterStage}); run again to go on`);
      return { checkpoint, progress, complete: false };
    }
    const doneBefore = c.stages.slice(0, i).reduce((n, _s, j) => n + progress.stages[j]!.steps, 0);
    log(`stage ${i + 1}/${c.stages.length} ${c.stages[i]!.name}: ${c.stages[i]!.what} (${opts.steps} steps)`);
    const began = performance.now();
    let lastSaved = began;
    let stepsHere = 0;
    const outcome = await trainSft({
      ...opts,
      log: (line) => {
        const m = /^step (\d+)\/(\d+)/.exec(line);
        if (!m) return log(`  ${line}`);
        stepsHere++;
        const now = performance.now();
        const perStep = (trainedSeconds + (now - began) / 1000) / (trainedSteps + stepsHere);
        const left = total - doneBefore - Number(m[1]);
        log(`  [${i + 1}/${c.stages.length}] ${line}  curriculum eta ${minutes(perStep * left)}`);
        if (now - lastSaved > 30_000) {
          rec.seconds += (now - lastSaved) / 1000;
          lastSaved = now;
          save();
        }
      },
    });
    const now = performance.now();
    rec.seconds += (now - lastSaved) / 1000;
    trainedSteps += stepsHere;
    trainedSeconds += (now - began) / 1000;
    rec.done = outcome.step >= opts.steps;
    if (outcome.lastEval) rec.lastEval = outcome.lastEval;
    save();
    checkpoint = outcome.checkpoint;
    ran++;
    log(`stage ${i + 1} done: step ${outcome.step}, ${minutes(rec.seconds)} in all`);
  }
  return { checkpoint, progress, complete: progress.stages.every((s) => s.done) };
}
