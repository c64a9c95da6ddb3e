import type { Command } from 'commander';
import { DataError, errorMessage } from '../core/errors.js';
import { checkAllMedia, refText, type MediaCheck, type MediaProblem } from '../media/check.js';
import { formatSummary, summarize } from '../tasks/videommmu/summary.js';
import { loadVideoMMMU } from '../tasks/videommmu/data.js';
import { DEFAULT_FRAMES } from '../tasks/videommmu/task.js';
import { loadVideoR1 } from '../tasks/videor1/data.js';
import { formatVideoR1Summary, summarizeVideoR1, videoR1Files } from '../tasks/videor1/summary.js';
import { VIDEO_R1_FRAMES } from '../tasks/videor1/task.js';
import { registerSynth } from './synth.js';

interface ValidateOptions {
  json?: boolean;
  decode?: boolean;
  concurrency?: string;
}

export function registerData(program: Command): void {
  const data = program.command('data').description('Inspect, check and generate datasets.');
  registerSynth(data);
  data
    .command('validate <path>')
    .description(
      'Validate a dataset: a Video-MMMU root (every row against the schema, every video decoded; counts per ' +
        'track/discipline/type) or Video-R1 records (a .json/.jsonl file, or a folder of eval_*.json). Exits 1 with ' +
        'a one-line summary when anything is wrong.',
    )
    .option('--json', 'print the summary as JSON')
    .option('--no-decode', 'only check that media files exist (skip decoding the sampled frames)')
    .option('--concurrency <n>', 'videos decoded at once (default: CPU count)')
    .action(async (path: string, o: ValidateOptions) => {
      const r = videoR1Files(path).length ? await validateVideoR1(path, o) : await validateVideoMMMU(path, o);
      const lines = r.problems.map(
        (p) => `  ${p.kind} ${p.path}: ${p.code}: ${p.message}${p.refs.length ? ` (${refText(p.refs)})` : ''}`,
      );
      if (o.json)
        process.stdout.write(`${JSON.stringify({ summary: r.json, unreadable_media: r.problems }, null, 2)}\n`);
      else
        process.stdout.write(
          `${r.text}\n` +
            (r.problems.length ? `unreadable media: ${r.problems.length}\n${lines.slice(0, 50).join('\n')}\n` : ''),
        );
      const bad = r.bad + r.problems.length;
      process.stderr.write(
        bad > 0
          ? `validate: ${bad} problem(s) in ${path}: ` +
              `${[...r.counts, r.problems.length ? `${r.problems.length} unreadable media file(s)` : '']
                .filter(Boolean)
                .join(', ')}\n`
          : `validate: OK: ${r.items} item(s), ${r.checked} media file(s) ` +
              `${o.decode === false ? 'present' : 'decoded'}\n`,
      );
      if (bad > 0) process.exitCode = 1;
    });
}

interface Validation {
  text: string;
  json: unknown;
  /** Problems other than unreadable media (invalid rows, unreadable files, missing media, nothing found). */
  bad: number;
  counts: string[];
  problems: MediaProblem[];
  items: number;
  checked: number;
}

const plural = (n: number, what: string): string => (n ? `${n} ${what}` : '');

async function decode(checks: MediaCheck[], o: ValidateOptions, frames: typeof DEFAULT_FRAMES) {
  if (o.decode === false || checks.length === 0) return [];
  const tty = process.stderr.isTTY;
  let last = 0;
  return checkAllMedia(
    checks,
    { video: frames },
    {
      concurrency: o.concurrency ? Math.max(1, Number(o.concurrency) || 1) : undefined,
      onDone: (done, total) => {
        const now = Date.now();
        if (done !== total && now - last < (tty ? 200 : 5000)) return;
        last = now;
        const line = `decoding media ${done}/${total}`;
        process.stderr.write(tty ? `\r\x1b[K${line}${done === total ? '\n' : ''}` : `${line}\n`);
      },
    },
  );
}

async function validateVideoR1(path: string, o: ValidateOptions): Promise<Validation> {
  const texts: string[] = [];
  const sums: unknown[] = [];
  const checks: MediaCheck[] = [];
  let items = 0;
  const counts = { rows: 0, missing: 0, files: 0, empty: 0 };
  for (const file of videoR1Files(path)) {
    try {
      const s = await summarizeVideoR1(file);
      texts.push(formatVideoR1Summary(s));
      sums.push(s);
      items += s.items;
      counts.rows += s.invalid_rows.length;
      counts.missing += s.missing_media.length;
      if (s.items === 0) counts.empty++;
      const missing = new Set(s.missing_media);
      for (const it of (await loadVideoR1(file)).items)
        if (!missing.has(it.path))
          checks.push({ path: it.path, kind: it.dataType, refs: [{ file, row: it.source.row, field: 'path' }] });
    } catch (e) {
      // A file that does not parse: say so and go on with the others.
      counts.files++;
      const message = e instanceof DataError ? e.message : `${file}: ${errorMessage(e)}`;
      texts.push(`${file}: unreadable\n    ${message}`);
      sums.push({ file, error: message });
    }
  }
  const bad = counts.rows + counts.missing + counts.files + counts.empty;
  const problems = await decode(checks, o, VIDEO_R1_FRAMES);
  return {
    text: texts.join('\n'),
    json: sums,
    bad,
    counts: [
      plural(counts.files, 'unreadable record file(s)'),
      plural(counts.rows, 'invalid row(s)'),
      plural(counts.missing, 'missing media file(s)'),
      plural(counts.empty, 'file(s) with no valid record'),
    ],
    problems,
    items,
    checked: new Set(checks.map((c) => c.path)).size,
  };
}

async function validateVideoMMMU(path: string, o: ValidateOptions): Promise<Validation> {
  const d = await loadVideoMMMU(path, { keepGoing: true });
  const s = summarize(d);
  const missing = new Set([...s.missing_videos, ...s.empty_videos]);
  const checks: MediaCheck[] = [];
  for (const it of d.items) {
    const ref = { file: it.source.file, row: it.source.row, field: 'id' };
    if (!missing.has(it.videoPath)) checks.push({ path: it.videoPath, kind: 'video', refs: [ref] });
    if (it.questionOnlyPath) checks.push({ path: it.questionOnlyPath, kind: 'video', refs: [ref] });
    if (it.image?.path) checks.push({ path: it.image.path, kind: 'image', refs: [{ ...ref, field: 'image' }] });
  }
  const problems = await decode(checks, o, DEFAULT_FRAMES);
  const nothing = s.items === 0;
  let text = formatSummary(s);
  if (nothing)
    text +=
      `\n  nothing to validate: no valid question found (looked for <Track>/*.parquet, <Track>.jsonl|json or ` +
      `<track>_video.json under ${s.root} for ${['Perception', 'Comprehension', 'Adaptation'].join(', ')})`;
  return {
    text,
    json: s,
    bad: s.invalid_rows.length + s.missing_videos.length + s.empty_videos.length + (nothing ? 1 : 0),
    counts: [
      plural(s.invalid_rows.length, 'invalid row(s) or unreadable index file(s)'),
      plural(s.missing_videos.length, 'missing video(s)'),
      plural(s.empty_videos.length, 'empty video(s)'),
      nothing ? 'no valid question' : '',
    ],
    problems,
    items: s.items,
    checked: new Set(checks.map((c) => c.path)).size,
  };
}
