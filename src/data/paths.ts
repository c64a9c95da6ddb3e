import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { DataError } from '../core/errors.js';

/**
 * Resolve a media path from a dataset record against the dataset root, refusing anything that
 * lands outside it — `../`, absolute paths, and symlinks that point out — unless `allowOutside`.
 * Symlinks are judged by where they lead, so a link inside the root to /etc/passwd is refused.
 */
export function resolveInside(
  root: string,
  p: string,
  where: { file: string; row: number; field: string },
  allowOutside = false,
): string {
  const abs = isAbsolute(p) ? p : resolve(root, p);
  if (allowOutside) return abs;
  const realRoot = existsSync(root) ? realpathSync(root) : root;
  const target = existsSync(abs) ? realpathSync(abs) : abs;
  for (const [base, path] of [
    [root, abs],
    [realRoot, target],
  ] as const) {
    const rel = relative(base, path);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new DataError(
        where.file,
        where.row,
        where.field,
        `'${p}' leaves the dataset folder ${root}${path !== abs ? ` (a link to ${path})` : ''}; pass ` +
          `--allow-outside-paths to permit`,
      );
    }
  }
  return abs;
}
