import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { startDashboard } from '../report/dashboard.js';

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description(
      'Local web server: the runs under a folder with live progress, and the report of any run or runs compared.',
    )
    .option('--runs <dir>', 'folder holding run directories', 'runs')
    .option('--port <n>', 'port (0 picks a free one)', '8765')
    .option('--host <addr>', 'address to listen on; keep the loopback default unless you mean to share it', '127.0.0.1')
    .option('--no-thumbnails', 'do not regenerate frame thumbnails in report pages')
    .option(
      '--api-key <key>',
      'require a key (default: $VREASON_DASHBOARD_API_KEY): open /?key=<key> once in the browser, or send ' +
        'Authorization: Bearer <key>',
    )
    .action(async (o: { runs: string; port: string; host: string; thumbnails: boolean; apiKey?: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port expects 0–65535, got '${o.port}'`);
      const apiKey = o.apiKey ?? (process.env.VREASON_DASHBOARD_API_KEY || undefined);
      if (apiKey === '') throw new UsageError('--api-key must not be empty');
      const d = await startDashboard({ runsDir: o.runs, port, host: o.host, thumbnails: o.thumbnails, apiKey });
      process.stdout.write(`dashboard: ${d.url}/ (runs under ${o.runs}); Ctrl-C stops it\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void d.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write('dashboard stopped\n');
    });
}
