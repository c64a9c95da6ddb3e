import type { Command } from 'commander';
import { loadVideoMMMU } from '../data/videommmu.js';
import { formatSummary, summarize } from '../data/summary.js';
import { registerSynth } from './synth.js';

export function registerData(program: Command): void {
  const data = program.command('data').description('Inspect, check and generate datasets.');
  registerSynth(data);
  data
    .command('validate <dir>')
    .description('Validate a Video-MMMU dataset: every row against the schema, every video on disk; prints counts per track/discipline/type.')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string, o: { json?: boolean }) => {
      const s = summarize(await loadVideoMMMU(dir));
      process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatSummary(s)}\n`);
      const bad = s.invalid_rows.length + s.missing_videos.length + s.empty_videos.length;
      if (bad > 0 || s.items === 0) process.exitCode = 1;
    });
}
