/**
 * Start a binary and collect what it writes: stdout, or (with `pipes` n > 0) the bytes of its
 * extra pipes fd 3…3+n−1 (ffmpeg's `pipe:3`), plus the first 64 kB of stderr. Rejects only when
 * it cannot start. Runs in this process or in the spawner (src/media/spawner.ts).
 */
import { spawn } from 'node:child_process';

export interface RunRequest {
  bin: string;
  args: string[];
  input?: Uint8Array;
  /** 0: collect stdout; n > 0: stdout ignored, collect fds 3..3+n−1. */
  pipes: number;
  timeoutMs?: number;
}

export interface RunCollected {
  code: number | null;
  stderr: string;
  /** stdout (pipes 0), or one buffer per extra pipe. */
  outputs: Buffer[];
}

export function runCollect(r: RunRequest): Promise<RunCollected> {
  return new Promise((resolve, reject) => {
    const stdio: ('ignore' | 'pipe')[] = [r.input ? 'pipe' : 'ignore', r.pipes ? 'ignore' : 'pipe', 'pipe'];
    for (let i = 0; i < r.pipes; i++) stdio.push('pipe');
    const child = spawn(r.bin, r.args, { stdio });
    const out: Buffer[][] = Array.from({ length: Math.max(1, r.pipes) }, () => []);
    const streams = r.pipes ? Array.from({ length: r.pipes }, (_, i) => child.stdio[3 + i]) : [child.stdout];
    streams.forEach((s, i) => (s as NodeJS.ReadableStream | null)?.on('data', (d: Buffer) => out[i]!.push(d)));
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (err.length < 64_000) err += d.toString();
    });
    const timer = r.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), r.timeoutMs) : null;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stderr: err, outputs: out.map((c) => Buffer.concat(c)) });
    });
    if (r.input && child.stdin) {
      child.stdin.on('error', () => {}); // the binary may exit before reading all its input
      child.stdin.end(r.input);
    }
  });
}
