/**
 * The one-command demo (`npm start` = `vreason demo`): a fresh held-out world the model never saw →
 * the released model served on loopback and evaluated with the unchanged evaluator (Video-MMMU
 * tracks with Δknowledge, the temporal items with the shuffled-frame probe) → a short T-GRPO
 * fine-tune from it on a training world → the same evaluation again → one report comparing the two
 * runs with paired CIs. Every stage resumes: re-running after a kill picks up where it stopped.
 *
 * The base model is the released checkpoint (models/vreason-tiny); `--from-scratch` trains it first
 * with the curriculum; `--quick` (the test suite's demo) trains a tiny stand-in for seconds. Where
 * no released model is installed the demo says so and trains the stand-in of the full profile.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../synth/plan.js';
import { trainGrpo, GRPO_DEFAULTS, type GrpoOptions } from '../train/grpo.js';
import { DEFAULT_SFT_MODEL, trainSft, type SftOptions } from '../train/sft.js';
import { TINY_CURRICULUM } from '../train/curriculum.js';
import { writeReport } from '../report/build.js';
import { evaluateCheckpoint, type CheckpointEval } from './evalCheckpoint.js';
import { trainCurriculum } from './curriculum.js';
import { verifyRelease } from './release.js';
import { ensureWorld, heldoutConfig } from './world.js';
import { VIDEOMMMU } from '../tasks/videommmu/task.js';

type StandIn = Pick<
  SftOptions,
  'model' | 'steps' | 'batchSize' | 'lr' | 'warmup' | 'evalEvery' | 'evalGenSamples' | 'evalLossSamples'
>;

export interface DemoProfile {
  /** The fresh world both evaluations use: every video in its test split. */
  heldoutVideos: number;
  /** The world T-GRPO (and a stand-in SFT) trains on. */
  trainingVideos: number;
  /** The SFT that stands in for the released model when it is not used. */
  standIn: StandIn;
  grpo: Pick<GrpoOptions, 'steps' | 'promptsPerStep' | 'group' | 'maxTokens' | 'lr' | 'evalEvery'>;
  /** Video-MMMU questions per track and synthetic Video-R1 records evaluated (default all). */
  videommmuLimit?: number;
  synthLimit?: number;
  /** New tokens per answer: Video-MMMU (the released model reasons before the letter) and Video-R1 think answers. */
  maxTokens: { videommmu: number; synth: number };
}

export const FULL_PROFILE: DemoProfile = {
  heldoutVideos: 100,
  trainingVideos: 200,
  standIn: {
    model: DEFAULT_SFT_MODEL,
    steps: 500,
    batchSize: 8,
    lr: 1e-3,
    warmup: 25,
    evalEvery: 250,
    evalGenSamples: 16,
    evalLossSamples: 48,
  },
  grpo: { steps: 12, promptsPerStep: 4, group: 8, maxTokens: 192, lr: 2e-5, evalEvery: 0 },
  synthLimit: 100,
  maxTokens: { videommmu: 256, synth: 256 },
};

/** Every stage for real, on a world and a model too small to learn much. */
export const QUICK_PROFILE: DemoProfile = {
  heldoutVideos: 6,
  trainingVideos: 24,
  standIn: {
    model: {
      ...DEFAULT_SFT_MODEL,
      dModel: 64,
      nHeads: 2,
      nLayers: 2,
      dMlp: 256,
      encoder: { ...DEFAULT_SFT_MODEL.encoder!, nLayers: 1 },
    },
    steps: 80,
    batchSize: 4,
    lr: 3e-3,
    warmup: 5,
    evalEvery: 40,
    evalGenSamples: 4,
    evalLossSamples: 16,
  },
  grpo: { steps: 3, promptsPerStep: 2, group: 4, maxTokens: 48, lr: 1e-4, evalEvery: 0 },
  videommmuLimit: 6,
  synthLimit: 12,
  maxTokens: { videommmu: 32, synth: 64 },
};

/** The released model shipped in the package (models/vreason-tiny). */
export const RELEASED_MODEL = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models', TINY_CURRICULUM.name);

export interface DemoOptions {
  out: string;
  quick?: boolean;
  /** Train the base model with the whole curriculum first (hours) instead of using the released one. */
  fromScratch?: boolean;
  /** The released model folder (default: models/vreason-tiny). */
  model?: string;
  /** Seed of the held-out world (offset so no seed the model trained on is reused), the stand-in and the rollouts. */
  seed?: number;
  log?: (line: string) => void;
  /** The evaluator's progress bar stream; null for silent. */
  progress?: NodeJS.WriteStream | null;
}

export interface StageTime {
  stage: string;
  seconds: number;
}

export interface DemoOutcome {
  report: string;
  /** Where the base model came from. */
  base: { kind: 'released' | 'curriculum' | 'stand-in'; checkpoint: string };
  before: CheckpointEval;
  after: CheckpointEval;
  stages: StageTime[];
  seconds: number;
}

/** Held-out worlds use seeds from here on; the curriculum's worlds (0 and 11) stay below it. */
export const HELDOUT_SEED_BASE = 1000;

export async function runDemo(o: DemoOptions): Promise<DemoOutcome> {
  const t0 = performance.now();
  const log = o.log ?? (() => {});
  const p = o.quick ? QUICK_PROFILE : FULL_PROFILE;
  const seed = o.seed ?? 0;
  const out = resolve(o.out);
  const stages: StageTime[] = [];
  let n = 0;
  const total = 6;
  const stage = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    n++;
    log(`[${n}/${total}] ${what}  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    const s0 = performance.now();
    const r = await run();
    stages.push({ stage: what.split(':')[0]!, seconds: (performance.now() - s0) / 1000 });
    return r;
  };

  const heldout = join(out, 'heldout');
  const training = join(out, 'training');
  await stage(`worlds: held-out (${p.heldoutVideos} videos, seed ${HELDOUT_SEED_BASE + seed}), training`, async () => {
    await ensureWorld(heldout, heldoutConfig(HELDOUT_SEED_BASE + seed, p.heldoutVideos), log);
    await ensureWorld(training, { ...DEFAULT_CONFIG, seed, videos: p.trainingVideos }, log);
  });

  const base = await stage('base model: released, trained from scratch, or a stand-in', async () => {
    const released = o.model ?? RELEASED_MODEL;
    if (o.fromScratch) {
      const r = await trainCurriculum({ out: join(out, 'curriculum'), log: (l) => log(`  ${l}`) });
      return { kind: 'curriculum' as const, checkpoint: r.checkpoint };
    }
    // --quick trains its stand-in unless a released model is named explicitly.
    if (!o.quick || o.model) {
      const problems = existsSync(released) ? verifyRelease(released) : [`${released}: not installed`];
      if (!problems.length) {
        log(`  ${released}`);
        return { kind: 'released' as const, checkpoint: released };
      }
      log(`  no released model to use (${problems.join('; ')}): training a stand-in SFT model instead`);
    }
    const r = await trainSft({
      ...p.standIn,
      data: training,
      out: join(out, 'sft'),
      trainSplit: 'train',
      valSplit: 'validation',
      minLr: p.standIn.lr / 10,
      weightDecay: 0.01,
      gradClip: 1,
      saveEvery: 50,
      seed,
      log: (l) => log(`  ${l}`),
    });
    return { kind: 'stand-in' as const, checkpoint: r.checkpoint };
  });

  const evaluate = (checkpoint: string, dir: string, modelName: string) =>
    evaluateCheckpoint({
      checkpoint,
      data: heldout,
      split: 'test',
      out: dir,
      modelName,
      videommmuLimit: p.videommmuLimit,
      videommmuMaxTokens: p.maxTokens.videommmu,
      synthLimit: p.synthLimit,
      maxTokens: p.maxTokens.synth,
      seed,
      progress: o.progress,
    });
  const baseName = base.kind === 'stand-in' ? 'vreason-demo-sft' : TINY_CURRICULUM.name;
  const before = await stage('evaluate the base model on the held-out world through vreason serve', () =>
    evaluate(base.checkpoint, join(out, 'eval-base'), baseName),
  );

  const rl = await stage('T-GRPO from the base model on the training world', () =>
    trainGrpo({
      ...GRPO_DEFAULTS,
      ...p.grpo,
      init: base.checkpoint,
      data: training,
      out: join(out, 'tgrpo'),
      temporal: true,
      saveEvery: 1,
      seed,
      log: (l) => log(`  ${l}`),
    }),
  );

  const after = await stage('evaluate the T-GRPO model the same way', () =>
    evaluate(rl.checkpoint, join(out, 'eval-tgrpo'), `${baseName}+tgrpo`),
  );
  // The report draws training curves from a run folder's train.jsonl: the T-GRPO log goes with its evaluation.
  copyFileSync(join(out, 'tgrpo', 'train.jsonl'), join(out, 'eval-tgrpo', VIDEOMMMU, 'train.jsonl'));

  const report = await stage('report: both runs side by side, paired differences', async () => {
    const dirs = ['eval-base/videommmu', 'eval-tgrpo/videommmu', 'eval-base/synth', 'eval-tgrpo/synth'];
    const r = await writeReport(
      dirs.map((d) => join(out, d)),
      join(out, 'report.html'),
      {
        names: [
          'Video-MMMU · base',
          'Video-MMMU · after T-GRPO',
          'temporal + image items · base',
          'temporal + image items · after T-GRPO',
        ],
      },
    );
    return r.htmlPath;
  });
  return { report, base, before, after, stages, seconds: (performance.now() - t0) / 1000 };
}
