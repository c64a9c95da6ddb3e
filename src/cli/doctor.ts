import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Command } from 'commander';
import { engineInfo, type EngineInfo } from '../nn/engine.js';
import { locateFfmpeg } from '../media/ffmpeg.js';
import { errorMessage } from '../core/errors.js';

interface Report {
  node: string;
  platform: string;
  ffmpeg: { path: string; ffprobe: string | null; source: string; version: string } | { error: string };
  cpu: { model: string; cores: number; simd: string[] };
  engine: EngineInfo | { error: string };
}

const SIMD = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512dq', 'avx512bw', 'avx512vl', 'asimd', 'neon'];

/** The SIMD features named in /proc/cpuinfo's flags (x86) or Features (arm64) line; [] elsewhere. */
export function simdFromCpuinfo(text: string): string[] {
  const line = text.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
  if (!line) return [];
  const have = new Set(line.split(':')[1]!.trim().split(/\s+/));
  return SIMD.filter((f) => have.has(f)).map((f) => (f === 'sse4_2' ? 'sse4.2' : f === 'asimd' ? 'neon' : f));
}

function cpuReport(e: Report['engine']): Report['cpu'] {
  const c = cpus();
  let simd: string[] = 'error' in e ? [] : (e.cpuFeatures ?? []);
  if (!simd.length) {
    try {
      simd = simdFromCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
    } catch {
      simd = [];
    }
  }
  return { model: c[0]?.model ?? 'unknown', cores: c.length, simd };
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
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    ffmpeg,
    cpu: cpuReport(engine),
    engine,
  };
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
          'error' in f
            ? `ffmpeg    not usable: ${f.error}`
            : `ffmpeg    ${f.version} (${f.source}) ${f.path}${f.ffprobe ? '' : ' — no ffprobe'}`,
          `cpu       ${r.cpu.model} × ${r.cpu.cores}; SIMD: ${r.cpu.simd.join(' ') || 'none reported'}`,
          'error' in e ? `engine    not usable: ${e.error}` : `engine    ${e.backend} — ${e.reason}`,
          'error' in e || !e.isa
            ? ''
            : `kernels   ${e.isa}, SGEMM tile ${e.tile}; built: ${e.isaCompiled!.join(', ')}; runnable here: ` +
              `${e.isaRunnable!.join(', ')} (VREASON_ISA to force one)`,
          'error' in e
            ? ''
            : `threads   ${e.threads}` +
              (e.backend === 'native'
                ? ` — ${e.threadsReason} (VREASON_THREADS to change), ` +
                  `OMP_WAIT_POLICY=${process.env.OMP_WAIT_POLICY ?? 'default'}`
                : ' (the JS backend is single-threaded)'),
          'error' in e || e.backend === 'native'
            ? ''
            : 'hint      build the native kernels with `npm run build:native` (needs g++) for ~100× faster training',
        ];
        process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
      }
      if ('error' in r.ffmpeg || 'error' in r.engine) process.exitCode = 1;
    });
}
