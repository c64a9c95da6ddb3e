/**
 * Renders a small Video-MMMU-shaped dataset into a directory: real H.264 mp4s made by ffmpeg,
 * per-track index files (JSONL, JSON, or parquet as the hub ships it), question-only clips and
 * quiz images. A test helper (and the scripted demo's data), not part of the product.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { locateFfmpeg, runBinary } from '../../src/media/ffmpeg.js';
import { disciplineOf, subjectOfId } from '../../src/tasks/videommmu/subjects.js';
import type { Track } from '../../src/core/types.js';

export interface FixtureRow {
  id: string;
  question: string;
  options: string[];
  answer: string;
  question_type: 'multiple-choice' | 'open';
  /** Adaptation rows: carry a quiz image (PNG bytes in parquet, a relative path in JSON). */
  image?: boolean;
}

export type FixtureRows = Record<Track, FixtureRow[]>;

export const FIXTURE_IDS = [
  'validation_Art_1',
  'dev_Economics_2',
  'test_Physics_3',
  'validation_Clinical_Medicine_4',
  'dev_History_5',
  'test_Computer_Science_6',
];

const OPTS = ['red', 'green', 'blue', 'yellow', 'black'];

/** The default 18 questions: each id in all three tracks; Adaptation mixes MC and open, with quiz images. */
export function defaultRows(ids: readonly string[] = FIXTURE_IDS): FixtureRows {
  const letters = 'ABCDE';
  return {
    Perception: ids.map((id, i) => ({
      id,
      question: `[${id}] Which colour was shown on the title slide?`,
      options: OPTS,
      answer: letters[i % 5] as string,
      question_type: 'multiple-choice',
    })),
    Comprehension: ids.map((id, i) => ({
      id,
      question: `[${id}] Redo the worked example with x = ${i + 2}.`,
      options: ['1', '2', '3', '4'],
      answer: letters[(i + 1) % 4] as string,
      question_type: 'multiple-choice',
    })),
    Adaptation: ids.map((id, i) =>
      i % 3 === 2
        ? {
            id,
            question: `[${id}] <image 1> Apply the rule: what is the result?`,
            options: [],
            answer: i === 2 ? '12.5' : String(6 * (i + 2)),
            question_type: 'open',
            image: true,
          }
        : {
            id,
            question: `[${id}] <image 1> Which law applies?`,
            options: OPTS.slice(0, 4),
            answer: letters[(i + 2) % 4] as string,
            question_type: 'multiple-choice',
            image: true,
          },
    ),
  };
}

export interface FixtureOptions {
  format?: 'jsonl' | 'json' | 'parquet';
  rows?: FixtureRows;
  /** Write question_only/<id>_image.mp4 clips for Adaptation (default true). */
  questionOnly?: boolean;
  /** Seconds of video per lecture (default 2). */
  seconds?: number;
}

export async function makeFixture(root: string, opts: FixtureOptions = {}): Promise<FixtureRows> {
  const rows = opts.rows ?? defaultRows();
  const format = opts.format ?? 'jsonl';
  mkdirSync(root, { recursive: true });
  const assets = join(root, '.assets');
  mkdirSync(assets, { recursive: true });
  const lecture = join(assets, 'lecture.mp4');
  const still = join(assets, 'still.mp4');
  const quiz = join(assets, 'quiz.png');
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=160x120:rate=8`,
    '-t',
    String(opts.seconds ?? 2),
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    lecture,
  ]);
  await ffmpeg(['-f', 'lavfi', '-i', 'color=c=orange:s=96x64', '-frames:v', '1', quiz]);
  await ffmpeg([
    '-loop',
    '1',
    '-i',
    quiz,
    '-t',
    '1',
    '-r',
    '4',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-vf',
    'scale=96:64',
    still,
  ]);

  const ids = new Set(Object.values(rows).flatMap((rs) => rs.map((r) => r.id)));
  for (const id of ids) {
    const subject = subjectOfId(id);
    const discipline = subject ? disciplineOf(subject) : undefined;
    if (!discipline) continue; // deliberately bad ids in a test: no video
    mkdirSync(join(root, discipline), { recursive: true });
    copyFileSync(lecture, join(root, discipline, `${id}.mp4`));
  }
  if (opts.questionOnly ?? true) {
    mkdirSync(join(root, 'question_only'), { recursive: true });
    for (const r of rows.Adaptation) copyFileSync(still, join(root, 'question_only', `${r.id}_image.mp4`));
  }
  mkdirSync(join(root, 'images'), { recursive: true });
  copyFileSync(quiz, join(root, 'images', 'quiz.png'));
  const quizBytes = new Uint8Array(readFileSync(quiz));
  for (const [track, rs] of Object.entries(rows) as [Track, FixtureRow[]][])
    writeIndex(root, track, rs, format, quizBytes);
  return rows;
}

function writeIndex(root: string, track: Track, rs: FixtureRow[], format: string, quiz: Uint8Array): void {
  if (format === 'parquet') {
    mkdirSync(join(root, track), { recursive: true });
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: rs.map((r) => r.id) },
        { name: 'question', data: rs.map((r) => r.question) },
        { name: 'options', data: rs.map((r) => r.options) },
        { name: 'answer', data: rs.map((r) => r.answer) },
        { name: 'question_type', data: rs.map((r) => r.question_type) },
        { name: 'image', data: rs.map((r) => (r.image ? { bytes: quiz, path: 'quiz.png' } : null)) },
      ],
      schema: [
        { name: 'root', num_children: 6 },
        { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'question', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'options', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'answer', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'question_type', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
    });
    writeFileSync(join(root, track, 'test-00000-of-00001.parquet'), new Uint8Array(buf));
    return;
  }
  const json = rs.map(({ image, ...r }) => (image ? { ...r, image: 'images/quiz.png' } : r));
  if (format === 'json') writeFileSync(join(root, `${track}.json`), JSON.stringify(json, null, 1));
  else writeFileSync(join(root, `${track}.jsonl`), json.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

async function ffmpeg(args: string[]): Promise<void> {
  const { ffmpeg: bin } = locateFfmpeg();
  const r = await runBinary(bin, ['-y', '-v', 'error', ...args]);
  if (r.code !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr}`);
}
