import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeReport } from '../report/build.js';

export function registerReport(program: Command): void {
  program
    .command('report <runs...>')
    .description(
      'One self-contained HTML report (and the Markdown tables) for one or more run directories; several ' +
        'runs are compared.',
    )
    .option(
      '--output <file>',
      'HTML file to write (default: <run>/report.html for one run, report.html for several); the Markdown goes ' +
        'beside it as .md',
    )
    .option('--no-thumbnails', 'do not regenerate frame thumbnails from the videos')
    .option('--thumb-width <px>', 'thumbnail width in pixels', '96')
    .option('--data <dir>', 'where the dataset is now, if it moved since the run (thumbnails are looked up there)')
    .addHelpText(
      'after',
      `
Examples:
  vreason report runs/qwen7b                       # → runs/qwen7b/report.html and report.md
  vreason report runs/qwen7b runs/qwen72b --output compare.html
  vreason report runs/r1-suite --no-thumbnails`,
    )
    .action(async (runs: string[], o: { output?: string; thumbnails: boolean; thumbWidth: string; data?: string }) => {
      const width = Number(o.thumbWidth);
      if (!Number.isInteger(width) || width < 8 || width > 640)
        throw new UsageError(`--thumb-width expects an integer 8–640, got '${o.thumbWidth}'`);
      const output = o.output ?? (runs.length === 1 ? join(runs[0] as string, 'report.html') : 'report.html');
      const r = await writeReport(runs, output, {
        thumbnails: o.thumbnails,
        thumbWidth: width,
        dataRoot: o.data ? resolve(o.data) : undefined,
      });
      process.stdout.write(`report: ${r.htmlPath}\nmarkdown: ${r.markdownPath}\n`);
    });
}
