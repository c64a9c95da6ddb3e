import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadVideoR1, type LoadedVideoR1 } from './data.js';

export interface VideoR1Summary {
  file: string;
  items: number;
  by_problem_type: Record<string, number>;
  by_data_type: Record<string, number>;
  missing_media: string[];
  invalid_rows: { row: number | null; field: string | null; message: string }[];
}

/** The Video-R1 record files at a path: the file itself, or every eval_*.json(l) in a folder. */
export function videoR1Files(path: string): string[] {
  const p = resolve(path);
  if (/\.jsonl?$/.test(p)) return [p];
  if (!existsSync(p) || !statSync(p).isDirectory()) return [];
  return readdirSync(p)
    .filter((f) => /^eval_.+\.jsonl?$/.test(f))
    .sort()
    .map((f) => join(p, f));
}

export async function summarizeVideoR1(file: string): Promise<VideoR1Summary> {
  const d: LoadedVideoR1 = await loadVideoR1(file);
  const count = (k: (i: LoadedVideoR1['items'][number]) => string): Record<string, number> =>
    d.items.reduce<Record<string, number>>((m, i) => ({ ...m, [k(i)]: (m[k(i)] ?? 0) + 1 }), {});
  return {
    file: d.file,
    items: d.items.length,
    by_problem_type: count((i) => i.problemType),
    by_data_type: count((i) => i.dataType),
    missing_media: [...new Set(d.items.map((i) => i.path))].filter((p) => !existsSync(p)),
    invalid_rows: d.errors.map((e) => ({ row: e.row, field: e.field, message: e.message })),
  };
}

export function formatVideoR1Summary(s: VideoR1Summary): string {
  const kv = (m: Record<string, number>): string =>
    Object.entries(m)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || '–';
  const lines = [
    `${s.file}: ${s.items} records`,
    `  problem types: ${kv(s.by_problem_type)}`,
    `  data types:    ${kv(s.by_data_type)}`,
    `  media:         ${s.missing_media.length} missing`,
  ];
  for (const m of s.missing_media.slice(0, 20)) lines.push(`    missing: ${m}`);
  lines.push(`  invalid rows:  ${s.invalid_rows.length}`);
  for (const e of s.invalid_rows.slice(0, 50)) lines.push(`    ${e.message}`);
  return lines.join('\n');
}
