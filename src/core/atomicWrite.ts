import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Temp file + rename: a crash never leaves a half-written file. The temp name carries the pid. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export const writeTextAtomic = (path: string, text: string): void => writeFileAtomic(path, text);

/** Pretty JSON with a trailing newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Remove temp files a killed writer left behind (`<name>.<pid>.tmp`). */
export function cleanStaleTemps(dir: string): void {
  for (const f of readdirSync(dir)) if (/\.\d+\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
}
