import { Option, type Command } from 'commander';
import { SCORE_MODES, describeBad, formatSummary, scoreFile, type ScoreMode } from '../rewards/scoreFile.js';

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('Score model outputs offline with the Video-R1 rewards: per-problem-type accuracy and format rate.')
    .requiredOption(
      '--input <file>',
      'JSONL (or JSON array, or eval_bench {"results": [...]}) of records with problem_type, solution and output|response|completion',
    )
    .option('--output <file>', 'write the scored records as JSONL (each with a "scored" field)')
    .addOption(
      new Option(
        '--mode <mode>',
        'eval: eval_bench.py reward_fn (regression by mean relative accuracy, OCR/free-form 0); train: grpo.py accuracy_reward',
      )
        .choices(SCORE_MODES as ScoreMode[])
        .default('eval'),
    )
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
Examples:
  vreason score --input eval_vsibench_output.json          # Video-R1 eval_bench output
  vreason score --input rollouts.jsonl --mode train --output scored.jsonl --json

Bad records are reported on stderr with their line and field and skipped; the exit code is then 1.`,
    )
    .action(async (o: { input: string; output?: string; mode: ScoreMode; json?: boolean }) => {
      const summary = await scoreFile(o.input, { mode: o.mode, output: o.output });
      for (const b of summary.bad) process.stderr.write(`${describeBad(o.input, b)}\n`);
      process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`);
      if (summary.bad.length > 0) process.exitCode = 1;
    });
}
