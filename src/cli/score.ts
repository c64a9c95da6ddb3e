import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { TRACKS, type Track } from '../core/types.js';
import { SCORE_MODES, describeBad, formatSummary, scoreFile, type ScoreMode } from '../rewards/scoreFile.js';
import { parseReasoningTags, UNCLOSED_POLICIES, type UnclosedPolicy } from '../tasks/reasoning.js';
import { formatRescore, rescore } from '../tasks/videommmu/rescore.js';
import { DEFAULT_PARSER, PARSERS, scoringFor, type ParserName } from '../tasks/videommmu/scoring.js';
import { VIDEOMMMU } from '../tasks/videommmu/task.js';

interface ScoreFlags {
  task: string;
  input: string[];
  output?: string;
  mode: ScoreMode;
  json?: boolean;
  parser: ParserName;
  reasoningTags?: string;
  unclosed?: UnclosedPolicy;
  track?: string;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description(
      'Score saved model outputs offline: the Video-R1 rewards (default), or Video-MMMU answers (--task videommmu) ' +
        'from vreason records.jsonl or lmms-eval --log_samples files, with either parser.',
    )
    .addOption(
      new Option('--task <name>', 'video-r1: Video-R1 reward records; videommmu: Video-MMMU answers')
        .choices(['video-r1', VIDEOMMMU])
        .default('video-r1'),
    )
    .requiredOption(
      '--input <paths...>',
      'video-r1: JSONL (or JSON array, or eval_bench {"results": [...]}) of records with problem_type, solution and ' +
        'output|response|completion. videommmu: records.jsonl, a run folder, lmms-eval *_samples_video_mmmu_*.jsonl ' +
        'files or a folder of them',
    )
    .option('--output <file>', 'video-r1: write the scored records as JSONL (each with a "scored" field)')
    .addOption(
      new Option(
        '--mode <mode>',
        'video-r1 — eval: eval_bench.py reward_fn (regression by mean relative accuracy, OCR/free-form 0); ' +
          'train: grpo.py accuracy_reward',
      )
        .choices(SCORE_MODES as ScoreMode[])
        .default('eval'),
    )
    .addOption(
      new Option('--parser <name>', 'videommmu: lmms-eval (current extractor) or videommmu-release')
        .choices(PARSERS as string[])
        .default(DEFAULT_PARSER),
    )
    .option(
      '--reasoning-tags <tags>',
      'videommmu: none, names (think,analysis) or lmms-eval JSON; default think,analysis (lmms-eval), none (release)',
    )
    .addOption(
      new Option(
        '--unclosed <policy>',
        'videommmu: an answer whose reasoning never closed: keep (parse it as it is, as lmms-eval does; the ' +
          'default) or unparsed (count it wrong)',
      ).choices(UNCLOSED_POLICIES as string[]),
    )
    .option(
      '--track <track>',
      `videommmu: track of lmms-eval samples whose file name does not say (${TRACKS.join(', ')})`,
    )
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
Examples:
  vreason score --input eval_vsibench_output.json          # Video-R1 eval_bench output
  vreason score --input rollouts.jsonl --mode train --output scored.jsonl --json
  vreason score --task videommmu --input runs/qwen7b                       # rescore a run, lmms-eval parser
  vreason score --task videommmu --input runs/qwen7b --parser videommmu-release
  vreason score --task videommmu --input logs/model/*_samples_video_mmmu_*.jsonl   # lmms-eval --log_samples

Bad records are reported on stderr with their line and field and skipped; the exit code is then 1.`,
    )
    .action(async (o: ScoreFlags) => {
      if (o.task === VIDEOMMMU) return scoreVideoMMMU(o);
      if (o.input.length !== 1) throw new UsageError('--input takes one file for the Video-R1 rewards');
      const input = o.input[0] as string;
      const summary = await scoreFile(input, { mode: o.mode, output: o.output });
      for (const b of summary.bad) process.stderr.write(`${describeBad(input, b)}\n`);
      process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`);
      if (summary.bad.length > 0) process.exitCode = 1;
    });
}

function scoreVideoMMMU(o: ScoreFlags): void {
  if (o.track !== undefined && !TRACKS.includes(o.track as Track))
    throw new UsageError(`--track: unknown track '${o.track}' (use ${TRACKS.join(', ')})`);
  const scoring = scoringFor(o.parser, {
    reasoningTags: o.reasoningTags === undefined ? undefined : parseReasoningTags(o.reasoningTags),
    unclosed: o.unclosed,
  });
  const out = rescore(o.input, scoring, { track: o.track as Track | undefined });
  for (const b of out.bad) process.stderr.write(`${b.file}:${b.line}: ${b.message}\n`);
  process.stdout.write(o.json ? `${JSON.stringify(out, null, 2)}\n` : `${formatRescore(out, scoring)}\n`);
  if (out.bad.length > 0) process.exitCode = 1;
}
