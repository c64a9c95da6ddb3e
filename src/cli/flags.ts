/** Commander argument parsers shared by the commands: each names its flag in the usage error. */
import { UsageError } from '../core/errors.js';

/** An integer ≥ min. */
export const intFlag =
  (name: string, min = 0) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} expects an integer ≥ ${min}, got '${v}'`);
    return n;
  };

/** A non-negative number (or integer). */
export const nonNegativeFlag =
  (name: string, integer: boolean) =>
  (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
      throw new UsageError(`${name} expects a non-negative ${integer ? 'integer' : 'number'}, got '${v}'`);
    return n;
  };
