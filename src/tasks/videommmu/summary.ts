import { existsSync, statSync } from 'node:fs';
import type { LoadedDataset } from './data.js';

export interface DatasetSummary {
  root: string;
  items: number;
  by_track: Record<string, number>;
  by_discipline: Record<string, number>;
  by_question_type: Record<string, number>;
  with_quiz_image: number;
  with_question_only_clip: number;
  missing_videos: string[];
  empty_videos: string[];
  invalid_rows: { file: string; row: number | null; field: string | null; message: string }[];
  missing_tracks: string[];
  files: LoadedDataset['files'];
}

const inc = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

/** What `vreason data validate` prints: counts, and everything that would fail at run time. */
export function summarize(d: LoadedDataset): DatasetSummary {
  const s: DatasetSummary = {
    root: d.root,
    items: d.items.length,
    by_track: {},
    by_discipline: {},
    by_question_type: {},
    with_quiz_image: 0,
    with_question_only_clip: 0,
    missing_videos: [],
    empty_videos: [],
    invalid_rows: d.errors.map((e) => ({ file: e.file, row: e.row, field: e.field, message: e.message })),
    missing_tracks: d.missingTracks,
    files: d.files,
  };
  const checked = new Set<string>();
  for (const it of d.items) {
    inc(s.by_track, it.track);
    inc(s.by_discipline, it.discipline);
    inc(s.by_question_type, it.questionType);
    if (it.image) s.with_quiz_image++;
    if (it.questionOnlyPath) s.with_question_only_clip++;
    if (checked.has(it.videoPath)) continue;
    checked.add(it.videoPath);
    if (!existsSync(it.videoPath)) s.missing_videos.push(it.videoPath);
    else if (statSync(it.videoPath).size === 0) s.empty_videos.push(it.videoPath);
  }
  return s;
}

export function formatSummary(s: DatasetSummary): string {
  const kv = (m: Record<string, number>): string =>
    Object.entries(m)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || '–';
  const lines = [
    `dataset ${s.root}: ${s.items} questions from ${s.files.length} index file(s)`,
    `  tracks:      ${kv(s.by_track)}` +
      `${s.missing_tracks.length ? ` (no index for ${s.missing_tracks.join(', ')})` : ''}`,
    `  disciplines: ${kv(s.by_discipline)}`,
    `  types:       ${kv(s.by_question_type)}`,
    `  quiz images: ${s.with_quiz_image}, question-only clips: ${s.with_question_only_clip}`,
    `  videos:      ${s.missing_videos.length} missing, ${s.empty_videos.length} empty`,
  ];
  for (const v of s.missing_videos.slice(0, 20)) lines.push(`    missing: ${v}`);
  for (const v of s.empty_videos.slice(0, 20)) lines.push(`    empty:   ${v}`);
  lines.push(`  invalid rows: ${s.invalid_rows.length}`);
  for (const e of s.invalid_rows.slice(0, 50)) lines.push(`    ${e.message}`);
  return lines.join('\n');
}
