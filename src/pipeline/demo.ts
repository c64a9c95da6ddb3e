/**
 * The one-command demo (`npm start` = `vreason demo`): generate the synthetic lecture world →
 * SFT the embedded model → T-GRPO from the SFT checkpoint → serve it on loopback → evaluate it
 * with the unchanged evaluator (Video-MMMU tracks + Δknowledge, temporal items + shuffle probe) →
 * the HTML report. Every stage resumes: re-running after a kill picks up where it stopped.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG, type SynthConfig } from '../synth/plan.js';
import { writeSynth } from '../synth/write.js';
import { trainGrpo, GRPO_DEFAULTS, type GrpoOptions } from '../train/grpo.js';
import { DEFAULT_SFT_MODEL, trainSft, type SftOptions } from '../train/sft.js';
import { writeReport } from '../report/build.js';
import { evaluateCheckpoint, type CheckpointEval } from './evalCheckpoint.js';

export interface DemoProfile {
  videos: number;
  sft: Pick<
    SftOptions,
    'model' | 'steps' | 'batchSize' | 'lr' | 'warmup' | 'evalEvery' | 'evalGenSamples' | 'evalLossSamples' | 'reading'
  >;
  grpo: Pick<GrpoOptions, 'steps' | 'promptsPerStep' | 'group' | 'maxTokens' | 'lr' | 'evalEvery'>;
  /** Video-MMMU questions per track and synthetic Video-R1 records evaluated from the test split (default all). */
  videommmuLimit?: number;
  synthLimit?: number;
  evalMaxTokens: number;
}

/** ≈ 11 minutes on two cores (measured 10 min 33 s): a 1.6 M-parameter model, 200 videos. */
export const FULL_PROFILE: DemoProfile = {
  videos: 200,
  sft: {
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
  evalMaxTokens: 256,
};

/** ≈ 30 s: every stage runs for real, on a world and a model too small to learn much. */
export const QUICK_PROFILE: DemoProfile = {
  videos: 24,
  sft: {
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
  evalMaxTokens: 64,
};

export interface DemoOptions {
  out: string;
  quick?: boolean;
  seed?: number;
  /** One line per stage event (stderr in the CLI). */
  log?: (line: string) => void;
  /** The evaluator's progress bar stream; null for silent. */
  progress?: NodeJS.WriteStream | null;
}

export interface DemoOutcome {
  report: string;
  eval: CheckpointEval;
  seconds: number;
}

/** Keep a generated world when it was made with the same settings (resume), else (re)generate it. */
async function ensureWorld(dir: string, cfg: SynthConfig, log: (l: string) => void): Promise<void> {
  const card = join(dir, 'card.json');
  if (
    existsSync(card) &&
    JSON.stringify((JSON.parse(readFileSync(card, 'utf8')) as { config: unknown }).config) === JSON.stringify(cfg)
  ) {
    log(`  reusing ${dir}`);
    return;
  }
  const r = await writeSynth({
    ...cfg,
    out: dir,
    onProgress: (d, n) => (d === n || d % 50 === 0) && log(`  ${d}/${n} videos`),
  });
  log(`  ${r.videos} videos in ${r.seconds.toFixed(1)} s`);
}

export async function runDemo(o: DemoOptions): Promise<DemoOutcome> {
  const t0 = performance.now();
  const log = o.log ?? (() => {});
  const p = o.quick ? QUICK_PROFILE : FULL_PROFILE;
  const seed = o.seed ?? 0;
  const out = resolve(o.out);
  const data = join(out, 'data');
  const stage = (n: number, what: string) =>
    log(`[${n}/5] ${what}  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  stage(1, `synthetic lecture world: ${p.videos} videos → ${data}`);
  await ensureWorld(data, { ...DEFAULT_CONFIG, seed, videos: p.videos }, log);

  stage(2, 'SFT on the annotated chain-of-thought data');
  const sft = await trainSft({
    ...p.sft,
    data,
    out: join(out, 'sft'),
    trainSplit: 'train',
    valSplit: 'validation',
    minLr: p.sft.lr / 10,
    weightDecay: 0.01,
    gradClip: 1,
    saveEvery: 50,
    seed,
    log: (l) => log(`  ${l}`),
  });

  stage(3, 'T-GRPO from the SFT checkpoint (ordered vs shuffled frames, temporal bonus)');
  const rl = await trainGrpo({
    ...GRPO_DEFAULTS,
    ...p.grpo,
    init: sft.checkpoint,
    data,
    out: join(out, 'tgrpo'),
    temporal: true,
    saveEvery: 1,
    seed,
    log: (l) => log(`  ${l}`),
  });

  stage(4, 'serving the T-GRPO model on 127.0.0.1 and evaluating it on the test split');
  const evalDir = join(out, 'eval');
  // The demo's SFT answers Video-MMMU with the bare letter (no vm-chains): 32 tokens is plenty.
  const ev = await evaluateCheckpoint({
    checkpoint: rl.checkpoint,
    data,
    split: 'test',
    out: evalDir,
    modelName: 'vreason-demo',
    videommmuLimit: p.videommmuLimit,
    videommmuMaxTokens: 32,
    synthLimit: p.synthLimit,
    maxTokens: p.evalMaxTokens,
    seed,
    progress: o.progress,
  });
  // The report draws training curves from a run folder's train.jsonl: the evaluated model's log goes with it.
  copyFileSync(join(out, 'tgrpo', 'train.jsonl'), join(evalDir, 'videommmu', 'train.jsonl'));

  stage(5, 'report');
  const report = await writeReport([join(evalDir, 'videommmu'), join(evalDir, 'synth')], join(out, 'report.html'), {
    names: ['Video-MMMU (synthetic test split)', 'temporal + image items (shuffle probe)'],
  });
  return { report: report.htmlPath, eval: ev, seconds: (performance.now() - t0) / 1000 };
}
