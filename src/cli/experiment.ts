import { resolve } from 'node:path';
import type { Command } from 'commander';
import { intFlag, nonNegativeFlag } from './flags.js';
import { runAblation } from '../pipeline/ablation.js';
import { GRPO_DEFAULTS } from '../train/grpo.js';

const int = intFlag;
const real = (name: string) => nonNegativeFlag(name, false);

interface Flags {
  init: string;
  data: string;
  out: string;
  steps: number;
  group: number;
  promptsPerStep: number;
  maxTokens: number;
  lr: number;
  beta: number;
  mu: number;
  seed: number;
  saveEvery: number;
  split: string;
  synthLimit?: number;
  evalMaxTokens: number;
}

export function registerExperiment(program: Command): void {
  const experiment = program
    .command('experiment')
    .description('Reproducible experiments built from the other commands.');
  experiment
    .command('tgrpo-ablation')
    .description(
      "Video-R1's ablation at small scale: GRPO vs T-GRPO from the same SFT checkpoint and seed, both and the SFT " +
        'start evaluated on the test split.',
    )
    .requiredOption('--init <checkpoint>', 'the SFT checkpoint both arms start from (runs/sft/checkpoint)')
    .requiredOption('--data <dir>', 'the `vreason data synth` folder the SFT model was trained on')
    .requiredOption(
      '--out <dir>',
      'run folder: grpo/, tgrpo/, data/ (prepared frames, shared), eval/, ablation.md, ablation.json, report-*.html ' +
        '(re-running resumes)',
    )
    .option('--steps <n>', 'RL steps per arm', int('--steps', 1), 40)
    .option(
      '--group <n>',
      'G: ordered responses per prompt (T-GRPO adds G/2 shuffled)',
      int('--group', 2),
      GRPO_DEFAULTS.group,
    )
    .option('--prompts-per-step <n>', 'prompts per RL step', int('--prompts-per-step', 1), GRPO_DEFAULTS.promptsPerStep)
    .option('--max-tokens <n>', 'new tokens per rollout', int('--max-tokens', 1), 256)
    .option('--lr <x>', 'learning rate', real('--lr'), 2e-5)
    .option('--beta <x>', 'KL coefficient', real('--beta'), GRPO_DEFAULTS.beta)
    .option(
      '--mu <x>',
      'temporal bonus threshold: p ≥ μ·p̃ (the released code uses 0.8)',
      real('--mu'),
      GRPO_DEFAULTS.mu,
    )
    .option('--seed <n>', 'seed of prompts and rollouts, shared by both arms', int('--seed'), 0)
    .option('--save-every <n>', 'checkpoint every n RL steps', int('--save-every', 1), 5)
    .option('--split <name>', 'split to evaluate on', 'test')
    .option(
      '--synth-limit <n>',
      'at most n synthetic Video-R1 records evaluated per model (default: all)',
      int('--synth-limit', 1),
    )
    .option('--eval-max-tokens <n>', 'new tokens per Video-R1 answer at evaluation', int('--eval-max-tokens', 1), 384)
    .addHelpText(
      'after',
      `
Example:
  vreason data synth --out data/synth
  vreason train sft --data data/synth --out runs/sft
  vreason experiment tgrpo-ablation --init runs/sft/checkpoint --data data/synth --out runs/ablation --steps 40
  → runs/ablation/ablation.md (the table), report-videommmu.html and report-temporal.html (paired CIs)`,
    )
    .action(async (f: Flags) => {
      const r = await runAblation({
        init: resolve(f.init),
        data: resolve(f.data),
        out: resolve(f.out),
        grpo: {
          steps: f.steps,
          group: f.group,
          promptsPerStep: f.promptsPerStep,
          maxTokens: f.maxTokens,
          lr: f.lr,
          beta: f.beta,
          mu: f.mu,
          seed: f.seed,
          saveEvery: f.saveEvery,
          evalEvery: 0,
        },
        split: f.split,
        synthLimit: f.synthLimit,
        evalMaxTokens: f.evalMaxTokens,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      process.stdout.write(`${r.markdown}\nreports: ${r.reports.join(', ')}\n`);
    });
}
