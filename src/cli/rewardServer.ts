import type { Command } from 'commander';
import { closeOnSignals } from './signals.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_EOS_TOKENS, startRewardServer } from '../rewards/server.js';
import { tgrpoData, type Engine } from '../rewards/tgrpoData.js';
import { rewardList, rewardNames } from '../rewards/registry.js';

const API_KEY_ENV = 'VREASON_REWARD_API_KEY';
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "32mb", "512kb", "1048576" → bytes (binary units, as body-parser's "32mb"). */
export function parseSize(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b)?\s*$/i.exec(v);
  const bytes = m ? Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!) : NaN;
  if (!(bytes >= 1)) throw new UsageError(`--body-limit expects a size such as 32mb, 512kb or 1048576, got '${v}'`);
  return bytes;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port expects an integer in 0..65535, got '${v}'`);
  return n;
}

function parseCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-in-flight expects an integer ≥ 1, got '${v}'`);
  return n;
}

function parseWeight(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`a weight must be a number, got '${v}'`);
  return n;
}

interface Flags {
  host: string;
  port: number;
  apiKey?: string;
  bodyLimit: string;
  formatWeight: number;
  rewards?: string;
  rewardWeights?: string;
  eosTokens?: string;
  maxInFlight: number;
}

interface DataFlags {
  input: string;
  output: string;
  framesDir: string;
  engine: string;
  nframes: string;
  seed: string;
  videoKey: string;
  imageKey: string;
  labelKey: string;
  inputKey: string;
}

function registerTgrpoData(program: Command): void {
  program
    .command('tgrpo-data')
    .description(
      'Add a shuffled-frame copy of every video prompt to a verl or OpenRLHF dataset (JSON/JSONL), for T-GRPO ' +
        'through the reward service.',
    )
    .requiredOption(
      '--input <file>',
      'prompt dataset, JSONL or a JSON array (verl: convert its parquet first, see docs/reward-service.md)',
    )
    .requiredOption('--output <file>', 'JSONL out: every video row as an ordered/shuffled pair, adjacent')
    .requiredOption('--frames-dir <dir>', 'where the sampled frames are written (the rows list these files)')
    .option(
      '--engine <name>',
      'verl (videos[0].video, extra_info) or openrlhf (--video-key, --image-key, label)',
      'verl',
    )
    .option('--nframes <n>', 'frames per video, even (Video-R1 trains on 16)', '16')
    .option('--seed <n>', 'seed of the frame permutations and of the row order', '0')
    .option('--video-key <key>', 'openrlhf: column with the video path', 'video')
    .option('--image-key <key>', 'openrlhf: column written with the frame list (--data.image_key)', 'images')
    .option('--label-key <key>', 'openrlhf: label column (--data.label_key)', 'label')
    .option('--input-key <key>', 'openrlhf: prompt column; a <video> in it becomes one <image> per frame', 'prompt')
    .action(async (f: DataFlags) => {
      if (f.engine !== 'verl' && f.engine !== 'openrlhf')
        throw new UsageError(`--engine expects verl or openrlhf, got '${f.engine}'`);
      const nframes = Number(f.nframes);
      if (!Number.isInteger(nframes) || nframes < 2 || nframes % 2)
        throw new UsageError(`--nframes expects an even integer ≥ 2, got '${f.nframes}'`);
      const seed = Number(f.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed expects an integer, got '${f.seed}'`);
      const r = await tgrpoData({ ...f, engine: f.engine as Engine, nframes, seed });
      process.stdout.write(
        `${f.output}: ${r.rows} rows (${r.pairs} video prompts as ordered/shuffled pairs, ${r.kept} rows kept ` +
          `as they were)\n`,
      );
    });
}

export function registerRewardServer(program: Command): void {
  registerTgrpoData(program);
  program
    .command('reward-server')
    .description(
      'Serve the Video-R1 rewards over HTTP: OpenRLHF remote reward model (POST /get_reward), verl (POST /score), ' +
        'T-GRPO groups (POST /temporal).',
    )
    .option('--host <host>', 'interface to bind (0.0.0.0 exposes it to the network: set --api-key)', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', parsePort, 5000)
    .option(
      '--api-key <key>',
      `require "Authorization: Bearer <key>" (default: $${API_KEY_ENV}, which keeps it out of ps)`,
    )
    .option('--body-limit <size>', 'largest request body (413 above it)', '32mb')
    .option('--format-weight <w>', 'reward = accuracy + w * format (0: accuracy only)', parseWeight, 1)
    .option(
      '--rewards <names>',
      `reward functions from the registry, summed in this order (${rewardNames().join(', ')}); replaces ` +
        `accuracy + w · format`,
    )
    .option('--reward-weights <list>', 'one weight per --rewards entry, comma-separated (default 1 each)')
    .option('--max-in-flight <n>', 'requests in progress before new ones get 503 + Retry-After', parseCount, 256)
    .option(
      '--eos-tokens <list>',
      `comma-separated tokens stripped from the end of /get_reward responses (default: ` +
        `${DEFAULT_EOS_TOKENS.join(',')})`,
    )
    .addHelpText(
      'after',
      `
Examples:
  vreason reward-server                                 # http://127.0.0.1:5000
  # OpenRLHF (current flag; older releases call it --remote_rm_url):
  python -m openrlhf.cli.train_ppo_ray ... --reward.remote_url http://127.0.0.1:5000/get_reward --data.label_key label
  curl -s localhost:5000/score -d '{"solution_str":"<think>…</think> <answer>B</answer>","ground_truth":"B"}'

Labels: {"problem_type": "numerical", "solution": "<answer>12.5</answer>"} (object or JSON string),
or a plain string = multiple-choice answer. See docs/reward-service.md.
SIGINT/SIGTERM finish the requests in flight, then exit.`,
    )
    .action(async (o: Flags) => {
      const apiKey = o.apiKey ?? (process.env[API_KEY_ENV] || undefined);
      if (apiKey === '') throw new UsageError('--api-key must not be empty');
      const eosTokens = o.eosTokens === undefined ? undefined : o.eosTokens.split(',').filter((t) => t !== '');
      const rewards =
        o.rewards || o.rewardWeights
          ? rewardList(
              o.rewards?.split(',').map((x) => x.trim()),
              o.rewardWeights?.split(',').map(parseWeight),
            )
          : undefined;
      const server = await startRewardServer({
        rewards,
        host: o.host,
        port: o.port,
        apiKey,
        bodyLimit: parseSize(o.bodyLimit),
        formatWeight: o.formatWeight,
        eosTokens,
        maxInFlight: o.maxInFlight,
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      process.stderr.write(`vreason reward-server listening on ${server.url}${apiKey ? ' (API key required)' : ''}\n`);
      closeOnSignals(() => server.close());
    });
}
