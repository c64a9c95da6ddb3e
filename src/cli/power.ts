import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { minDetectableDifference, pairedSampleSize, sdDiffFromAccuracy } from '../metrics/power.js';
import { diffRuns } from '../report/diff.js';
import { loadRun } from '../report/runData.js';

const num = (name: string, lo: number, hi: number) => (v: string) => {
  const n = Number(v);
  if (!(n > lo && n < hi)) throw new UsageError(`${name} expects a number in (${lo}, ${hi}), got '${v}'`);
  return n;
};

interface PowerFlags {
  delta: number;
  power: number;
  alpha: number;
  correlation: number;
  json?: boolean;
}

export function registerPower(program: Command): void {
  program
    .command('power')
    .description(
      'Questions needed to detect a difference between two models at a given power, from runs’ own per-question ' +
        'variance (paired), and the smallest difference a finished run could detect.',
    )
    .argument('<runA>', 'a finished run (alone: its accuracy and an assumed --correlation give the variance)')
    .argument('[runB]', 'a second run on the same questions: the measured paired variance is used')
    .option('--delta <d>', 'difference to detect, as a share (0.03 = 3 points)', num('--delta', 0, 1), 0.03)
    .option('--power <p>', 'power', num('--power', 0, 1), 0.8)
    .option('--alpha <a>', 'two-sided level', num('--alpha', 0, 1), 0.05)
    .option(
      '--correlation <r>',
      'one run: assumed correlation of two models’ verdicts',
      num('--correlation', -1, 1),
      0.5,
    )
    .option('--json', 'print as JSON')
    .action((a: string, b: string | undefined, o: PowerFlags) => {
      const opts = { alpha: o.alpha, power: o.power };
      let n: number;
      let sd: number;
      let source: string;
      if (b) {
        const d = diffRuns(a, b);
        n = d.paired.n;
        if (n < 2) throw new UsageError('the runs share fewer than 2 answered questions');
        // Verdicts are 0/1: B − A is ±1 on discordant questions, 0 elsewhere.
        const m = d.paired.diff ?? 0;
        const disc = (d.mcnemar.a_only + d.mcnemar.b_only) / n;
        sd = Math.sqrt(Math.max(0, (disc - m * m) * (n / (n - 1))));
        source = `paired, measured on ${n} shared questions (${d.primary.join(', ')})`;
      } else {
        const run = loadRun(a);
        const r = run.kind === 'task' ? run.task.summary(run.results) : null;
        if (!r || r.accuracy === null) throw new UsageError(`${a}: no accuracy to work from (give a second run)`);
        // A `--samples N` run answered each question N times: n counts questions, not answers.
        n = r.stability?.questions ?? r.n;
        sd = sdDiffFromAccuracy(r.accuracy, o.correlation);
        source =
          `from accuracy ${(r.accuracy * 100).toFixed(1)}% and assumed correlation ${o.correlation}` +
          `${r.stability ? `; ${r.stability.samples} samples per question, n counts questions` : ''}`;
      }
      const out = {
        sd_diff: sd,
        source,
        n,
        delta: o.delta,
        power: o.power,
        alpha: o.alpha,
        questions_needed: sd > 0 ? pairedSampleSize(sd, o.delta, opts) : null,
        min_detectable: minDetectableDifference(sd, n, opts),
      };
      if (o.json) return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      if (out.questions_needed === null) {
        process.stdout.write(
          `per-question SD of B − A is 0 (${source}): no question was right in one run only, so the variance ` +
            'cannot be measured; use more questions, or one run with --correlation\n',
        );
        return;
      }
      process.stdout.write(
        `per-question SD of B − A: ${sd.toFixed(3)} (${source})\n` +
          `to detect ${(o.delta * 100).toFixed(1)} points with power ${o.power} at α=${o.alpha}: ` +
          `${out.questions_needed} questions\n` +
          `with ${n} questions the smallest detectable difference is ${(out.min_detectable * 100).toFixed(1)} points\n`,
      );
    });
}
