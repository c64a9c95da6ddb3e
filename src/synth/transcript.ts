/**
 * What each lecture frame shows, in words: the text drawn on it (large enough to read once the
 * frame is scaled down for a model) and the objects it names (shapes, colour swatches, arrows), in
 * drawing order. The renderer knows this exactly, so it is free supervision for a model's frame
 * encoder: the "read the slides" SFT task (src/train/readingData.ts) asks for it.
 */
import type { Mark } from './canvas.js';
import type { SynthConfig, UnitSpec } from './plan.js';
import { renderLecture } from './render.js';

/**
 * Text drawn at font scale 1 (the header labels) is ~2.5 pixels a glyph at the embedded model's
 * 64×48 frames, unreadable: leaving it out keeps the task about what can be seen.
 */
export const MIN_READABLE_SCALE = 2;

export function frameTranscript(marks: readonly Mark[]): string {
  return marks
    .filter((m) => m.scale === null || m.scale >= MIN_READABLE_SCALE)
    .map((m) => m.text)
    .join(' ');
}

/** One transcript per lecture frame (the frames `vreason data synth` encodes, in order). */
export function lectureTranscripts(
  unit: UnitSpec,
  size: Pick<SynthConfig, 'width' | 'height' | 'lectureFps' | 'clipFps'>,
): string[] {
  return renderLecture(unit, size, true).map((c) => frameTranscript(c.marks ?? []));
}
