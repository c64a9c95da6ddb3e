/**
 * `vreason tgrpo-data`: a verl or OpenRLHF prompt dataset → the same with a shuffled-frame copy of
 * every video prompt, for T-GRPO on those engines (integrations/verl, integrations/openrlhf).
 *
 * Each video is sampled once (`nframes` frames, evenly spaced, as the evaluator samples) into
 * image files; the ordered row lists them in order, the copy in a seeded random order that is not
 * the identity, so both see exactly the same frames, as Video-R1's shuffled pass does. Both rows
 * are marked `tgrpo_group` (the pair's id) and `shuffled` (verl: in `extra_info`; OpenRLHF: in the
 * label). Rows without a video (images, text) are kept as they are: they get no bonus.
 *
 * Output order: the pairs stay adjacent and start at even positions (single rows are emitted two
 * by two), and the units are in a seeded random order. With the engine's own shuffling off
 * (verl: data.shuffle=False) and an even batch size, a pair never straddles two batches.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../core/errors.js';
import type { FrameConfig } from '../core/types.js';
import { sampleFrames } from '../media/frameSampler.js';
import { Rng } from '../nn/random.js';

export type Engine = 'verl' | 'openrlhf';

export interface TgrpoDataOptions {
  input: string;
  output: string;
  /** Where the sampled frames are written (one folder per pair). */
  framesDir: string;
  engine: Engine;
  /** Frames per video (even, ≥ 2; Video-R1 trains on 16). */
  nframes: number;
  seed: number;
  /** OpenRLHF columns: the video path (in), the frame list (out), the label, the prompt text. */
  videoKey: string;
  imageKey: string;
  labelKey: string;
  inputKey: string;
}

export interface TgrpoDataSummary {
  rows: number;
  pairs: number;
  kept: number;
}

type Row = Record<string, unknown>;

function readRows(text: string, file: string): Row[] {
  const t = text.trim();
  const line = (l: string, i: number): unknown => {
    try {
      return JSON.parse(l) as unknown;
    } catch (e) {
      throw new DataError(file, i + 1, null, `invalid JSON: ${(e as Error).message}`);
    }
  };
  const rows = t.startsWith('[')
    ? (JSON.parse(t) as unknown[])
    : t
        .split('\n')
        .filter((l) => l.trim())
        .map(line);
  rows.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw new DataError(file, i + 1, null, 'expected a JSON object');
    }
  });
  return rows as Row[];
}

/** The row's video path, or null for a row without one. */
function videoOf(row: Row, o: TgrpoDataOptions): string | null {
  let v: unknown;
  if (o.engine === 'verl') {
    const videos = row.videos;
    const first = Array.isArray(videos) ? videos[0] : undefined;
    v = typeof first === 'object' && first !== null ? (first as Row).video : first;
  } else v = row[o.videoKey];
  if (typeof v !== 'string' || v === '') return null;
  return v.startsWith('file://') ? fileURLToPath(v) : v;
}

/** A seeded permutation of 0..n-1 that moves at least one frame (for n ≥ 2). */
export function shuffledOrder(n: number, rng: Rng): number[] {
  for (;;) {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    if (n < 2 || p.some((x, i) => x !== i)) return p;
  }
}

/** The label with the pair's marks, in the form it came in (object, JSON string or MC answer). */
function markLabel(label: unknown, gid: string, shuffled: boolean): unknown {
  const marks = { tgrpo_group: gid, shuffled };
  if (typeof label === 'string' && label.trimStart().startsWith('{'))
    return JSON.stringify({ ...(JSON.parse(label) as Row), ...marks });
  if (typeof label === 'string') return JSON.stringify({ problem_type: 'multiple choice', solution: label, ...marks });
  if (typeof label === 'object' && label !== null) return { ...(label as Row), tgrpo_group: gid, shuffled };
  throw new Error('the label must be a string or an object');
}

function pairRows(row: Row, frames: string[], order: number[], gid: string, o: TgrpoDataOptions): [Row, Row] {
  const make = (list: string[], shuffled: boolean): Row => {
    if (o.engine === 'verl') {
      const extra = typeof row.extra_info === 'object' && row.extra_info !== null ? (row.extra_info as Row) : {};
      return { ...row, videos: [{ video: list }], extra_info: { ...extra, tgrpo_group: gid, shuffled } };
    }
    const out: Row = { ...row, [o.imageKey]: list, [o.labelKey]: markLabel(row[o.labelKey], gid, shuffled) };
    // OpenRLHF's VLM prompts mark images with <image>: a <video> placeholder becomes one per frame.
    const text = row[o.inputKey];
    if (typeof text === 'string') out[o.inputKey] = text.replace('<video>', '<image>'.repeat(list.length));
    return out;
  };
  return [
    make(frames, false),
    make(
      order.map((i) => frames[i]!),
      true,
    ),
  ];
}

export async function tgrpoData(o: TgrpoDataOptions): Promise<TgrpoDataSummary> {
  if (!(o.nframes >= 2 && o.nframes % 2 === 0)) throw new RangeError(`nframes must be even and ≥ 2, got ${o.nframes}`);
  const rows = readRows(await readFile(o.input, 'utf8'), o.input);
  const rng = new Rng(o.seed);
  const cfg: FrameConfig = {
    nframes: o.nframes,
    minFrames: 2,
    maxFrames: 768,
    minPixels: 4 * 28 * 28,
    maxPixels: 256 * 28 * 28,
    totalPixels: 24576 * 28 * 28,
    format: 'jpeg',
    jpegQuality: 2,
  };
  const framesDir = resolve(o.framesDir);
  const units: Row[][] = [];
  let singles: Row[] = [];
  let pairs = 0;
  for (const [i, row] of rows.entries()) {
    const video = videoOf(row, o);
    if (video === null) {
      singles.push(row);
      if (singles.length === 2) units.push(singles), (singles = []);
      continue;
    }
    const path = isAbsolute(video) ? video : resolve(video);
    const gid = `tgrpo-${i}`;
    let sampled;
    try {
      sampled = await sampleFrames(path, cfg);
    } catch (e) {
      throw new DataError(o.input, i + 1, o.engine === 'verl' ? 'videos' : o.videoKey, (e as Error).message);
    }
    const dir = join(framesDir, gid);
    await mkdir(dir, { recursive: true });
    const files = sampled.frames.map((_, k) => join(dir, `frame_${String(k).padStart(3, '0')}.jpg`));
    await Promise.all(sampled.frames.map((f, k) => writeFile(files[k]!, f)));
    units.push(pairRows(row, files, shuffledOrder(files.length, rng), gid, o));
    pairs++;
  }
  if (singles.length) units.push(singles);
  // Seeded unit order; an odd single row (if any) goes last so it cannot shift a pair.
  const last = units.length && units.at(-1)!.length === 1 ? units.pop()! : null;
  const order = shuffledOrder(units.length, rng);
  const out = [...order.map((k) => units[k]!), ...(last ? [last] : [])].flat();
  await writeFile(o.output, out.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { rows: out.length, pairs, kept: rows.length - pairs };
}
