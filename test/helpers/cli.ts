/** Run the vreason CLI as a child process, for tests that must kill it mid-run. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;

export interface CliExit {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** `vreason <args…>`; SIGKILLed after `killAfterMs` when given. Async, so servers in this process keep running. */
export function runCli(args: readonly string[], killAfterMs?: number): Promise<CliExit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * `node <args…>` (args start with the CLI path); SIGKILLed as soon as `store` holds
 * `killAfterRecords` lines, when given: a kill at a known point of a run's progress.
 */
export function runKilledAfterRecords(
  args: readonly string[],
  store: string,
  killAfterRecords?: number,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    let timer: NodeJS.Timeout | undefined;
    if (killAfterRecords !== undefined) {
      timer = setInterval(() => {
        const n = existsSync(store) ? readFileSync(store, 'utf8').split('\n').length - 1 : 0;
        if (n >= killAfterRecords) child.kill('SIGKILL');
      }, 5);
    }
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stderr });
    });
  });
}
