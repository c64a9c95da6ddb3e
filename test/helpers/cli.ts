/** Run the vreason CLI as a child process, for tests that must kill it mid-run. */
import { spawn } from 'node:child_process';

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
