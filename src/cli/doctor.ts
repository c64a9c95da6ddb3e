import type { Command } from 'commander';
import { engineInfo } from '../nn/engine.js';
import { locateFfmpeg } from '../media/ffmpeg.js';
import { errorMessage } from '../core/errors.js';

interface Report {
  node: string;
  platform: string;
  ffmpeg: { path: string; ffprobe: string | null; source: string; version: string } | { error: string };
  engine: { backend: string; reason: string; threads: number; addon: string } | { error: string };
}

function collect(): Report {
  let ffmpeg: Report['ffmpeg'];
  try {
    const f = locateFfmpeg();
    ffmpeg = { path: f.ffmpeg, ffprobe: f.ffprobe, source: f.source, version: f.version };
  } catch (e) {
    ffmpeg = { error: errorMessage(e) };
  }
  let engine: Report['engine'];
  try {
    engine = engineInfo();
  } catch (e) {
    engine = { error: errorMessage(e) };
  }
  return { node: process.version, platform: `${process.platform}-${process.arch}`, ffmpeg, engine };
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Report the environment: Node, ffmpeg, and which tensor engine backend is in use and why.')
    .option('--json', 'print the report as JSON')
    .action((o: { json?: boolean }) => {
      const r = collect();
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      } else {
        const f = r.ffmpeg;
        const e = r.engine;
        const lines = [
          `node      ${r.node} (${r.platform})`,
          'error' in f ? `ffmpeg    not usable: ${f.error}` : `ffmpeg    ${f.version} (${f.source}) ${f.path}${f.ffprobe ? '' : ' — no ffprobe'}`,
          'error' in e ? `engine    not usable: ${e.error}` : `engine    ${e.backend} — ${e.reason}`,
          'error' in e ? '' : `threads   ${e.threads}${e.backend === 'native' ? ' (VREASON_THREADS to change)' : ' (the JS backend is single-threaded)'}`,
          'error' in e || e.backend === 'native' ? '' : 'hint      build the native kernels with `npm run build:native` (needs g++) for ~100× faster training',
        ];
        process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
      }
      if ('error' in r.ffmpeg || 'error' in r.engine) process.exitCode = 1;
    });
}
