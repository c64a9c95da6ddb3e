import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { engineInfo } from '../nn/engine.js';
import { DEFAULT_SFT_MODEL, trainSft, type SftOptions } from '../train/sft.js';

function num(name: string, integer: boolean) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${name} expects a non-negative ${integer ? 'integer' : 'number'}, got '${v}'`);
    return n;
  };
}

/** The command's flags: the trainer's own options, plus the model shape and output mode. */
type Flags = Pick<SftOptions, 'data' | 'out' | 'steps' | 'batchSize' | 'lr' | 'minLr' | 'warmup' | 'weightDecay' | 'gradClip' | 'evalEvery' | 'evalLossSamples' | 'evalGenSamples' | 'saveEvery' | 'seed' | 'stopAfter'> & {
  dModel: number;
  layers: number;
  heads: number;
  encoderLayers: number;
  tokenizer: 'word' | 'byte';
  json?: boolean;
};

export function registerTrain(program: Command): void {
  const train = program.command('train').description('Train the embedded video-language model.');
  train
    .command('sft')
    .description("Supervised fine-tuning on a synthetic world's chain-of-thought data (vreason data synth).")
    .requiredOption('--data <dir>', 'a `vreason data synth --out` folder')
    .requiredOption('--out <dir>', 'run directory: train.jsonl, checkpoint/, sft_config.json (re-running resumes)')
    .option('--steps <n>', 'optimizer steps in total', num('--steps', true), 600)
    .option('--batch-size <n>', 'examples per step', num('--batch-size', true), 8)
    .option('--lr <x>', 'peak learning rate', num('--lr', false), 1e-3)
    .option('--min-lr <x>', 'learning rate at the end of the cosine decay', num('--min-lr', false), 1e-4)
    .option('--warmup <n>', 'linear warmup steps', num('--warmup', true), 30)
    .option('--weight-decay <x>', 'AdamW decoupled weight decay (matrices only)', num('--weight-decay', false), 0.01)
    .option('--grad-clip <x>', 'global gradient-norm clip', num('--grad-clip', false), 1)
    .option('--eval-every <n>', 'evaluate on the validation split every n steps (0: never)', num('--eval-every', true), 100)
    .option('--eval-loss-samples <n>', 'validation examples in the evaluation loss', num('--eval-loss-samples', true), 64)
    .option('--eval-gen-samples <n>', 'validation examples answered greedily at each evaluation', num('--eval-gen-samples', true), 32)
    .option('--save-every <n>', 'checkpoint every n steps', num('--save-every', true), 50)
    .option('--seed <n>', 'initialisation and data-order seed', num('--seed', true), 0)
    .option('--stop-after <n>', 'stop after this step in this invocation; run again to resume', num('--stop-after', true))
    .option('--d-model <n>', 'model width', num('--d-model', true), DEFAULT_SFT_MODEL.dModel)
    .option('--layers <n>', 'decoder layers', num('--layers', true), DEFAULT_SFT_MODEL.nLayers)
    .option('--heads <n>', 'attention heads', num('--heads', true), DEFAULT_SFT_MODEL.nHeads)
    .option('--encoder-layers <n>', 'frame-encoder layers', num('--encoder-layers', true), DEFAULT_SFT_MODEL.encoder!.nLayers)
    .option('--tokenizer <kind>', "'word': vocabulary learned from the training split, bytes for the rest; 'byte': UTF-8 bytes only", (v: string) => {
      if (v !== 'word' && v !== 'byte') throw new UsageError(`--tokenizer expects word or byte, got '${v}'`);
      return v;
    }, 'word')
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText(
      'after',
      `
Example:
  vreason data synth --out data/synth
  vreason train sft --data data/synth --out runs/sft
  vreason serve --checkpoint runs/sft/checkpoint
Progress (loss, tokens/s, ETA) goes to stderr; runs/sft/train.jsonl has one line per step.`,
    )
    .action(async (f: Flags) => {
      const model = { ...DEFAULT_SFT_MODEL, dModel: f.dModel, nLayers: f.layers, nHeads: f.heads, dMlp: 4 * f.dModel, encoder: { ...DEFAULT_SFT_MODEL.encoder!, nLayers: f.encoderLayers } };
      if (f.batchSize < 1 || f.steps < 1) throw new UsageError('--steps and --batch-size must be at least 1');
      process.stderr.write(`engine: ${engineInfo().backend} (${engineInfo().reason})\n`);
      const r = await trainSft({
        data: resolve(f.data),
        out: resolve(f.out),
        model,
        tokenizer: f.tokenizer,
        trainSplit: 'train',
        valSplit: 'validation',
        steps: f.steps,
        batchSize: f.batchSize,
        lr: f.lr,
        minLr: f.minLr,
        warmup: f.warmup,
        weightDecay: f.weightDecay,
        gradClip: f.gradClip,
        evalEvery: f.evalEvery,
        evalLossSamples: f.evalLossSamples,
        evalGenSamples: f.evalGenSamples,
        saveEvery: Math.max(1, f.saveEvery),
        seed: f.seed,
        stopAfter: f.stopAfter,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      if (f.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stderr.write(`checkpoint: ${r.checkpoint} (step ${r.step})\n`);
    });
}
