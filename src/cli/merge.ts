import type { Command } from 'commander';
import { mergeRuns } from '../eval/merge.js';
import { taskFromConfig } from '../tasks/registry.js';

export function registerMerge(program: Command): void {
  program
    .command('merge <runs...>')
    .description('Combine the run directories of `vreason eval --shard i/n` into one run with exact results.')
    .requiredOption('--output <dir>', 'merged run directory')
    .addHelpText(
      'after',
      `
Shards must share every setting but --shard (a --samples N run's samples of one question stay in
one shard); the merged results are what one unsharded run would report, stability included.

Example:
  vreason eval ... --samples 3 --temperature 0.7 --shard 0/2 --output runs/s0   # and 1/2 → runs/s1
  vreason merge --output runs/all runs/s0 runs/s1`,
    )
    .action(async (runs: string[], o: { output: string }) => {
      const r = await mergeRuns(runs, o.output);
      const headline = taskFromConfig(r.manifest).summary(r).score;
      process.stdout.write(
        `merged ${runs.length} shard(s): ${r.counts.answered} answers, score ` +
          `${headline === null ? '–' : (headline * 100).toFixed(1) + '%'}\nresults: ${o.output}/results.json\n`,
      );
    });
}
