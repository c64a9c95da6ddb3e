/**
 * Slide drills: one slide of a freshly planned lecture as an image, its transcript as the target.
 *
 * Why: the reading task (src/train/readingData.ts) has two examples per training lecture, and each
 * rule slide is seen in one or two of the eight sampled frames, so a 480-lecture world shows the
 * encoder a few hundred rule slides. That was enough for one-line rules (`A@B = 5A+9B`, read in
 * 82–89% of the chains) and not for the legend family's four shape = value rows, which no model
 * restated right. The generator renders any number of slides in microseconds, so the encoder can
 * practise reading at the scale it needs. The quiz image, whose numbers change in every lecture, was
 * transcribed right for 38% of the training lectures and 2 of 60 test lectures: remembered, not read.
 *
 * Each drill is the title, the first teaching slide (the rule), the recap or the quiz of a fresh lecture
 * (its own seed), drawn at the data's frame size and decoded through the evaluator's image path;
 * the prompt and the `1: …` target are the reading task's, for one frame.
 */
import { lectureSlides } from '../../synth/render.js';
import { renderSlides } from '../../synth/lecture.js';
import { frameTranscript } from '../../synth/transcript.js';
import { DEFAULT_CONFIG, planDataset, type SynthConfig } from '../../synth/plan.js';
import { encodePng } from '../../synth/png.js';
import { DEFAULT_FRAMES } from '../../eval/config.js';
import { Rng } from '../../nn/random.js';
import { READING_PROMPT, transcriptText, type ReadingFacts } from './reading.js';
import type { ExampleUnit } from '../sftData.js';

/** Offsets the slide world's seed from the SFT seed (away from the other drills' bases). */
export const SLIDE_SEED_BASE = 5_000_003;

/** Which slide a drill shows: the rule and the quiz twice as often as the title or the recap. */
const KINDS = ['rule', 'rule', 'quiz', 'quiz', 'title', 'recap'] as const;

/** `count` slide drills planned from `seed`, rendered at the data's frame size. */
export function slideDrillUnits(
  count: number,
  seed: number,
  size: Pick<SynthConfig, 'width' | 'height' | 'lectureFps' | 'clipFps'> = DEFAULT_CONFIG,
): ExampleUnit[] {
  if (!(Number.isInteger(count) && count > 0))
    throw new RangeError('slide drills must be a positive number of examples');
  const worldSeed = SLIDE_SEED_BASE + seed;
  const plan = planDataset({ ...DEFAULT_CONFIG, ...size, seed: worldSeed, videos: count, ratios: [1, 0, 0] });
  const rng = new Rng(worldSeed);
  return plan.units.map((u, i) => {
    const slides = lectureSlides(u, size);
    const kind = KINDS[rng.int(KINDS.length)]!;
    // Title first, then the family's teaching slides, then the recap and the quiz (src/synth/render.ts).
    const k = { title: 0, rule: 1, recap: slides.length - 2, quiz: slides.length - 1 }[kind];
    const slide = slides[k]!;
    // A settled frame of the slide: the last one, after any animation has finished.
    const [canvas] = renderSlides(
      [{ ...slide, frames: 1, draw: (c) => slide.draw(c, slide.frames - 1, slide.frames) }],
      size.width,
      size.height,
      true,
    );
    const lines = [frameTranscript(canvas!.marks ?? [])];
    const id = `slide-${i}-${u.family}-${u.id}-${kind}`;
    return {
      unit: {
        itemId: id,
        condition: 'reading',
        prompt: READING_PROMPT,
        visual: { kind: 'image', image: { bytes: encodePng(canvas!) } },
        facts: { lines } satisfies ReadingFacts,
        shardKey: id,
      },
      scorer: 'reading',
      group: 'slide',
      answer: transcriptText(lines),
      frameCfg: DEFAULT_FRAMES,
    };
  });
}
