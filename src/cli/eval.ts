import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { accountSummary } from '../tasks/account.js';
import { VIDEO_MAX_PIXELS } from '../media/smartResize.js';
import { videoR1Files } from '../tasks/videor1/summary.js';
import { intFlag, nonNegativeFlag } from './flags.js';
import { exitOnInterrupt } from './signals.js';
import { TRACKS, type Track } from '../core/types.js';
import { parseShard, resolveFrames, type EvalOptions } from '../eval/config.js';
import { clientFor, evaluate } from '../eval/evaluate.js';
import { ORDERS } from '../eval/order.js';
import type { RunAccount } from '../tasks/record.js';
import { nativeTasks, resolveTasks, taskNames } from '../tasks/registry.js';
import type { GroupResults, Task, TaskGroup } from '../tasks/task.js';
import { PROMPT_STYLES, type PromptStyle } from '../tasks/videommmu/prompt.js';
import { VIDEO_R1_BENCHMARKS } from '../tasks/videor1/task.js';
import { VIDEOMMMU } from '../tasks/videommmu/task.js';
import { parseReasoningTags, UNCLOSED_POLICIES, type UnclosedPolicy } from '../tasks/reasoning.js';
import { VARIANTS, type Variant } from '../tasks/videommmu/variants.js';
import { DEFAULT_PARSER, PARSERS, type ParserName } from '../tasks/videommmu/scoring.js';

const int = intFlag;
const num =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new UsageError(`${name} expects a number, got '${v}'`);
    return n;
  };

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Evaluate an OpenAI-compatible video model server on Video-MMMU or the Video-R1 suite; resumable.')
    .option(
      '--task <names>',
      `benchmark(s), comma-separated: videommmu, or the Video-R1 suite ${VIDEO_R1_BENCHMARKS.join(',')}`,
      VIDEOMMMU,
    )
    .addOption(new Option('--tasks <names>', 'same as --task (lmms-eval habit)'))
    .requiredOption(
      '--data <path>',
      'Video-MMMU root (lmms-eval layout), a folder of eval_<task>.json files (Video-R1 layout), or one ' +
        'Video-R1 .json/.jsonl',
    )
    .addOption(new Option('--model <kind>', 'model client').choices(['openai']).default('openai'))
    .option(
      '--base-url <url>',
      'OpenAI-compatible endpoint base, e.g. http://127.0.0.1:8000/v1 (default); repeat it for several servers of ' +
        'the same model: requests go to the least-loaded one, a failing one is benched, one refusing the run ' +
        '(401/403/404, model not found) is out for the rest of it',
      collect,
    )
    .option('--base-urls-file <file>', 'more servers: a text file with one base URL per line (# comments allowed)')
    .option('--model-name <name>', 'model name sent in each request (as the server knows it); required')
    .option('--api-key-env <var>', 'environment variable holding the API key', 'OPENAI_API_KEY')
    .option('--output <dir>', 'run directory: config.json, records.jsonl, results.json, results.md', 'runs/latest')
    .option(
      '--frames <n>',
      'frames per video (Qwen2.5-VL nframes rule: rounded to a multiple of 2); default 16 for Video-MMMU',
      int('--frames', 1),
    )
    .option(
      '--fps <r>',
      'sample at this rate instead of a fixed count; default 2 (max 16 frames) for the Video-R1 suite',
      num('--fps'),
    )
    .option('--min-frames <n>', 'with --fps: fewest frames (default 4)', int('--min-frames', 1))
    .option(
      '--max-frames <n>',
      'with --fps: most frames (default 768; 16 for the Video-R1 suite)',
      int('--max-frames', 1),
    )
    .option(
      '--min-pixels <n>',
      'smallest frame area for smart_resize (default VIDEO_MIN_PIXELS = 128·28·28)',
      int('--min-pixels', 1),
    )
    .option(
      '--max-pixels <n>',
      "largest frame area; like the reference's max_pixels it can only lower the built-in limit (see --pixel-cap)",
      int('--max-pixels', 1),
    )
    .option(
      '--pixel-cap <n>',
      "the reference's built-in VIDEO_MAX_PIXELS: 768·28·28 (Qwen2.5-VL), 128·28·28 for the Video-R1 suite (its copy)",
      int('--pixel-cap', 1),
    )
    .option(
      '--total-pixels <n>',
      'pixel budget over all frames of a video (default VIDEO_TOTAL_PIXELS = 128000·28·28·0.9)',
      int('--total-pixels', 1),
    )
    .option(
      '--image-min-pixels <n>',
      'image records: smallest area (default MIN_PIXELS = 4·28·28)',
      int('--image-min-pixels', 1),
    )
    .option(
      '--image-max-pixels <n>',
      'image records: largest area (default MAX_PIXELS: 16384·28·28; 256·28·28 for the Video-R1 suite)',
      int('--image-max-pixels', 1),
    )
    .option(
      '--allow-short-videos',
      'send a video that decodes fewer frames than its container declares with the frames that exist, flagged in ' +
        'the record, results.md and the summary (default: a per-item media error)',
    )
    .addOption(new Option('--image-format <fmt>', 'frame encoding').choices(['jpeg', 'png']))
    .addOption(
      new Option(
        '--video-mode <mode>',
        'frames: sampled frames as image_url parts; video: the whole clip as a video_url part (vLLM samples)',
      )
        .choices(['frames', 'video'])
        .default('frames'),
    )
    .option(
      '--concurrency <n>',
      'most requests in flight per server; the window adapts below it (AIMD: halves on 429/5xx, +1 per ' +
        'window of answers)',
      int('--concurrency', 1),
      8,
    )
    .option('--fixed-concurrency', 'keep exactly --concurrency in flight per server (no adaptive window)')
    .option(
      '--latency-target-ms <ms>',
      'also shrink the window while the p95 latency of recent answers is above this',
      int('--latency-target-ms', 1),
    )
    .option('--stream', 'stream answers (server-sent events) and record the time to first token; same answers')
    .addOption(
      new Option(
        '--order <order>',
        "video: a video's requests together, those with identical frames first (the server's prefix cache reuses " +
          "the video's KV); dataset: as the dataset lists them",
      )
        .choices(ORDERS as unknown as string[])
        .default('video'),
    )
    .option('--timeout <s>', 'seconds per request attempt', num('--timeout'), 300)
    .option('--retries <n>', 'retries per request after the first attempt', int('--retries'), 5)
    .option(
      '--retry-base-ms <ms>',
      'first backoff delay (doubles each retry, with jitter)',
      int('--retry-base-ms'),
      1000,
    )
    .option('--temperature <t>', 'sampling temperature (default 0; 0.1 for the Video-R1 suite)', num('--temperature'))
    .option('--top-p <p>', 'nucleus sampling (default unset; 0.001 for the Video-R1 suite)', num('--top-p'))
    .option('--max-tokens <n>', 'max new tokens (default 1024)', int('--max-tokens', 1))
    .option('--seed <n>', 'sampling seed sent to the server; also seeds CIs and the shuffle probe', int('--seed'), 0)
    .option(
      '--samples <n>',
      'ask each question n times (sample i with seed + i), each its own resumable record; results add expected and ' +
        'majority-vote accuracy, within-question variance and consistency. Use with --temperature above 0',
      int('--samples', 1),
      1,
    )
    .option('--limit <n>', 'at most n questions per track (Video-MMMU) or per benchmark', int('--limit', 1))
    .option('--tracks <list>', `Video-MMMU: comma-separated subset of ${TRACKS.join(',')}`)
    .addOption(
      new Option(
        '--conditions <which>',
        'Video-MMMU Adaptation: after = with video, before = question only, both → Δknowledge',
      )
        .choices(['after', 'before', 'both'])
        .default('both'),
    )
    .addOption(
      new Option('--prompt-style <style>', 'Video-MMMU prompts: lmms-eval (reference) or paper (SPEC wording)')
        .choices(PROMPT_STYLES as string[])
        .default('lmms-eval'),
    )
    .addOption(
      new Option('--parser <name>', 'Video-MMMU answer parser: lmms-eval (its current extractor) or videommmu-release')
        .choices(PARSERS as string[])
        .default(DEFAULT_PARSER),
    )
    .option(
      '--reasoning-tags <tags>',
      'Video-MMMU: reasoning blocks cut before parsing: none, names (think,analysis) or lmms-eval JSON; ' +
        'default think,analysis with --parser lmms-eval, none with videommmu-release',
    )
    .addOption(
      new Option('--variant <name>', "Video-MMMU robustness setting (lmms-eval's video variants)")
        .choices(VARIANTS as string[])
        .default('standard'),
    )
    .addOption(
      new Option(
        '--unclosed <policy>',
        'Video-MMMU: an answer whose reasoning never closed: keep (parse it as it is, as lmms-eval does; the ' +
          'default) or unparsed (count it wrong)',
      ).choices(UNCLOSED_POLICIES as string[]),
    )
    .addOption(
      new Option('--prompt <mode>', 'Video-R1 suite prompt: think (<think>…</think><answer>…</answer>) or direct')
        .choices(['think', 'direct'])
        .default('think'),
    )
    .addOption(
      new Option(
        '--probe <kind>',
        'Video-R1 suite: also ask each video item with its frames shuffled (seeded) and report the change',
      ).choices(['shuffle']),
    )
    .option(
      '--frame-cache-mb <mib>',
      'MiB of sampled frames the run keeps in memory (each video is decoded once; beyond this the least recently ' +
        "used videos' frames are read back from <output>/frames/)",
      nonNegativeFlag('--frame-cache-mb', false),
      512,
    )
    .option('--allow-outside-paths', 'let dataset records point at media outside the dataset folder')
    .option('--shard <i/n>', 'run only shard i of n (0-based); combine with `vreason merge`')
    .option('--quiet', 'no progress output')
    .option('--json', 'print results.json to stdout when done')
    .addHelpText(
      'after',
      `
Examples:
  vreason eval --data ./VideoMMMU --base-url http://127.0.0.1:8000/v1 --model-name Qwen2.5-VL-7B \\
    --frames 16 --concurrency 8 --output runs/qwen7b
  vreason eval --tasks vsibench,videommmu,mmvu,mvbench,tempcompass,videomme --data ./Evaluation \\
    --model-name Video-R1-7B --probe shuffle --output runs/r1-suite
  vreason eval ... --limit 5                      # 5 questions per track/benchmark, a quick look
  vreason eval ... --samples 5 --temperature 0.7  # stability: 5 answers per question, majority vote, consistency
  vreason eval ... --shard 0/4 --output runs/s0   # then: vreason merge --output runs/all runs/s0 runs/s1 ...
  vreason eval ... --base-url http://gpu1:8000/v1 --base-url http://gpu2:8000/v1 --concurrency 32
                                                  # two servers, up to 32 in flight each
  vreason eval ... --base-url https://api.example.com/v1 --concurrency 16 --latency-target-ms 20000
                                                  # a hosted API: back off on 429s and on slow answers

Re-running the same command resumes: stored answers are not asked again; failed requests are retried.
Resuming against other servers reuses the stored answers (the resume key names the model, not the server).
results.json "efficiency": requests/s, latency p50/p95/p99, tokens, time to first token (--stream), per server.`,
    )
    .exitOverride((e) => {
      // Commander's own usage errors (missing or unknown option, bad choice): exit 2 as the README says.
      process.exit(e.exitCode === 0 ? 0 : 2);
    })
    .action(async (o: Record<string, unknown>) => {
      const opts = toOptions(o);
      const target = resolveTasks(opts);
      warnPixelCap(target, opts);
      const client = clientFor(opts);
      if ((opts.samples ?? 1) > 1 && !opts.params?.temperature)
        opts.log?.write(
          `note: --samples ${opts.samples} without --temperature above 0: the task's near-greedy default rarely ` +
            `gives different answers; set e.g. --temperature 0.7\n`,
        );
      exitOnInterrupt(() => interruptedMessage(resolve(opts.output)));
      const out = await evaluate(target, opts, client);
      const [summary, errored] = summarize(target, out.results);
      const problems = accountLines(target, out.results);
      if (o.json) process.stdout.write(`${JSON.stringify(out.results, null, 2)}\n`);
      else
        process.stdout.write(
          `${summary} — asked ${out.asked}, reused ${out.reused}\n${problems.map((l) => `${l}\n`).join('')}results: ` +
            `${out.outputDir}/results.json, ${out.outputDir}/results.md\n`,
        );
      if (o.json && problems.length) process.stderr.write(problems.map((l) => `${l}\n`).join(''));
      if (errored > 0) process.exitCode = 3;
    });
}

/** Skipped rows, failed requests and short videos of each task, for the terminal. */
function accountLines(target: Task | TaskGroup, results: unknown): string[] {
  if (target.kind === 'task') return accountSummary(results as RunAccount, target.name);
  const g = results as GroupResults;
  return target.tasks.flatMap((t) => (g.benchmarks[t.name] ? accountSummary(g.benchmarks[t.name]!, t.name) : []));
}

/** The reference warns when max_pixels exceeds its built-in limit and uses the limit; so do we, once. */
function warnPixelCap(target: Task | TaskGroup, opts: EvalOptions): void {
  const given = opts.frames?.maxPixels;
  if (given === undefined || !opts.log) return;
  const tasks = target.kind === 'task' ? [target] : target.tasks;
  for (const t of tasks) {
    const f = resolveFrames(t.frames, opts.frames);
    const cap = f.maxPixelsCap ?? VIDEO_MAX_PIXELS;
    if (given > cap)
      opts.log.write(
        `note: ${t.name}: --max-pixels ${given} exceeds the built-in limit ${cap} (the reference's ` +
          `VIDEO_MAX_PIXELS); frames are sized within ${cap} (raise it with --pixel-cap)\n`,
      );
  }
}

const interruptedMessage = (out: string): string =>
  `interrupted: answers received so far are stored in ${out}/records.jsonl; run the same command again to resume ` +
  `(stored answers are not asked again)`;

/** The terminal line and the error count: the task's own line, or one entry per task of a group. */
function summarize(target: Task | TaskGroup, results: unknown): [string, number] {
  if (target.kind === 'task') return [target.line(results as RunAccount), (results as RunAccount).counts.errored];
  const g = results as GroupResults;
  const lines = target.tasks.map((t) =>
    g.benchmarks[t.name] ? t.line(g.benchmarks[t.name] as RunAccount) : `${t.label} –`,
  );
  return [lines.join(', '), g.table.reduce((n, row) => n + row.errors, 0)];
}

function toOptions(o: Record<string, unknown>): EvalOptions {
  if (o.modelName === undefined)
    throw new UsageError("--model-name is required: the model's name as the server knows it (GET <base-url>/models)");
  const tasks = String(o.tasks ?? o.task)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const data = resolve(String(o.data));
  if (!existsSync(data)) throw new UsageError(`${data}: dataset directory not found (--data)`);
  // Besides the named benchmarks, any eval_<name>.json(l) in the data folder is a task (e.g. `synth`).
  const known = new Set<string>(taskNames(String(o.data)));
  for (const t of tasks)
    if (!known.has(t)) {
      const files = statSync(data).isDirectory() ? videoR1Files(data).map((f) => basename(f)) : [];
      throw new UsageError(
        `unknown task '${t}': it is not a built-in benchmark (` +
          `${[...nativeTasks().keys(), ...VIDEO_R1_BENCHMARKS].join(', ')}) ` +
          `and ${data} has no eval_${t}.json or eval_${t}.jsonl (eval files there: ${files.join(', ') || 'none'})`,
      );
    }
  const tracks = o.tracks
    ? String(o.tracks)
        .split(',')
        .map((t) => t.trim())
    : undefined;
  for (const t of tracks ?? [])
    if (!TRACKS.includes(t as Track)) throw new UsageError(`--tracks: unknown track '${t}' (use ${TRACKS.join(', ')})`);
  const n = (k: string): number | undefined => (o[k] === undefined ? undefined : Number(o[k]));
  const urls = baseUrls((o.baseUrl as string[] | undefined) ?? [], o.baseUrlsFile as string | undefined);
  return {
    tasks,
    data: String(o.data),
    output: String(o.output),
    model: {
      baseUrl: urls[0] as string,
      ...(urls.length > 1 ? { baseUrls: urls } : {}),
      name: String(o.modelName),
      stream: Boolean(o.stream),
      apiKey: process.env[String(o.apiKeyEnv)] || undefined,
      timeoutMs: Number(o.timeout) * 1000,
      retry: { retries: Number(o.retries), baseMs: Number(o.retryBaseMs) },
    },
    frames: {
      nframes: n('frames'),
      fps: n('fps'),
      minFrames: n('minFrames'),
      maxFrames: n('maxFrames'),
      minPixels: n('minPixels'),
      maxPixels: n('maxPixels'),
      maxPixelsCap: n('pixelCap'),
      totalPixels: n('totalPixels'),
      imageMinPixels: n('imageMinPixels'),
      imageMaxPixels: n('imageMaxPixels'),
      format: o.imageFormat as 'jpeg' | 'png' | undefined,
    },
    videoMode: o.videoMode as 'frames' | 'video',
    params: { temperature: n('temperature'), maxTokens: n('maxTokens'), topP: n('topP'), seed: n('seed') },
    concurrency: Number(o.concurrency),
    fixedConcurrency: Boolean(o.fixedConcurrency),
    latencyTargetMs: n('latencyTargetMs'),
    order: o.order as 'video' | 'dataset',
    limit: n('limit'),
    tracks: tracks as Track[] | undefined,
    conditions: o.conditions as EvalOptions['conditions'],
    promptStyle: o.promptStyle as PromptStyle,
    parser: o.parser as ParserName,
    reasoningTags: o.reasoningTags === undefined ? undefined : parseReasoningTags(String(o.reasoningTags)),
    unclosedThinking: o.unclosed as UnclosedPolicy,
    variant: o.variant as Variant,
    prompt: o.prompt as 'think' | 'direct',
    probe: o.probe === 'shuffle',
    allowOutsidePaths: Boolean(o.allowOutsidePaths),
    allowShortVideos: Boolean(o.allowShortVideos),
    frameCacheBytes: Math.floor(Number(o.frameCacheMb) * 1024 * 1024),
    shard: o.shard ? parseShard(String(o.shard)) : undefined,
    samples: Number(o.samples),
    seed: Number(o.seed),
    log: o.quiet ? null : process.stderr,
  };
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8000/v1';

/**
 * The servers of a run: every `--base-url`, then the lines of `--base-urls-file` (blank lines and
 * `#` comments skipped), without repeats; the default address when neither is given.
 */
export function baseUrls(given: readonly string[] = [], file?: string): string[] {
  const urls = given.map((u, i) => checkUrl(u, `--base-url #${i + 1}`));
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`${file}: file not found (--base-urls-file)`);
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((line, i) => {
        const t = line.replace(/#.*/, '').trim();
        if (t) urls.push(checkUrl(t, `${file}:${i + 1}`));
      });
    if (urls.length === given.length)
      throw new UsageError(`${file}: no URLs in it (--base-urls-file expects one base URL per line)`);
  }
  const unique = [...new Set(urls.map((u) => u.replace(/\/+$/, '')))];
  return unique.length ? unique : [DEFAULT_BASE_URL];
}

function checkUrl(u: string, where: string): string {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    throw new UsageError(`${where}: '${u}' is not a URL (expected e.g. http://127.0.0.1:8000/v1)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${where}: '${u}' is not an http(s) URL`);
  return u;
}
