import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { DataError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { disciplineOf, subjectOfId } from './subjects.js';
import { TRACKS, type QuizImage, type Track, type VideoMMMUItem } from '../../core/types.js';
import { readJsonlRows, type RawRow } from '../../data/jsonl.js';
import { resolveInside } from '../../data/paths.js';
import { VideoMMMURowSchema, type VideoMMMURow } from './schema.js';

export interface LoadedDataset {
  root: string;
  items: VideoMMMUItem[];
  /** Rows that failed validation: reported and skipped, never fatal. */
  errors: DataError[];
  /** Index files read, with a content hash each (for the run manifest). */
  files: { path: string; sha256: string; rows: number }[];
  /** Tracks with no index file found. */
  missingTracks: Track[];
}

/**
 * Load a Video-MMMU release laid out as lmms-eval expects: one index per track
 * (`<Track>/*.parquet`, `<Track>.jsonl`, `<Track>.json`, or the VideoMMMU repo's
 * `<track>_video.json`), videos at `<Discipline>/<id>.mp4`, question-only clips at
 * `question_only/<id>_image.mp4`.
 */
export async function loadVideoMMMU(
  rootDir: string,
  opts: {
    tracks?: readonly Track[];
    allowOutside?: boolean;
    /** Record an unreadable index file (bad JSON, bad parquet) as an error and go on (`data validate`). */
    keepGoing?: boolean;
  } = {},
): Promise<LoadedDataset> {
  const root = resolve(rootDir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new DataError(root, null, null, 'dataset directory not found');
  const out: LoadedDataset = { root, items: [], errors: [], files: [], missingTracks: [] };
  for (const track of opts.tracks ?? TRACKS) {
    const indexes = findIndexFiles(root, track);
    if (indexes.length === 0) {
      out.missingTracks.push(track);
      continue;
    }
    const seen = new Set<string>();
    for (const file of indexes) {
      const bytes = await readFile(file);
      let rows: RawRow[];
      try {
        rows = await readRows(file, bytes, track, out.errors);
      } catch (e) {
        if (!(opts.keepGoing && e instanceof DataError)) throw e;
        out.errors.push(e);
        out.files.push({ path: relative(root, file), sha256: sha256(bytes), rows: 0 });
        continue;
      }
      out.files.push({ path: relative(root, file), sha256: sha256(bytes), rows: rows.length });
      for (const raw of rows) {
        try {
          const item = toItem(root, track, file, raw, opts.allowOutside ?? false);
          if (seen.has(item.id))
            throw new DataError(file, raw.row, 'id', `duplicate id '${item.id}' in track ${track}`);
          seen.add(item.id);
          out.items.push(item);
        } catch (e) {
          if (e instanceof DataError) out.errors.push(e);
          else throw e;
        }
      }
    }
  }
  out.errors.sort((a, b) => (a.file === b.file ? (a.row ?? -1) - (b.row ?? -1) : a.file < b.file ? -1 : 1));
  return out;
}

export function findIndexFiles(root: string, track: Track): string[] {
  const dir = join(root, track);
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    const parquets = readdirSync(dir)
      .filter((f) => f.endsWith('.parquet'))
      .sort()
      .map((f) => join(dir, f));
    if (parquets.length) return parquets;
  }
  for (const name of [`${track}.jsonl`, `${track}.json`, `${track}.parquet`, `${track.toLowerCase()}_video.json`]) {
    const p = join(root, name);
    if (existsSync(p)) return [p];
  }
  return [];
}

async function readRows(file: string, bytes: Buffer, track: Track, errors: DataError[]): Promise<RawRow[]> {
  if (file.endsWith('.parquet')) {
    try {
      const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      // utf8:false keeps un-annotated BYTE_ARRAY (image bytes) binary; STRING columns still decode.
      const rows = await parquetReadObjects({ file: ab, utf8: false });
      return rows.map((value, i) => ({ row: i, value }));
    } catch (e) {
      throw new DataError(file, null, null, `not a readable parquet file: ${(e as Error).message}`);
    }
  }
  const text = bytes.toString('utf8');
  if (file.endsWith('.jsonl')) return readJsonlRows(file, text, errors);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new DataError(file, null, null, `invalid JSON: ${(e as Error).message}`);
  }
  // The VideoMMMU repo's files are {"<Track>": {"0": row, "1": row, …}}.
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && track in parsed)
    parsed = (parsed as Record<string, unknown>)[track];
  if (Array.isArray(parsed)) return parsed.map((value, i) => ({ row: i, value }));
  if (parsed && typeof parsed === 'object')
    return Object.entries(parsed).map(([k, value], i) => ({ row: Number.isInteger(Number(k)) ? Number(k) : i, value }));
  throw new DataError(file, null, null, 'expected a JSON array of rows or an object keyed by row');
}

function toItem(root: string, track: Track, file: string, raw: RawRow, allowOutside: boolean): VideoMMMUItem {
  const parsed = VideoMMMURowSchema.safeParse(raw.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(file, raw.row, issue?.path.join('.') || null, issue?.message ?? 'invalid row');
  }
  const r = parsed.data;
  const subject = subjectOfId(r.id);
  const discipline = subject ? disciplineOf(subject) : undefined;
  if (!subject || !discipline)
    throw new DataError(
      file,
      raw.row,
      'id',
      `cannot tell the subject of '${r.id}' (expected <split>_<Subject>_<n> with a Video-MMMU subject)`,
    );
  // Perception rows of the VideoMMMU repo JSON carry no question_type: options decide.
  const questionType = r.question_type ?? (r.options.length > 0 ? 'multiple-choice' : 'open');
  checkAnswer(file, raw.row, r, questionType);
  const item: VideoMMMUItem = {
    id: r.id,
    track,
    subject,
    discipline,
    question: r.question,
    options: r.options,
    answer: r.answer,
    questionType,
    videoPath: locateVideo(root, discipline, r.id),
    source: { file, row: raw.row },
  };
  const qo = join(root, 'question_only', `${r.id}_image.mp4`);
  if (existsSync(qo)) item.questionOnlyPath = qo;
  const image = toQuizImage(root, file, raw.row, r.image, allowOutside);
  if (image) item.image = image;
  return item;
}

function checkAnswer(file: string, row: number, r: VideoMMMURow, qt: 'multiple-choice' | 'open'): void {
  if (qt !== 'multiple-choice') return;
  if (r.options.length < 2 || r.options.length > 26)
    throw new DataError(file, row, 'options', `multiple-choice needs 2–26 options, got ${r.options.length}`);
  const letters = new Set(r.options.map((_, i) => String.fromCharCode(65 + i)));
  const golds = Array.isArray(r.answer) ? r.answer : [r.answer];
  const bad = golds.find((g) => !letters.has(g.trim()));
  if (bad !== undefined)
    throw new DataError(
      file,
      row,
      'answer',
      `answer '${bad}' is not one of the option letters A–${String.fromCharCode(64 + r.options.length)}`,
    );
}

function locateVideo(root: string, discipline: string, id: string): string {
  const primary = join(root, discipline, `${id}.mp4`);
  if (existsSync(primary)) return primary;
  for (const alt of [join(root, 'videos', `${id}.mp4`), join(root, `${id}.mp4`)]) if (existsSync(alt)) return alt;
  return primary; // missing: the runner records a per-item 'missing' error naming this path
}

function toQuizImage(
  root: string,
  file: string,
  row: number,
  img: VideoMMMURow['image'],
  allowOutside: boolean,
): QuizImage | undefined {
  if (img === null || img === undefined) return undefined;
  if (typeof img === 'string') {
    const m = /^data:image\/[a-z+.-]+;base64,(.*)$/is.exec(img);
    if (m) return { bytes: new Uint8Array(Buffer.from(m[1] ?? '', 'base64')) };
    return { path: resolveInside(root, img, { file, row, field: 'image' }, allowOutside) };
  }
  if (img.bytes && img.bytes.length > 0) return { bytes: img.bytes };
  if (img.path) return { path: resolveInside(root, img.path, { file, row, field: 'image' }, allowOutside) };
  return undefined;
}
