import type { Command } from 'commander';
import { intFlag } from './flags.js';
import { diffRuns, formatDiff, formatRobustness, robustnessTable } from '../report/diff.js';

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description(
      'Why two runs differ: manifest fields that differ (parser, prompt hash, frames, sampling, dataset, endpoint), ' +
        'questions whose verdict changed with both answers, and the paired difference B − A with CI and McNemar p.',
    )
    .argument('<runA>', 'run folder A (the reference)')
    .argument('<runB...>', 'run folder B; several: one robustness table, each against A (the standard run)')
    .option('--limit <n>', 'changed questions to list', intFlag('--limit', 0), 50)
    .option('--seed <n>', 'bootstrap seed', intFlag('--seed'), 0)
    .option('--json', 'print the whole diff as JSON (every changed question)')
    .addHelpText(
      'after',
      `
Examples:
  vreason diff runs/qwen7b-release runs/qwen7b                 # same answers, two parsers
  vreason diff runs/qwen7b runs/qwen7b-32frames --limit 10
  vreason diff runs/std runs/gt-none runs/numbers runs/shuffled runs/no-visual   # robustness table`,
    )
    .action((a: string, bs: string[], o: { limit: number; seed: number; json?: boolean }) => {
      if (bs.length > 1) {
        const rows = robustnessTable(a, bs, { seed: o.seed });
        process.stdout.write(o.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatRobustness(rows)}\n`);
        return;
      }
      const d = diffRuns(a, bs[0] as string, { seed: o.seed });
      process.stdout.write(o.json ? `${JSON.stringify(d, null, 2)}\n` : `${formatDiff(d, o.limit)}\n`);
    });
}
