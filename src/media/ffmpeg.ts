import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MediaError } from '../core/errors.js';
import { spawnCollect } from './spawner.js';

/** Where the ffmpeg/ffprobe binaries came from, reported by `vreason doctor`. */
export interface FfmpegInfo {
  ffmpeg: string;
  ffprobe: string | null;
  source: 'env' | 'system' | 'bundled';
  version: string;
}

let cached: FfmpegInfo | undefined;

/**
 * Find ffmpeg: `VREASON_FFMPEG` (and `VREASON_FFPROBE`) when set; else a system ffmpeg on PATH when
 * it is at least as new as the bundled one (@ffmpeg-installer ships a 2018 static build); else the bundled.
 */
export function locateFfmpeg(): FfmpegInfo {
  if (cached) return cached;
  const env = process.env.VREASON_FFMPEG;
  if (env) {
    cached = {
      ffmpeg: env,
      ffprobe: process.env.VREASON_FFPROBE ?? siblingProbe(env),
      source: 'env',
      version: versionOf(env) ?? 'unknown',
    };
    return cached;
  }
  const bundled = bundledPaths();
  const sys = systemPath('ffmpeg');
  const sysVersion = sys ? versionOf(sys) : null;
  const bundledVersion = bundled.ffmpeg ? versionOf(bundled.ffmpeg) : null;
  if (sys && sysVersion && (!bundledVersion || compareVersions(sysVersion, bundledVersion) >= 0)) {
    cached = { ffmpeg: sys, ffprobe: systemPath('ffprobe') ?? bundled.ffprobe, source: 'system', version: sysVersion };
  } else if (bundled.ffmpeg && bundledVersion) {
    cached = {
      ffmpeg: bundled.ffmpeg,
      ffprobe: bundled.ffprobe ?? systemPath('ffprobe'),
      source: 'bundled',
      version: bundledVersion,
    };
  } else {
    throw new MediaError(
      'ffmpeg',
      'ffmpeg',
      'no usable ffmpeg found: set VREASON_FFMPEG or reinstall @ffmpeg-installer/ffmpeg',
    );
  }
  return cached;
}

function bundledPaths(): { ffmpeg: string | null; ffprobe: string | null } {
  const require = createRequire(import.meta.url);
  const get = (pkg: string): string | null => {
    try {
      const p = (require(pkg) as { path: string }).path;
      return ensureExecutable(p) ? p : null;
    } catch {
      return null;
    }
  };
  return { ffmpeg: get('@ffmpeg-installer/ffmpeg'), ffprobe: get('@ffprobe-installer/ffprobe') };
}

/** npm may skip the installers' `chmod u+x` postinstall; set the bit ourselves when we own the file. */
function ensureExecutable(p: string): boolean {
  if (!existsSync(p)) return false;
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    try {
      chmodSync(p, 0o755);
      return true;
    } catch {
      return false;
    }
  }
}

function systemPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const p = `${dir}/${name}`;
    try {
      accessSync(p, constants.X_OK);
      if (!p.includes('node_modules')) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function siblingProbe(ffmpegPath: string): string | null {
  const p = ffmpegPath.replace(/ffmpeg(\.exe)?$/, 'ffprobe$1');
  return p !== ffmpegPath && existsSync(p) ? p : null;
}

function versionOf(bin: string): string | null {
  try {
    const out = execFileSync(bin, ['-version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    const m = /version\s+(\S+)/.exec(out);
    return m?.[1] ?? 'unknown';
  } catch {
    return null;
  }
}

/**
 * Orders "6.1.1" style versions; git builds ("N-47683-g…") sort by their build number below any
 * release ≥ 5, which is what the bundled 2018 build is.
 */
export function compareVersions(a: string, b: string): number {
  const key = (v: string): number[] => {
    const git = /^N-(\d+)/.exec(v);
    if (git) return [4, 0, Number(git[1]) / 1e6];
    return (v.match(/\d+/g) ?? ['0']).slice(0, 3).map(Number);
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < 3; i++) {
    const d = (ka[i] ?? 0) - (kb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/** Run a binary to completion, collecting stdout as bytes; rejects only when it cannot start. */
export async function runBinary(
  bin: string,
  args: string[],
  opts: { input?: Uint8Array; timeoutMs?: number } = {},
): Promise<RunResult> {
  const r = await spawnCollect({ bin, args, pipes: 0, ...opts });
  return { stdout: r.outputs[0]!, stderr: r.stderr, code: r.code };
}

export interface PipesResult {
  /** Bytes written to fd 3, 4, …, one buffer per extra pipe. */
  outputs: Buffer[];
  stderr: string;
  code: number | null;
}

/**
 * Run a binary that writes several outputs, each to its own pipe (fd 3 onward, ffmpeg's `pipe:3`);
 * stdout is ignored. Rejects only when it cannot start.
 */
export function runBinaryPipes(
  bin: string,
  args: string[],
  pipes: number,
  opts: { timeoutMs?: number } = {},
): Promise<PipesResult> {
  return spawnCollect({ bin, args, pipes, ...opts });
}
