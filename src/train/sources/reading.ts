/**
 * The "read the slides" SFT task: the lecture's sampled frames in, a transcript of each frame out
 * (`1: 1 SIG = 6 LA` …), taken from the renderer (src/synth/transcript.ts).
 *
 * Why: in the reasoning data a rule's secret (a rate, a legend value) is one or two answer tokens
 * among a hundred of template, and the answer prior lowers the loss without looking at the frames,
 * so a small model learns to ignore them. A transcript makes nearly every target token depend on
 * the pixels: dense supervision for the frame encoder, as OCR-style pre-training gives real VLMs.
 *
 * The frames are sampled exactly as the evaluator samples the lecture (Video-MMMU's 8 frames and
 * the Video-R1 suite's 2 fps) and reduced to what the model takes (`pickFrames`), so line k of the
 * target describes the k-th frame the model sees. Needs the generator's `meta/units.jsonl` and
 * `card.json`, which `vreason data synth` writes.
 */
import { join } from 'node:path';
import type { FrameConfig } from '../../core/types.js';
import { DEFAULT_FRAMES, resolveFrames, VIDEO_R1_FRAMES } from '../../eval/config.js';
import { frameIndices, smartNFrames } from '../../media/smartResize.js';
import { pickFrames, VIDEOMMMU_FRAMES } from '../../clients/frames.js';
import { readGeneratorMeta } from '../../synth/meta.js';
import { paths } from '../../synth/records.js';
import { lectureTranscripts } from '../../synth/transcript.js';
import type { ExampleUnit } from '../exampleUnit.js';
import { VIDEOMMMU } from '../../tasks/videommmu/task.js';

export const READING_PROMPT =
  'Read the slides. For each frame, in order, write the text and the objects it shows, one line per frame.';

/** The samplings the evaluator uses on lectures: one reading example per lecture for each. */
const SAMPLINGS: readonly { name: string; cfg: FrameConfig }[] = [
  { name: VIDEOMMMU, cfg: resolveFrames(DEFAULT_FRAMES, { nframes: VIDEOMMMU_FRAMES }) },
  { name: 'videor1', cfg: VIDEO_R1_FRAMES },
];

export interface ReadingFacts {
  /** The expected transcript, one entry per frame the model sees. */
  lines: string[];
}

/** Lecture frame numbers the model sees under `cfg` (the sampler's picks, then the model's `maxFrames`). */
export function seenFrames(total: number, fps: number, cfg: FrameConfig, maxFrames: number): number[] {
  const sampled = frameIndices(total, smartNFrames(cfg, total, fps));
  return pickFrames(sampled.length, maxFrames).map((i) => sampled[i]!);
}

export const transcriptText = (lines: readonly string[]): string =>
  lines.map((l, k) => `${k + 1}: ${l || '(blank)'}`).join('\n');

/** Reading examples of a split's lectures: one per lecture and evaluator sampling. */
export function readingUnits(root: string, split: string, maxFrames: number): ExampleUnit[] {
  const { config, units } = readGeneratorMeta(root, 'the reading task');
  const out: ExampleUnit[] = [];
  for (const u of units.filter((x) => x.split === split)) {
    const transcripts = lectureTranscripts(u, config);
    const path = join(root, VIDEOMMMU, split, paths.lecture(u));
    for (const s of SAMPLINGS) {
      const lines = seenFrames(transcripts.length, config.lectureFps, s.cfg, maxFrames).map((f) => transcripts[f]!);
      const itemId = `${u.id}#read-${s.name}`;
      out.push({
        unit: {
          itemId,
          condition: 'reading',
          prompt: READING_PROMPT,
          visual: { kind: 'video', path },
          facts: { lines } satisfies ReadingFacts,
          shardKey: itemId,
        },
        scorer: 'reading',
        group: 'reading',
        answer: transcriptText(lines),
        frameCfg: s.cfg,
      });
    }
  }
  return out;
}

/** Share of frames whose line is exactly right (0–1). */
export function scoreReading(facts: Record<string, unknown>, text: string): number {
  const want = (facts as unknown as ReadingFacts).lines;
  if (!want.length) return 0;
  const got = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+):\s?(.*)$/.exec(line);
    if (m) got.set(Number(m[1]), m[2]!.trim());
  }
  return want.filter((l, k) => got.get(k + 1) === (l || '(blank)')).length / want.length;
}
