import type { Command } from 'commander';
import { formatSummary, summarize } from '../tasks/videommmu/summary.js';
import { loadVideoMMMU } from '../tasks/videommmu/data.js';
import { formatVideoR1Summary, summarizeVideoR1, videoR1Files } from '../tasks/videor1/summary.js';
import { registerSynth } from './synth.js';

export function registerData(program: Command): void {
  const data = program.command('data').description('Inspect, check and generate datasets.');
  registerSynth(data);
  data
    .command('validate <path>')
    .description(
      'Validate a dataset: a Video-MMMU root (every row against the schema, every video on disk; counts per track/discipline/type) or Video-R1 records (a .json/.jsonl file, or a folder of eval_*.json).',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (path: string, o: { json?: boolean }) => {
      const r1 = videoR1Files(path);
      let bad: number;
      let text: string;
      let json: unknown;
      if (r1.length) {
        const sums = await Promise.all(r1.map(summarizeVideoR1));
        bad = sums.reduce((n, s) => n + s.invalid_rows.length + s.missing_media.length + (s.items === 0 ? 1 : 0), 0);
        [text, json] = [sums.map(formatVideoR1Summary).join('\n'), sums];
      } else {
        const s = summarize(await loadVideoMMMU(path));
        bad = s.invalid_rows.length + s.missing_videos.length + s.empty_videos.length + (s.items === 0 ? 1 : 0);
        [text, json] = [formatSummary(s), s];
      }
      process.stdout.write(o.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
      if (bad > 0) process.exitCode = 1;
    });
}
