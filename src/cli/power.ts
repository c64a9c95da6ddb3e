import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { runPower, type PowerFlags } from '../report/power.js';

const num = (name: string, lo: number, hi: number) => (v: string) => {
  const n = Number(v);
  if (!(n > lo && n < hi)) throw new UsageError(`${name} expects a number in (${lo}, ${hi}), got '${v}'`);
  return n;
};

export function registerPower(program: Command): void {
  program
    .command('power')
    .description(
      'Questions needed to detect a difference between two models at a given power, from runs’ own per-question ' +
        'variance (paired, by question; --samples averaged per question), and the smallest difference a finished ' +
        'run could detect.',
    )
    .argument('<runA>', 'a finished run (alone: the variance of its per-question scores and an assumed --correlation)')
    .argument('[runB]', 'a second run on the same questions: the measured paired variance is used')
    .option('--delta <d>', 'difference to detect, as a share (0.03 = 3 points)', num('--delta', 0, 1), 0.03)
    .option('--power <p>', 'power', num('--power', 0, 1), 0.8)
    .option('--alpha <a>', 'two-sided level', num('--alpha', 0, 1), 0.05)
    .option(
      '--correlation <r>',
      'one run: assumed correlation of two models’ per-question scores',
      num('--correlation', -1, 1),
      0.5,
    )
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
The unit is the question. A run made with --samples N counts each question once, as the mean
score of its N samples; two runs pair by question (runs with different N pair too). n, the
questions needed and the smallest detectable difference are all in questions. Where questions
share a video (Video-MMMU's three tracks), the paired result also gives the design effect of
clustering by video and the numbers inflated by it.

Examples:
  vreason power runs/qwen7b runs/qwen7b-32frames            # measured paired variance
  vreason power runs/qwen7b --delta 0.02 --correlation 0.6  # one run, assumed correlation
  vreason power runs/sampled-a runs/sampled-b --json        # --samples runs: n counts questions`,
    )
    .action((a: string, b: string | undefined, o: PowerFlags & { json?: boolean }) => {
      const out = runPower(a, b, o);
      if (o.json) return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      if (out.questions_needed === null) {
        process.stdout.write(
          `per-question SD of B − A is 0 (${out.source}): no question scored differently in the two runs, so the ` +
            'variance cannot be measured; use more questions, or one run with --correlation\n',
        );
        return;
      }
      const v = out.by_video;
      process.stdout.write(
        `per-question SD of B − A: ${out.sd_diff.toFixed(3)} (${out.source})\n` +
          `to detect ${(o.delta * 100).toFixed(1)} points with power ${o.power} at α=${o.alpha}: ` +
          `${out.questions_needed} questions\n` +
          `with ${out.n} questions the smallest detectable difference is ` +
          `${(out.min_detectable * 100).toFixed(1)} points\n` +
          (v
            ? `questions of one video together (${v.clusters} videos, design effect ${v.design_effect.toFixed(2)}): ` +
              `${v.questions_needed} questions; smallest detectable ${(v.min_detectable * 100).toFixed(1)} points\n`
            : ''),
      );
    });
}
