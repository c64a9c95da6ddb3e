import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { TRACKS, type Track } from '../core/types.js';
import { DEFAULT_FRAMES, parseShard, type EvalOptions } from '../eval/config.js';
import { evaluate } from '../eval/evaluate.js';
import { PROMPT_STYLES, type PromptStyle } from '../tasks/videommmu/prompt.js';

const int = (name: string, min = 0) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} expects an integer ≥ ${min}, got '${v}'`);
  return n;
};
const num = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${name} expects a number, got '${v}'`);
  return n;
};

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Evaluate an OpenAI-compatible video model server on a benchmark; resumable.')
    .addOption(new Option('--task <name>', 'benchmark to run').choices(['videommmu']).default('videommmu'))
    .addOption(new Option('--tasks <names>', 'alias of --task (lmms-eval habit)').hideHelp())
    .requiredOption('--data <dir>', 'dataset root (Video-MMMU: <Track>/*.parquet or <Track>.jsonl|json, <Discipline>/<id>.mp4)')
    .addOption(new Option('--model <kind>', 'model client').choices(['openai']).default('openai'))
    .option('--base-url <url>', 'OpenAI-compatible endpoint base, e.g. http://127.0.0.1:8000/v1', 'http://127.0.0.1:8000/v1')
    .requiredOption('--model-name <name>', 'model name sent in each request (as the server knows it)')
    .option('--api-key-env <var>', 'environment variable holding the API key', 'OPENAI_API_KEY')
    .option('--output <dir>', 'run directory: config.json, records.jsonl, results.json, results.md', 'runs/latest')
    .option('--frames <n>', 'frames per video (Qwen2.5-VL nframes rule: rounded to a multiple of 2)', int('--frames', 1), DEFAULT_FRAMES.nframes)
    .option('--fps <r>', 'sample at this many frames per second instead of a fixed count', num('--fps'))
    .option('--min-frames <n>', 'with --fps: fewest frames', int('--min-frames', 1), DEFAULT_FRAMES.minFrames)
    .option('--max-frames <n>', 'with --fps: most frames', int('--max-frames', 1), DEFAULT_FRAMES.maxFrames)
    .option('--min-pixels <n>', 'smallest frame area (smart_resize)', int('--min-pixels', 1), DEFAULT_FRAMES.minPixels)
    .option('--max-pixels <n>', 'largest frame area (smart_resize)', int('--max-pixels', 1), DEFAULT_FRAMES.maxPixels)
    .option('--total-pixels <n>', 'pixel budget over all frames of a video', int('--total-pixels', 1), DEFAULT_FRAMES.totalPixels)
    .addOption(new Option('--image-format <fmt>', 'frame encoding').choices(['jpeg', 'png']).default('jpeg'))
    .addOption(new Option('--video-mode <mode>', 'frames: sampled frames as image_url parts; video: the whole clip as a video_url part (vLLM samples)').choices(['frames', 'video']).default('frames'))
    .option('--concurrency <n>', 'requests in flight', int('--concurrency', 1), 8)
    .option('--timeout <s>', 'seconds per request attempt', num('--timeout'), 300)
    .option('--retries <n>', 'retries per request after the first attempt', int('--retries'), 5)
    .option('--retry-base-ms <ms>', 'first backoff delay (doubles each retry, with jitter)', int('--retry-base-ms'), 1000)
    .option('--temperature <t>', 'sampling temperature', num('--temperature'), 0)
    .option('--top-p <p>', 'nucleus sampling', num('--top-p'))
    .option('--max-tokens <n>', 'max new tokens (lmms-eval: 1024)', int('--max-tokens', 1), 1024)
    .option('--seed <n>', 'sampling seed sent to the server; also seeds bootstrap CIs', int('--seed'), 0)
    .option('--limit <n>', 'at most n questions per track (a quick look)', int('--limit', 1))
    .option('--tracks <list>', `comma-separated subset of ${TRACKS.join(',')}`)
    .addOption(new Option('--conditions <which>', 'Adaptation: after = with video, before = question only, both → Δknowledge').choices(['after', 'before', 'both']).default('both'))
    .addOption(new Option('--prompt-style <style>', 'lmms-eval (reference default) or paper (SPEC wording)').choices(PROMPT_STYLES as string[]).default('lmms-eval'))
    .option('--shard <i/n>', 'run only shard i of n (0-based); combine with `vreason merge`')
    .option('--quiet', 'no progress output')
    .option('--json', 'print results.json to stdout when done')
    .addHelpText(
      'after',
      `
Examples:
  vreason eval --data ./VideoMMMU --base-url http://127.0.0.1:8000/v1 --model-name Qwen2.5-VL-7B \\
    --frames 16 --concurrency 8 --output runs/qwen7b
  vreason eval ... --limit 5                 # 5 questions per track, a quick look
  vreason eval ... --shard 0/4 --output runs/s0   # then: vreason merge --output runs/all runs/s0 runs/s1 ...

Re-running the same command resumes: stored answers are not asked again; failed requests are retried.`,
    )
    .action(async (o: Record<string, unknown>) => {
      const opts = toOptions(o);
      const { results, outputDir, asked, reused } = await evaluate(opts);
      if (o.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      else {
        const dk = results.delta_knowledge.value;
        process.stdout.write(
          `accuracy ${fmt(results.overall.accuracy)} (n=${results.overall.n})` +
            `${dk === null ? '' : `, Δknowledge ${dk.toFixed(1)}%`}, unparsed ${results.unparsed}, errors ${results.counts.errored}` +
            ` — asked ${asked}, reused ${reused}\nresults: ${outputDir}/results.json, ${outputDir}/results.md\n`,
        );
      }
      if (results.counts.errored > 0) process.exitCode = 3;
    });
}

const fmt = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

function toOptions(o: Record<string, unknown>): EvalOptions {
  const task = String(o.tasks ?? o.task);
  if (task !== 'videommmu') throw new UsageError(`unknown task '${task}' (available: videommmu)`);
  const tracks = o.tracks ? String(o.tracks).split(',').map((t) => t.trim()) : undefined;
  for (const t of tracks ?? []) if (!TRACKS.includes(t as Track)) throw new UsageError(`--tracks: unknown track '${t}' (use ${TRACKS.join(', ')})`);
  const keyVar = String(o.apiKeyEnv);
  return {
    task: 'videommmu',
    data: String(o.data),
    output: String(o.output),
    model: {
      baseUrl: String(o.baseUrl),
      name: String(o.modelName),
      apiKey: process.env[keyVar] || undefined,
      timeoutMs: Number(o.timeout) * 1000,
      retry: { retries: Number(o.retries), baseMs: Number(o.retryBaseMs) },
    },
    frames: {
      ...DEFAULT_FRAMES,
      nframes: o.fps === undefined ? Number(o.frames) : undefined,
      fps: o.fps === undefined ? undefined : Number(o.fps),
      minFrames: Number(o.minFrames),
      maxFrames: Number(o.maxFrames),
      minPixels: Number(o.minPixels),
      maxPixels: Number(o.maxPixels),
      totalPixels: Number(o.totalPixels),
      format: o.imageFormat as 'jpeg' | 'png',
    },
    videoMode: o.videoMode as 'frames' | 'video',
    params: { temperature: Number(o.temperature), maxTokens: Number(o.maxTokens), seed: Number(o.seed), ...(o.topP === undefined ? {} : { topP: Number(o.topP) }) },
    concurrency: Number(o.concurrency),
    limit: o.limit === undefined ? undefined : Number(o.limit),
    tracks: tracks as Track[] | undefined,
    conditions: o.conditions as EvalOptions['conditions'],
    promptStyle: o.promptStyle as PromptStyle,
    shard: o.shard ? parseShard(String(o.shard)) : undefined,
    seed: Number(o.seed),
    log: o.quiet ? null : process.stderr,
  };
}
