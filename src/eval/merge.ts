import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeJsonAtomic, writeTextAtomic } from '../core/atomicWrite.js';
import { efficiencyOf, readDispatchLog } from '../tasks/efficiency.js';
import type { RunAccount } from '../tasks/record.js';
import { taskFromConfig } from '../tasks/registry.js';
import { writeTaskResults } from './evaluate.js';
import { RunStore, readStoreFile } from './runStore.js';

/** Manifest fields that may differ between shards of one run (shards on other machines talk to other servers). */
const PER_SHARD = new Set(['shard', 'units', 'servers', 'dispatch']);

/** The model's name must agree between shards; its endpoint need not. */
const comparable = (k: string, v: unknown): unknown =>
  k === 'model' && v && typeof v === 'object' ? { name: (v as { name?: unknown }).name } : v;

/**
 * Combine shard run directories into one: records are unioned by key (an answer beats an error),
 * and results are recomputed from the union — equal to what one unsharded run would report.
 * Works on the folder of any task (a Video-MMMU run, one benchmark folder of the Video-R1 suite).
 */
export async function mergeRuns(
  shardDirs: readonly string[],
  outputDir: string,
  opts: { seed?: number } = {},
): Promise<RunAccount> {
  if (shardDirs.length === 0) throw new UsageError('merge needs at least one run directory');
  const configs = shardDirs.map((d) => readConfig(d));
  const ref = configs[0] as Record<string, unknown>;
  configs.forEach((c, i) => {
    for (const k of new Set([...Object.keys(ref), ...Object.keys(c)])) {
      if (PER_SHARD.has(k)) continue;
      if (JSON.stringify(comparable(k, c[k])) !== JSON.stringify(comparable(k, ref[k])))
        throw new UsageError(
          `${shardDirs[i]}: config field '${k}' differs from ${shardDirs[0]}; shards of one run must share ` +
            `everything but --shard`,
        );
    }
  });
  const shards = configs.map((c) => c.shard as { index: number; count: number } | null);
  const counts = new Set(shards.map((s) => s?.count ?? 1));
  const indexes = new Set(shards.map((s) => s?.index ?? 0));
  if (counts.size !== 1 || indexes.size !== shardDirs.length)
    throw new UsageError(
      `shards overlap or disagree on n: ${shards.map((s) => (s ? `${s.index}/${s.count}` : 'none')).join(', ')}`,
    );
  const expected = [...counts][0] ?? 1;
  const missing = expected - indexes.size;

  const out = resolve(outputDir);
  mkdirSync(out, { recursive: true });
  const store = await RunStore.open(join(out, 'records.jsonl'));
  try {
    for (const d of shardDirs)
      for (const r of readStoreFile(join(d, 'records.jsonl')))
        if (!store.hasAnswer(r.key) && store.get(r.key)?.time !== r.time) await store.append(r);
    const planned = configs.reduce((n, c) => n + Number(c.units ?? 0), 0);
    const servers = [...new Set(configs.flatMap((c) => (Array.isArray(c.servers) ? (c.servers as string[]) : [])))];
    const manifest = {
      ...ref,
      shard: null,
      ...(servers.length ? { servers } : {}),
      merged_from: shardDirs.map((d) => resolve(d)),
      shards_missing: missing,
    };
    writeJsonAtomic(join(out, 'config.json'), { ...manifest, units: planned });
    // The shards' sessions, so the merged efficiency sums what each shard spent asking.
    const sessions = shardDirs.flatMap((d) => readDispatchLog(join(d, 'dispatch.jsonl')));
    writeTextAtomic(join(out, 'dispatch.jsonl'), sessions.map((s) => `${JSON.stringify(s)}\n`).join(''));
    const seed = Number(ref.seed ?? 0) || opts.seed || 0;
    const task = taskFromConfig(ref);
    const results = {
      ...task.aggregate(store.records(), { planned, manifest, seed }),
      efficiency: efficiencyOf(store.records(), sessions),
    };
    writeTaskResults(out, task, results);
    return results;
  } finally {
    await store.close();
  }
}

function readConfig(dir: string): Record<string, unknown> {
  const p = join(dir, 'config.json');
  if (!existsSync(p)) throw new UsageError(`${dir}: not a run directory (no config.json)`);
  return JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
}
