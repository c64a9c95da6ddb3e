import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { nonNegativeFlag } from './flags.js';
import { engineInfo } from '../nn/engine.js';
import { GRPO_DEFAULTS, trainGrpo, type GrpoOptions } from '../train/grpo.js';
import { DEFAULT_SFT_MODEL, trainSft, type SftOptions } from '../train/sft.js';
import { rewardList, rewardNames } from '../rewards/index.js';
import { registerCurriculum } from './curriculum.js';
import { DEFAULT_MIX, mixText, parseMix, sourceNames, sources, type Mix } from '../train/sources/index.js';

const num = nonNegativeFlag;

/** The command's flags: the trainer's own options, plus the model shape and output mode. */
type Flags = Pick<
  SftOptions,
  | 'data'
  | 'out'
  | 'steps'
  | 'batchSize'
  | 'lr'
  | 'minLr'
  | 'warmup'
  | 'weightDecay'
  | 'gradClip'
  | 'evalEvery'
  | 'evalLossSamples'
  | 'evalGenSamples'
  | 'saveEvery'
  | 'seed'
  | 'stopAfter'
  | 'init'
> & {
  mix: Mix;
  vmChains?: boolean;
  wholeNumbers?: boolean;
  rope?: boolean;
  prevTokens: number;
  dModel: number;
  layers: number;
  heads: number;
  encoderLayers: number;
  frameSize: string;
  patchSize: number;
  maxLen: number;
  tokenizer: 'word' | 'byte';
  json?: boolean;
};

/** `vreason train grpo` flags: the trainer's own options (paths resolved, defaults from GRPO_DEFAULTS). */
type GrpoFlags = Omit<GrpoOptions, 'trainSplit' | 'valSplit' | 'log'> & { json?: boolean };

export function registerTrain(program: Command): void {
  const train = program.command('train').description('Train the embedded video-language model.');
  registerGrpo(train);
  registerCurriculum(train);
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
    .option(
      '--eval-every <n>',
      'evaluate on the validation split every n steps (0: never)',
      num('--eval-every', true),
      100,
    )
    .option(
      '--eval-loss-samples <n>',
      'validation examples in the evaluation loss',
      num('--eval-loss-samples', true),
      64,
    )
    .option(
      '--eval-gen-samples <n>',
      'validation examples answered greedily at each evaluation',
      num('--eval-gen-samples', true),
      32,
    )
    .option('--save-every <n>', 'checkpoint every n steps', num('--save-every', true), 50)
    .option('--seed <n>', 'initialisation and data-order seed', num('--seed', true), 0)
    .option(
      '--stop-after <n>',
      'stop after this step in this invocation; run again to resume',
      num('--stop-after', true),
    )
    .option(
      '--init <dir>',
      "start from this checkpoint's weights and tokenizer (fresh optimizer and schedule; the model flags are " +
        'ignored): a curriculum stage',
    )
    .addOption(
      new Option(
        '--mix <sources>',
        `how much of each example source goes into the training pool, as name=count pairs (sources: ` +
          `${sourceNames().join(', ')}; see below)`,
      )
        .argParser(parseMix)
        .default(DEFAULT_MIX, mixText(DEFAULT_MIX)),
    )
    .option(
      '--vm-chains',
      'Video-MMMU targets reason before naming the option (needs the synth meta) instead of being the bare letter',
    )
    .option('--whole-numbers', 'word tokenizer: a number is one token (when frequent) instead of one token per digit')
    .option('--d-model <n>', 'model width', num('--d-model', true), DEFAULT_SFT_MODEL.dModel)
    .option(
      '--frame-size <WxH>',
      'frame size the model sees (multiples of --patch-size)',
      `${DEFAULT_SFT_MODEL.encoder!.imageSize}x${DEFAULT_SFT_MODEL.encoder!.imageHeight}`,
    )
    .option(
      '--patch-size <n>',
      'frame patch size in pixels (one frame token per patch)',
      num('--patch-size', true),
      DEFAULT_SFT_MODEL.encoder!.patchSize,
    )
    .option(
      '--max-len <n>',
      'longest decoder sequence (frame tokens + prompt + answer)',
      num('--max-len', true),
      DEFAULT_SFT_MODEL.maxLen,
    )
    .option('--layers <n>', 'decoder layers', num('--layers', true), DEFAULT_SFT_MODEL.nLayers)
    .option('--heads <n>', 'attention heads', num('--heads', true), DEFAULT_SFT_MODEL.nHeads)
    .option(
      '--rope',
      "rotary position embedding in the decoder's attention (besides the learned positions): attention by distance, " +
        'which copying from the prompt needs',
    )
    .option(
      '--prev-tokens <n>',
      'each text token also sees the embeddings of the n tokens before it (through learned maps): a key that knows ' +
        'its neighbours, so one attention layer can copy from the prompt; 0: off',
      num('--prev-tokens', true),
      0,
    )
    .option(
      '--encoder-layers <n>',
      'frame-encoder layers',
      num('--encoder-layers', true),
      DEFAULT_SFT_MODEL.encoder!.nLayers,
    )
    .option(
      '--tokenizer <kind>',
      "'word': vocabulary learned from the training split, bytes for the rest; 'byte': UTF-8 bytes only",
      (v: string) => {
        if (v !== 'word' && v !== 'byte') throw new UsageError(`--tokenizer expects word or byte, got '${v}'`);
        return v;
      },
      'word',
    )
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText(
      'after',
      `
Example sources for --mix (default lectures=1):
${sources()
  .map((s) => `  ${s.name.padEnd(13)} (count: ${s.count}) ${s.describe}`)
  .join('\n')}

Example:
  vreason data synth --out data/synth
  vreason train sft --data data/synth --out runs/sft
  vreason train sft --data data/synth --out runs/sft2 --init runs/sft/checkpoint --mix lectures=1,reading=4,drills=500
  vreason serve --checkpoint runs/sft/checkpoint
Progress (loss, tokens/s, ETA) goes to stderr; runs/sft/train.jsonl has one line per step.`,
    )
    .action(async (f: Flags) => {
      const size = /^(\d+)x(\d+)$/.exec(f.frameSize);
      if (!size || Number(size[1]) % f.patchSize || Number(size[2]) % f.patchSize)
        throw new UsageError(
          `--frame-size expects WxH in multiples of --patch-size (${f.patchSize}), got '${f.frameSize}'`,
        );
      const encoder = {
        ...DEFAULT_SFT_MODEL.encoder!,
        nLayers: f.encoderLayers,
        imageSize: Number(size[1]),
        imageHeight: Number(size[2]),
        patchSize: f.patchSize,
      };
      // The position options are left out when off, so run directories made before them still resume.
      const model = {
        ...DEFAULT_SFT_MODEL,
        dModel: f.dModel,
        nLayers: f.layers,
        nHeads: f.heads,
        dMlp: 4 * f.dModel,
        maxLen: f.maxLen,
        encoder,
        ...(f.rope ? { rope: true } : {}),
        ...(f.prevTokens ? { prevTokens: f.prevTokens } : {}),
      };
      if (f.batchSize < 1 || f.steps < 1) throw new UsageError('--steps and --batch-size must be at least 1');
      if (f.wholeNumbers && f.tokenizer !== 'word')
        throw new UsageError('--whole-numbers applies to the word tokenizer (--tokenizer word)');
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
        mix: f.mix,
        init: f.init ? resolve(f.init) : undefined,
        vmChains: f.vmChains || undefined,
        numbers: f.wholeNumbers ? 'whole' : undefined,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      if (f.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stderr.write(`checkpoint: ${r.checkpoint} (step ${r.step})\n`);
    });
}

function registerGrpo(train: Command): void {
  const d = GRPO_DEFAULTS;
  train
    .command('grpo')
    .description(
      'Reinforcement learning with GRPO, or T-GRPO (--temporal), from an SFT checkpoint, on the Video-R1 rewards.',
    )
    .requiredOption(
      '--init <dir>',
      'starting checkpoint, e.g. runs/sft/checkpoint; its weights are also the frozen KL reference',
    )
    .requiredOption('--data <dir>', 'a `vreason data synth --out` folder: prompts are videor1/train/eval_synth.json')
    .requiredOption('--out <dir>', 'run directory: train.jsonl, checkpoint/, grpo_config.json (re-running resumes)')
    .option('--steps <n>', 'optimizer steps in total', num('--steps', true), d.steps)
    .option('--prompts-per-step <n>', 'prompts (groups) per step', num('--prompts-per-step', true), d.promptsPerStep)
    .option(
      '--group <n>',
      'G: responses sampled per prompt (T-GRPO adds G/2 on shuffled frames for a video)',
      num('--group', true),
      d.group,
    )
    .option('--temporal', 'T-GRPO: the temporal bonus from ordered-vs-shuffled accuracy (video prompts)', d.temporal)
    .option(
      '--len-control',
      "Video-R1's length bonus: +0.2 for 320–512-token answers when more than one is right",
      d.lenControl,
    )
    .option(
      '--rewards <names>',
      `reward functions, comma-separated, summed in this order (registry: ${rewardNames().join(', ')})`,
      (v: string) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
    )
    .option('--reward-weights <list>', 'one weight per reward, comma-separated (default 1 each)', (v: string) =>
      v.split(',').map((x) => {
        const n = Number(x);
        if (x.trim() === '' || !Number.isFinite(n))
          throw new UsageError(`--reward-weights expects numbers, got '${x}'`);
        return n;
      }),
    )
    .option('--beta <x>', 'KL coefficient (k3 estimator against the --init weights)', num('--beta', false), d.beta)
    .option(
      '--mu <x>',
      'temporal bonus when p ≥ mu·p̃ (0.8 as the released code; the authors report 1.0 performs the same)',
      num('--mu', false),
      d.mu,
    )
    .option('--alpha <x>', 'temporal bonus added to each correct ordered response', num('--alpha', false), d.alpha)
    .option('--lr <x>', 'learning rate (peak, with --lr-schedule cosine)', num('--lr', false), d.lr)
    .addOption(
      new Option('--lr-schedule <s>', 'learning-rate schedule after warmup')
        .choices(['constant', 'cosine'])
        .default(d.lrSchedule),
    )
    .option('--min-lr <x>', 'learning rate at the end of the cosine decay', num('--min-lr', false), d.minLr)
    .option('--warmup <n>', 'linear warmup steps', num('--warmup', true), d.warmup)
    .option(
      '--weight-decay <x>',
      'AdamW decoupled weight decay (matrices only)',
      num('--weight-decay', false),
      d.weightDecay,
    )
    .option('--grad-clip <x>', 'global gradient-norm clip', num('--grad-clip', false), d.gradClip)
    .option('--max-tokens <n>', 'most new tokens per response (EOS included)', num('--max-tokens', true), d.maxTokens)
    .option('--temperature <x>', 'rollout sampling temperature', num('--temperature', false), d.temperature)
    .option('--top-p <x>', 'rollout nucleus sampling', num('--top-p', false), d.topP)
    .option('--eval-every <n>', 'greedy validation every n steps (0: never)', num('--eval-every', true), d.evalEvery)
    .option(
      '--eval-samples <n>',
      'validation records answered at each evaluation',
      num('--eval-samples', true),
      d.evalSamples,
    )
    .option(
      '--eval-max-tokens <n>',
      'most new tokens per validation answer',
      num('--eval-max-tokens', true),
      d.evalMaxTokens,
    )
    .option('--save-every <n>', 'checkpoint every n steps', num('--save-every', true), d.saveEvery)
    .option('--seed <n>', 'prompt order and rollout sampling seed', num('--seed', true), d.seed)
    .option(
      '--stop-after <n>',
      'stop after this step in this invocation; run again to resume',
      num('--stop-after', true),
    )
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText(
      'after',
      `
Each step takes --prompts-per-step Video-R1 records of the training split (images and videos), asks
each with the Video-R1 "think" prompt exactly as \`vreason eval --task synth\` does, and samples a
group of G responses. Rewards: accuracy by problem type + format (+ length with --len-control).
With --temporal (T-GRPO) each video prompt also gets G/2 responses on the same frames shuffled;
if the ordered group's accuracy p ≥ mu × the shuffled group's p̃, every ordered response with
accuracy > 0.1 gets +alpha. Advantages are (r − mean) / (std + 1e-4) within the ordered group;
the loss is −A·logπ + beta·KL per token (one inner step), averaged per response, then per batch.

Example:
  vreason data synth --out data/synth
  vreason train sft --data data/synth --out runs/sft
  vreason train grpo --init runs/sft/checkpoint --data data/synth --out runs/tgrpo --temporal
  vreason serve --checkpoint runs/tgrpo/checkpoint
Progress goes to stderr; runs/tgrpo/train.jsonl has a line per step. Running the same command
again resumes from the checkpoint (bit-identical to an uninterrupted run); other options are refused.`,
    )
    .action(async (f: GrpoFlags) => {
      if (f.topP <= 0 || f.topP > 1) throw new UsageError(`--top-p expects a number in (0, 1], got ${f.topP}`);
      process.stderr.write(`engine: ${engineInfo().backend} (${engineInfo().reason})\n`);
      const { json, ...options } = f;
      if (f.rewards || f.rewardWeights) rewardList(f.rewards, f.rewardWeights); // a clear error before any work
      const r = await trainGrpo({
        ...options,
        init: resolve(f.init),
        data: resolve(f.data),
        out: resolve(f.out),
        trainSplit: 'train',
        valSplit: 'validation',
        saveEvery: Math.max(1, f.saveEvery),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stderr.write(`checkpoint: ${r.checkpoint} (step ${r.step})\n`);
    });
}
