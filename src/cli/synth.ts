import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { Progress } from '../eval/progress.js';
import { DEFAULT_CONFIG, type SynthConfig } from '../synth/plan.js';
import { writeSynth } from '../synth/write.js';

/** `--quick`: a small set for a first look or a CI smoke run. */
export const QUICK_VIDEOS = 24;

function parseRatios(s: string): [number, number, number] {
  const xs = s.split(',').map((x) => Number(x.trim()));
  if (xs.length !== 3 || xs.some((x) => !Number.isFinite(x) || x < 0) || xs.reduce((a, b) => a + b, 0) <= 0)
    throw new UsageError(
      `--split-ratios expects three non-negative numbers train,validation,test (e.g. 0.8,0.1,0.1), got '${s}'`,
    );
  return xs as [number, number, number];
}

function parseIntFlag(name: string, s: string, min: number): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} expects an integer ≥ ${min}, got '${s}'`);
  return n;
}

export function registerSynth(data: Command): void {
  data
    .command('synth')
    .description(
      'Generate the synthetic lecture world: lecture videos that teach a rule drawn per video, in the Video-MMMU ' +
        'layout and as Video-R1 records, with a dataset card.',
    )
    .requiredOption('--out <dir>', 'output folder (videommmu/, videor1/, meta/, card.json, card.md)')
    .option('--seed <n>', 'random seed; the same seed reproduces the same data', '0')
    .option('--videos <n>', 'number of lecture videos', String(DEFAULT_CONFIG.videos))
    .option('--split-ratios <train,val,test>', 'shares of videos per split', DEFAULT_CONFIG.ratios.join(','))
    .option('--quick', `a small set (${QUICK_VIDEOS} videos) unless --videos is given`)
    .option('--jobs <n>', 'concurrent ffmpeg encodes (default: number of cores)')
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        o: {
          out: string;
          seed: string;
          videos: string;
          splitRatios: string;
          quick?: boolean;
          jobs?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        const videosGiven = cmd.getOptionValueSource('videos') === 'cli';
        const cfg: SynthConfig = {
          ...DEFAULT_CONFIG,
          seed: parseIntFlag('--seed', o.seed, 0),
          videos: o.quick && !videosGiven ? QUICK_VIDEOS : parseIntFlag('--videos', o.videos, 1),
          ratios: parseRatios(o.splitRatios),
        };
        const progress = new Progress('synth', cfg.videos, process.stderr, 2000, 'videos');
        const r = await writeSynth({
          ...cfg,
          out: o.out,
          ...(o.jobs ? { jobs: parseIntFlag('--jobs', o.jobs, 1) } : {}),
          onProgress: () => progress.tick(true),
        });
        const summary = {
          out: r.out,
          videos: r.videos,
          splits: r.card.videos.by_split,
          videommmu_questions: r.card.videommmu.questions,
          videor1_records: r.card.videor1.records,
          cot_kept: r.card.videor1.cot.kept,
          mp4s: r.mp4s,
          frames: r.frames,
          seconds: Number(r.seconds.toFixed(2)),
          videos_per_s: Number(r.videosPerSecond.toFixed(2)),
          frames_per_s: Number(r.framesPerSecond.toFixed(1)),
        };
        if (o.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else
          process.stdout.write(
            `wrote ${r.videos} videos (${Object.entries(summary.splits)
              .map(([s, n]) => `${s} ${n}`)
              .join(', ')}) to ${r.out} in ${summary.seconds}s ` +
              `(${summary.videos_per_s} videos/s, ${summary.frames_per_s} frames/s)\n` +
              `  Video-MMMU: ${summary.videommmu_questions} questions under ${r.out}/videommmu/<split>/\n` +
              `  Video-R1:   ${summary.videor1_records} records (${summary.cot_kept} with chain of thought) under ` +
              `${r.out}/videor1/<split>/\n` +
              `  card:       ${r.out}/card.md\n`,
          );
      },
    );
}
