/**
 * What every trainer's run directory shares (`vreason train sft`, `vreason train grpo`):
 *   <name>_config.json  the options and their fingerprint (a resumed run must use the same ones)
 *   train.jsonl         one JSON line per step (and per evaluation), read by src/report/trainLog.ts
 *   checkpoint/         the latest weights + AdamW state + step, replaced atomically
 * and the deterministic order in which a run visits its examples, so that which examples form step
 * s is a pure function of (seed, s) and a resumed run takes exactly the steps an uninterrupted one
 * would have taken.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { hashObject } from '../core/hash.js';
import { loadCheckpoint, saveCheckpoint } from '../nn/checkpoint.js';
import type { VideoLM } from '../nn/model.js';
import { AdamW, type AdamWOptions } from '../nn/optim.js';
import { Rng } from '../nn/random.js';
import type { Tokenizer } from '../nn/tokenizer.js';

/** The example indices of step `step` (1-based): consecutive slices of per-epoch seeded permutations. */
export function batchIndices(step: number, batchSize: number, n: number, seed: number): number[] {
  const out: number[] = [];
  let perm: number[] = [];
  let permEpoch = -1;
  for (let p = (step - 1) * batchSize; p < step * batchSize; p++) {
    const epoch = Math.floor(p / n);
    if (epoch !== permEpoch) {
      const rng = new Rng(seed * 7919 + epoch);
      perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      permEpoch = epoch;
    }
    out.push(perm[p % n]!);
  }
  return out;
}

/**
 * Record a run's options in `<out>/<file>`, refusing when the directory already holds a checkpoint
 * of a run with other options. `options` are those that change the result (no output path, no
 * stop-after, no logger); `extra` is written beside them but not compared.
 */
export function claimRunDir(out: string, file: string, options: object, extra: object = {}): void {
  const cfgPath = join(out, file);
  const fp = hashObject(options, 16);
  if (existingCheckpoint(out) && existsSync(cfgPath)) {
    const saved = JSON.parse(readFileSync(cfgPath, 'utf8')) as { fingerprint: string };
    if (saved.fingerprint !== fp)
      throw new UsageError(
        `${out} holds a run with other options (see ${file}); use another --out or the same options to resume`,
      );
  }
  writeFileSync(cfgPath, `${JSON.stringify({ fingerprint: fp, ...options, ...extra }, null, 2)}\n`);
}

/** Replace `<out>/checkpoint` atomically: write beside it, then swap with two renames. */
export function saveAtomic(
  out: string,
  model: VideoLM,
  tok: Tokenizer,
  optimizer: AdamW,
  step: number,
  seed: number,
): string {
  const dir = join(out, 'checkpoint');
  const tmp = join(out, `checkpoint.tmp-${process.pid}`);
  const old = join(out, 'checkpoint.old');
  rmSync(tmp, { recursive: true, force: true });
  saveCheckpoint(tmp, model, tok, { optimizer, step, rngState: seed });
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return dir;
}

/** The newest complete checkpoint: a crash between the two renames leaves only checkpoint.old. */
export function existingCheckpoint(out: string): string | null {
  for (const d of ['checkpoint', 'checkpoint.old'])
    if (existsSync(join(out, d, 'train_state.safetensors'))) return join(out, d);
  return null;
}

export interface RunStart {
  model: VideoLM;
  tokenizer: Tokenizer;
  optimizer: AdamW;
  /** The last step already taken (0 for a fresh run). */
  step: number;
  /** `<out>/train.jsonl`, cut back to that step. */
  logPath: string;
}

/**
 * Where a run starts: its newest checkpoint when it has one (weights, tokenizer, AdamW state and
 * step), else the model `fresh()` gives with a new optimizer. The log loses the lines of steps
 * after the checkpoint, which the resumed run takes again.
 */
export async function startRun(
  out: string,
  fresh: () => Promise<{ model: VideoLM; tokenizer: Tokenizer }> | { model: VideoLM; tokenizer: Tokenizer },
  adamw: AdamWOptions,
  log: (line: string) => void,
): Promise<RunStart> {
  const ckpt = existingCheckpoint(out);
  let start: Omit<RunStart, 'optimizer' | 'logPath'>;
  let optimizer: AdamW;
  if (ckpt) {
    const loaded = loadCheckpoint(ckpt);
    optimizer = new AdamW(loaded.model.parameters(), adamw);
    if (loaded.train) optimizer.load(loaded.train.optimizer);
    start = { model: loaded.model, tokenizer: loaded.tokenizer, step: loaded.train?.step ?? 0 };
    log(`resuming from ${ckpt} at step ${start.step}`);
  } else {
    const f = await fresh();
    start = { ...f, step: 0 };
    optimizer = new AdamW(f.model.parameters(), adamw);
  }
  const logPath = join(out, 'train.jsonl');
  truncateLog(logPath, start.step);
  return { ...start, optimizer, logPath };
}

/** Keep the log lines of steps ≤ `step`: a resumed run rewrites what came after its checkpoint. */
export function truncateLog(path: string, step: number): void {
  if (!existsSync(path)) return;
  const keep = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => {
      try {
        return l.trim() && (JSON.parse(l) as { step: number }).step <= step;
      } catch {
        return false; // a line torn by a kill mid-write
      }
    });
  writeFileSync(path, keep.map((l) => `${l}\n`).join(''));
}

/** Six significant digits: enough for a training curve, short enough to read. */
export const round6 = (x: number): number => Number(x.toPrecision(6));

/** Every numeric field of `r` to six significant digits (other values kept). */
export function roundFields<T extends object>(r: T): T {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round6(v) : v])) as T;
}
