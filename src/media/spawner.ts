/**
 * Starting a binary from a large process is slow: Node (libuv) forks, and forking copies the
 * parent's page tables. Measured 2026-12-03: 2.5 ms a spawn from a 45 MB process, 78 ms (33 ms of
 * CPU) from a 2 GB one, 6.7 ms from 112 MB (3.1 ms through the spawner, 0.35 ms of this process's
 * CPU), and a `vreason demo` spent a quarter of its main-thread time in spawn
 * (serve, the frame cache and a model in one process). So ffmpeg runs are handed to a spawner: one
 * small Node child, forked once, that starts the binaries and sends back their output over IPC.
 *
 * Used by src/media/ffmpeg.ts (runBinary, runBinaryPipes) once this process is larger than
 * `SPAWNER_MIN_RSS`; below that, or with VREASON_SPAWNER=0, binaries start directly. When the
 * spawner cannot start or dies, runs fall back to starting directly, so it is never a new way to fail.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCollect, type RunCollected, type RunRequest } from './runCollect.js';
import type { SpawnReply, SpawnRequest } from './spawnerChild.js';

/** Resident size above which binaries start through the spawner (bytes). */
export const SPAWNER_MIN_RSS = 96 * 2 ** 20;

type Pending = { resolve: (r: RunCollected) => void; reject: (e: Error) => void; req: RunRequest };

let child: ChildProcess | null = null;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Whether runs go through the spawner now: VREASON_SPAWNER=0|1 decides, else this process's size. */
export function useSpawner(): boolean {
  if (broken || process.env.VREASON_SPAWNER === '0') return false;
  if (process.env.VREASON_SPAWNER === '1') return true;
  return process.memoryUsage.rss() > SPAWNER_MIN_RSS;
}

function start(): ChildProcess | null {
  if (child) return child;
  try {
    const c = fork(fileURLToPath(new URL('./spawnerChild.js', import.meta.url)), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: [],
    });
    c.on('message', (m: SpawnReply) => settle(m));
    c.on('exit', () => {
      child = null;
      broken = true;
      // Whatever was in flight runs again from this process.
      for (const [id, p] of pending) {
        pending.delete(id);
        runCollect(p.req).then(p.resolve, p.reject);
      }
    });
    c.on('error', () => {});
    c.unref();
    c.channel?.unref();
    child = c;
    return c;
  } catch {
    broken = true;
    return null;
  }
}

function settle(m: SpawnReply): void {
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  if (!pending.size) hold(false);
  if ('error' in m) {
    const e = new Error(m.error.message) as NodeJS.ErrnoException;
    if (m.error.code) e.code = m.error.code;
    p.reject(e);
  } else {
    const outputs = m.outputs.map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength));
    p.resolve({ code: m.code, stderr: m.stderr, outputs });
  }
}

/** An idle spawner must not keep this process alive; one with runs in flight must (its exit included). */
function hold(busy: boolean): void {
  if (busy) {
    child?.ref();
    child?.channel?.ref();
  } else {
    child?.unref();
    child?.channel?.unref();
  }
}

/** Run a binary to completion (runCollect), through the spawner when `useSpawner()`. */
export function spawnCollect(req: RunRequest): Promise<RunCollected> {
  const c = useSpawner() ? start() : null;
  if (!c) return runCollect(req);
  const full: SpawnRequest = { ...req, id: nextId++ };
  return new Promise((resolve, reject) => {
    pending.set(full.id, { resolve, reject, req });
    hold(true);
    c.send(full, (e) => {
      if (!e || !pending.delete(full.id)) return;
      runCollect(req).then(resolve, reject);
    });
  });
}

/** The spawner's process id, or null when none runs (for tests). */
export function spawnerPid(): number | null {
  return child?.pid ?? null;
}
