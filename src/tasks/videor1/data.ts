import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DataError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { normalizeProblemType, type ProblemType } from '../../rewards/index.js';
import { readJsonlRows, type RawRow } from '../../data/jsonl.js';
import { resolveInside } from '../../data/paths.js';

/** A Video-R1 record (Video-R1-260k, COT-165k and the eval JSONs share this shape). */
export interface VideoR1Item {
  id: string;
  problem: string;
  dataType: 'image' | 'video';
  problemType: ProblemType;
  options: string[];
  /** `<answer>…</answer>` */
  solution: string;
  /** Absolute path of the image or video. */
  path: string;
  dataSource: string | null;
  /** COT-165k: the `<think>` chain of thought. */
  process: string | null;
  source: { file: string; row: number };
}

const RecordSchema = z.looseObject({
  problem_id: z.union([z.number(), z.string()], { error: 'expected a number or string id' }),
  problem: z.string({ error: 'expected the problem text' }),
  data_type: z.enum(['image', 'video'], { error: "expected 'image' or 'video'" }),
  problem_type: z.string({ error: 'expected a problem type' }),
  options: z.array(z.string(), { error: 'expected a list of option strings' }).nullish(),
  solution: z.string({ error: 'expected the solution, e.g. <answer>B</answer>' }),
  path: z.string({ error: 'expected the media path' }),
  data_source: z.string().nullish(),
  process: z.string().nullish(),
});

export interface LoadedVideoR1 {
  file: string;
  root: string;
  items: VideoR1Item[];
  errors: DataError[];
  sha256: string;
}

/**
 * Load Video-R1 records from a JSON array, a `{"results": [...]}` eval output, or JSONL. Media
 * paths are relative to the file's folder (the reference's `./Benchmark/clip.mp4`) and may not
 * leave it unless `allowOutside` is set.
 */
export async function loadVideoR1(
  file: string,
  opts: { root?: string; allowOutside?: boolean } = {},
): Promise<LoadedVideoR1> {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new DataError(abs, null, null, 'file not found');
  const root = resolve(opts.root ?? dirname(abs));
  const bytes = await readFile(abs);
  const out: LoadedVideoR1 = { file: abs, root, items: [], errors: [], sha256: sha256(bytes) };
  const seen = new Set<string>();
  for (const raw of readRecords(abs, bytes.toString('utf8'), out.errors)) {
    try {
      const item = toItem(abs, root, raw.row, raw.value, opts.allowOutside ?? false);
      if (seen.has(item.id)) throw new DataError(abs, raw.row, 'problem_id', `duplicate problem_id ${item.id}`);
      seen.add(item.id);
      out.items.push(item);
    } catch (e) {
      if (e instanceof DataError) out.errors.push(e);
      else throw e;
    }
  }
  out.errors.sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
  return out;
}

function readRecords(file: string, text: string, errors: DataError[]): RawRow[] {
  if (file.endsWith('.jsonl')) return readJsonlRows(file, text, errors);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DataError(file, null, null, `invalid JSON: ${(e as Error).message}`);
  }
  if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as { results?: unknown }).results))
    v = (v as { results: unknown[] }).results;
  if (!Array.isArray(v))
    throw new DataError(file, null, null, 'expected a JSON array of records (or {"results": [...]})');
  return v.map((value, row) => ({ row, value }));
}

function toItem(file: string, root: string, row: number, value: unknown, allowOutside: boolean): VideoR1Item {
  const parsed = RecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(file, row, issue?.path.join('.') || null, issue?.message ?? 'invalid record');
  }
  const r = parsed.data;
  const problemType = normalizeProblemType(r.problem_type);
  if (!problemType)
    throw new DataError(
      file,
      row,
      'problem_type',
      `unknown problem type '${r.problem_type}' (multiple choice, numerical, OCR, free-form, regression)`,
    );
  const options = r.options ?? [];
  if (problemType === 'multiple choice' && options.length < 2)
    throw new DataError(file, row, 'options', 'multiple choice needs at least 2 options');
  if (!/<answer>[\s\S]*?<\/answer>/.test(r.solution))
    throw new DataError(file, row, 'solution', 'expected <answer>…</answer>');
  return {
    id: String(r.problem_id),
    problem: r.problem,
    dataType: r.data_type,
    problemType,
    options,
    solution: r.solution,
    path: mediaPath(file, root, row, r.path, allowOutside),
    dataSource: r.data_source ?? null,
    process: r.process ?? null,
    source: { file, row },
  };
}

function mediaPath(file: string, root: string, row: number, p: string, allowOutside: boolean): string {
  return resolveInside(root, p, { file, row, field: 'path' }, allowOutside);
}
