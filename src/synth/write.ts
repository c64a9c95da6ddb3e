/**
 * `vreason data synth`: plan, render, encode and write both formats.
 *
 *   <out>/videommmu/<split>/            a Video-MMMU root per split (lmms-eval layout)
 *     Perception.jsonl Comprehension.jsonl Adaptation.jsonl
 *     <Discipline>/<id>.mp4  question_only/<id>_image.mp4  images/<id>.png
 *   <out>/videor1/<split>/              a Video-R1 folder per split
 *     eval_synth.json                   every item (lecture, temporal clip, image)
 *     cot_synth.jsonl                   the same records with `process` (kept chains of thought)
 *     media/lectures|clips|images/…
 *   <out>/meta/units.jsonl              the generator's ground truth (rules, queries, scripts)
 *   <out>/card.json  <out>/card.md      the dataset card
 *
 * Encodes run in parallel up to `jobs` ffmpeg processes; rendering happens on the main thread
 * between them (it is cheap next to x264). Everything but the timing is a function of the seed.
 */
import { cpus } from 'node:os';
import { copyFileSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TRACKS } from '../core/types.js';
import { annotate, type Annotation } from './annotator.js';
import { buildCard, renderCardMarkdown, type Card, type CotStats } from './card.js';
import { encodeH264 } from './encoder.js';
import { CHAIN_STREAM, lectureChain } from './lectureChains.js';
import { planDataset, SPLITS, type DatasetPlan, type SynthConfig, type UnitSpec } from './plan.js';
import { encodePng } from './png.js';
import { streamRand } from './random.js';
import { paths, r1Entries, videoMMMURows, videoR1Record, type R1Entry } from './records.js';
import { renderLecture, renderQuestionOnly, renderQuiz, renderUnitClip, renderUnitScene } from './render.js';
import { VIDEOMMMU } from '../tasks/videommmu/task.js';

export interface SynthOptions extends SynthConfig {
  out: string;
  /** Concurrent ffmpeg encodes (default: the number of cores). */
  jobs?: number;
  /** Called after each video unit is written. */
  onProgress?: (done: number, total: number) => void;
}

export interface SynthResult {
  out: string;
  plan: DatasetPlan;
  card: Card;
  seconds: number;
  videos: number;
  /** Frames encoded to H.264 (lectures, question-only clips, temporal clips). */
  frames: number;
  mp4s: number;
  videosPerSecond: number;
  framesPerSecond: number;
}

/** Lines of JSON, one record each: diffable, and byte-identical for the same seed. */
const jsonl = (rows: readonly unknown[]): string =>
  rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
const jsonArray = (rows: readonly unknown[]): string => `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;

function write(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Hard link when possible (same bytes, no extra disk), else copy. */
function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

async function pool<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, lane));
}

interface FrameCounts {
  lecture: number;
  question_only: number;
  clip: number;
}

async function writeUnitMedia(
  u: UnitSpec,
  cfg: SynthConfig,
  mmmu: string,
  r1: string,
  counts: FrameCounts,
): Promise<number> {
  const lecture = join(mmmu, paths.lecture(u));
  mkdirSync(dirname(lecture), { recursive: true });
  // Await first, then add: `x += await …` would read x before the await and lose other lanes' updates.
  const lectureFrames = (await encodeH264(renderLecture(u, cfg), lecture, { fps: cfg.lectureFps })).frames;
  counts.lecture += lectureFrames;
  const qo = join(mmmu, paths.questionOnly(u));
  mkdirSync(dirname(qo), { recursive: true });
  const qoFrames = (await encodeH264(renderQuestionOnly(u, cfg), qo, { fps: cfg.lectureFps })).frames;
  counts.question_only += qoFrames;
  write(join(mmmu, paths.quiz(u)), encodePng(renderQuiz(u, cfg)));
  const clip = join(r1, paths.r1Clip(u));
  mkdirSync(dirname(clip), { recursive: true });
  const clipFrames = (await encodeH264(renderUnitClip(u, cfg), clip, { fps: cfg.clipFps })).frames;
  counts.clip += clipFrames;
  write(join(r1, paths.r1Scene(u)), encodePng(renderUnitScene(u, cfg)));
  linkOrCopy(lecture, join(r1, paths.r1Lecture(u)));
  return 3;
}

/** Chains of thought for a split's Video-R1 entries, seeded per problem so they do not depend on order. */
export function annotateEntries(entries: readonly R1Entry[], seed: number): { entry: R1Entry; ann: Annotation }[] {
  return entries.map((entry) => {
    const { unit, item } = entry;
    const lecture = unit.questions.find((q) => q.problemId === item.problemId);
    return {
      entry,
      ann: lecture ? lectureChain(unit, lecture, seed) : annotate(item, streamRand(seed, CHAIN_STREAM, item.problemId)),
    };
  });
}

export async function writeSynth(opts: SynthOptions): Promise<SynthResult> {
  const t0 = performance.now();
  const cfg: SynthConfig = {
    seed: opts.seed,
    videos: opts.videos,
    ratios: opts.ratios,
    width: opts.width,
    height: opts.height,
    lectureFps: opts.lectureFps,
    clipFps: opts.clipFps,
  };
  const plan = planDataset(cfg);
  const out = resolve(opts.out);
  // Only the folders this command owns are replaced, so a smaller re-run leaves no stale files.
  for (const d of [VIDEOMMMU, 'videor1', 'meta']) rmSync(join(out, d), { recursive: true, force: true });
  const counts: FrameCounts = { lecture: 0, question_only: 0, clip: 0 };
  let mp4s = 0;
  let done = 0;
  await pool(plan.units, opts.jobs ?? cpus().length, async (u) => {
    const n = await writeUnitMedia(u, cfg, join(out, VIDEOMMMU, u.split), join(out, 'videor1', u.split), counts);
    mp4s += n;
    opts.onProgress?.(++done, plan.units.length);
  });

  const cot: CotStats = { total: 0, kept: 0, by_type: {} };
  for (const split of SPLITS) {
    const units = plan.units.filter((u) => u.split === split);
    if (units.length === 0) continue;
    const root = join(out, VIDEOMMMU, split);
    for (const t of TRACKS) write(join(root, `${t}.jsonl`), jsonl(videoMMMURows(units, t)));
    const entries = units.flatMap((u) => r1Entries(u));
    const r1 = join(out, 'videor1', split);
    write(join(r1, 'eval_synth.json'), jsonArray(entries.map((e) => videoR1Record(e))));
    const annotated = annotateEntries(entries, cfg.seed);
    for (const { entry, ann } of annotated) {
      const s = (cot.by_type[entry.item.type] ??= { total: 0, kept: 0 });
      s.total++;
      cot.total++;
      if (ann.kept) {
        s.kept++;
        cot.kept++;
      }
    }
    write(
      join(r1, 'cot_synth.jsonl'),
      jsonl(annotated.filter((a) => a.ann.kept).map(({ entry, ann }) => videoR1Record(entry, ann.process))),
    );
  }
  cot.by_type = Object.fromEntries(Object.entries(cot.by_type).sort(([a], [b]) => (a < b ? -1 : 1)));
  write(join(out, 'meta', 'units.jsonl'), jsonl(plan.units));
  const card = buildCard(
    plan,
    { ...counts, fps: { lecture: cfg.lectureFps, clip: cfg.clipFps }, size: `${cfg.width}×${cfg.height}` },
    cot,
  );
  write(join(out, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);
  write(join(out, 'card.md'), renderCardMarkdown(card));
  const seconds = (performance.now() - t0) / 1000;
  const frames = counts.lecture + counts.question_only + counts.clip;
  return {
    out,
    plan,
    card,
    seconds,
    videos: plan.units.length,
    frames,
    mp4s,
    videosPerSecond: plan.units.length / seconds,
    framesPerSecond: frames / seconds,
  };
}
