import type { Command } from 'commander';
import { mergeRuns } from '../eval/merge.js';
import { taskFromConfig } from '../tasks/registry.js';

export function registerMerge(program: Command): void {
  program
    .command('merge <runs...>')
    .description('Combine the run directories of `vreason eval --shard i/n` into one run with exact results.')
    .requiredOption('--output <dir>', 'merged run directory')
    .action(async (runs: string[], o: { output: string }) => {
      const r = await mergeRuns(runs, o.output);
      const headline = taskFromConfig(r.manifest).summary(r).score;
      process.stdout.write(
        `merged ${runs.length} shard(s): ${r.counts.answered} answers, score ` +
          `${headline === null ? '–' : (headline * 100).toFixed(1) + '%'}\nresults: ${o.output}/results.json\n`,
      );
    });
}
